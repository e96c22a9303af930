#pragma once

#include "inpaint/inpainting.h"
#include "session/session.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QToolButton;

namespace latentlab {

class AsyncJob;
class ErrorReporter;
class ImageTile;
class MaskCanvas;

// Inpainting (A2): paint holes on a sample or an opened photo and watch the
// model fill them, live. The strip shows masked input | model output |
// composite (known pixels kept) | original.
class InpaintPage : public QWidget {
  Q_OBJECT
public:
  InpaintPage(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);

  // Shows dataset item `index` (its mask stays when the size is the same).
  void showSample(std::size_t index);
  // Loads a photo of any size, converted to the model's input shape; false (with a message) when unreadable.
  bool openImage(const QString& path);
  // A size x size hole at a seeded random place, as one undoable step.
  void applyRandomBox(int size);
  // Runs the model on the current image and mask (normally after each change, batched per event
  // loop pass). Plain passes take milliseconds and run here; with latent optimisation steps the
  // work moves to a worker thread, the newest mask winning (isBusy() until it is shown).
  void updateResult();
  bool isBusy() const;

  MaskCanvas* canvas() const { return mCanvas; }
  QSpinBox* sampleSpin() const { return mSample; }
  QSpinBox* refinementsSpin() const { return mRefinements; }
  QSpinBox* latentStepsSpin() const { return mLatentSteps; }
  QSlider* brushSlider() const { return mBrush; }
  QToolButton* eraseButton() const { return mErase; }
  ImageTile* tile(int column) const {
    return mTiles[std::size_t(column)];
  }  // 0 masked, 1 output, 2 composite, 3 original
  const InpaintResult& result() const { return mResult; }
  bool hasResult() const { return !mResult.composite.empty(); }
  const std::vector<float>& original() const { return mOriginal; }
  ImageShape shape() const { return mShape; }
  QString statusText() const;
  QString resultText() const;

private:
  QWidget* buildTools();
  QWidget* buildSide();
  void reloadSource();
  void onSessionChanged();
  void scheduleUpdate() { mUpdateTimer.start(); }
  ImageShape targetShape() const;
  void startOptimisation(ModelSnapshotPtr snapshot, const InpaintOptions& options);
  void showResult(const InpaintMask& mask, int epoch);

  Session* mSession;
  ErrorReporter* mErrors;
  MaskCanvas* mCanvas = nullptr;
  QLabel* mStatus = nullptr;
  QLabel* mResultText = nullptr;
  QLabel* mBrushLabel = nullptr;
  QSpinBox* mSample = nullptr;
  QSpinBox* mRefinements = nullptr;
  QSpinBox* mLatentSteps = nullptr;
  QSlider* mBrush = nullptr;
  QToolButton* mErase = nullptr;
  QPushButton* mUndo = nullptr;
  std::vector<ImageTile*> mTiles;
  QTimer mUpdateTimer;

  QString mPhotoPath;  // empty: the dataset item of mSample
  std::vector<float> mOriginal;
  ImageShape mShape;
  InpaintResult mResult;
  AsyncJob* mOptimisation = nullptr;  // the newest mask replaces the one being optimised
  std::uint64_t mBoxCount = 0;
};

}  // namespace latentlab
