#pragma once

#include "session/session.h"

#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QSlider;

namespace latentlab {

class AsyncJob;
class DrawPad;
class ImageTile;
struct EncodedSet;

// Draw your own input (A6): every stroke is encoded and reconstructed live,
// scored against the test split's reconstruction errors, matched with the
// nearest test items in latent space, and handed to the Session as the probe
// the latent map marks.
class DrawPage : public QWidget {
  Q_OBJECT
public:
  explicit DrawPage(Session* session, QWidget* parent = nullptr);
  ~DrawPage() override;

  // Encodes the drawing now (normally after each stroke change, batched per event loop pass).
  void updateFromPad();
  // Starts encoding the test split (codes and errors) for the score and the neighbours, unless current.
  void ensureReference();
  bool referenceReady() const;

  DrawPad* pad() const { return mPad; }
  ImageTile* reconstructionTile() const { return mReconstruction; }
  AsyncJob* task() const { return mTask; }
  double drawingError() const { return mError; }
  double errorPercentile() const { return mPercentile; }  // share of test items with a lower error; -1 unknown
  int nearestCount() const;
  QString nearestCaption(int i) const;
  QString scoreText() const;
  QString statusText() const;

protected:
  void showEvent(QShowEvent* event) override;

private:
  void onSnapshotChanged();
  void clearOutputs();

  Session* mSession;
  DrawPad* mPad = nullptr;
  QSlider* mBrush = nullptr;
  QCheckBox* mCentre = nullptr;
  QLabel* mStatus = nullptr;
  QLabel* mScore = nullptr;
  ImageTile* mInput = nullptr;
  ImageTile* mReconstruction = nullptr;
  std::vector<ImageTile*> mNearest;
  AsyncJob* mTask = nullptr;
  QTimer mUpdateTimer;

  std::shared_ptr<const EncodedSet> mReference;
  std::vector<float> mSortedErrors;
  ModelSnapshotPtr mReferenceSnapshot;
  DatasetPtr mReferenceDataset;
  double mError = -1;
  double mPercentile = -1;
};

}  // namespace latentlab
