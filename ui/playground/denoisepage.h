#pragma once

#include "corrupt/corruption.h"
#include "evaluate/snapshotevaluation.h"
#include "session/session.h"

#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QTableWidget;

namespace latentlab {

class AsyncJob;
class ImageTile;

// Denoising (A3): pick a corruption and its strength; test samples as rows of
// noisy | denoised | clean with per-image MSE, PSNR, SNR and SSIM; and the
// averages over the whole test split, computed off the GUI thread.
class DenoisePage : public QWidget {
  Q_OBJECT
public:
  explicit DenoisePage(Session* session, QWidget* parent = nullptr);

  enum NoiseType { Gaussian, SaltPepper, Occlusion, GaussianOcclusion };
  void setNoise(NoiseType type, double sigma, double probability, int box);
  // The corruption the controls describe, e.g. "gaussian:0.3+occlude:8".
  Corruption corruption() const;
  // Rebuilds the sample grid (done on every change of the controls or the session).
  void refreshSamples();
  // Starts the test-split evaluation; false (with the reason shown) when it cannot.
  bool evaluateTestSplit();

  int sampleRows() const { return int(mRowTiles.size()); }
  // The caption under the noisy (column 0) or denoised (column 1) image of a row.
  QString caption(int row, int column) const;
  ImageTile* tile(int row, int column) const { return mRowTiles[std::size_t(row)][std::size_t(column)]; }
  const std::optional<SnapshotEvaluation>& evaluation() const { return mEvaluation; }
  QTableWidget* averagesTable() const { return mAverages; }
  QPushButton* evaluateButton() const { return mEvaluate; }
  AsyncJob* task() const { return mTask; }
  QString statusText() const;

private:
  QWidget* buildControls();
  void refreshControls();
  void showEvaluation();

  Session* mSession;
  QComboBox* mType = nullptr;
  QSlider* mSigma = nullptr;
  QSlider* mProbability = nullptr;
  QSlider* mBox = nullptr;
  QLabel* mSigmaLabel = nullptr;
  QLabel* mProbabilityLabel = nullptr;
  QLabel* mBoxLabel = nullptr;
  QLabel* mCorruptionLabel = nullptr;
  QLabel* mStatus = nullptr;
  QGridLayout* mGrid = nullptr;
  std::vector<std::vector<ImageTile*>> mRowTiles;
  std::size_t mSampleOffset = 0;
  QPushButton* mEvaluate = nullptr;
  QLabel* mEvaluationStatus = nullptr;
  QTableWidget* mAverages = nullptr;
  AsyncJob* mTask = nullptr;
  std::optional<SnapshotEvaluation> mEvaluation;
  int mEvaluationEpoch = 0;
};

}  // namespace latentlab
