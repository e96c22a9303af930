#pragma once

#include "anomaly/anomalyscores.h"
#include "session/session.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace latentlab {

class AsyncJob;
class ErrorHistogram;
class ImageTile;
class RocPlot;

// Anomaly detection (A5): reconstruction errors of the session's test split
// (inliers) against another dataset (outliers, converted to the model's input
// shape), as histograms, a ROC curve with its AUC, a threshold with its rates,
// and the most anomalous inputs of both sets.
class AnomalyPage : public QWidget {
  Q_OBJECT
public:
  AnomalyPage(Session* session, QWidget* parent = nullptr);

  // Scores the set named in the combo (a catalog name or a path) off the GUI
  // thread; false (with the reason shown) when it cannot start.
  bool score();
  void setThreshold(double error);

  bool hasScores() const { return !mInlierErrors.empty() && !mOutlierErrors.empty(); }
  double auc() const { return mRoc.auc; }
  double threshold() const;
  ThresholdRates rates() const { return mRates; }
  const std::vector<float>& inlierErrors() const { return mInlierErrors; }
  const std::vector<float>& outlierErrors() const { return mOutlierErrors; }
  QComboBox* datasetCombo() const { return mOther; }
  QSpinBox* limitSpin() const { return mLimit; }
  QPushButton* scoreButton() const { return mScore; }
  QSlider* thresholdSlider() const { return mThreshold; }
  ErrorHistogram* histogram() const { return mHistogram; }
  RocPlot* rocPlot() const { return mRocPlot; }
  AsyncJob* task() const { return mTask; }
  int galleryCount() const;
  QString galleryCaption(int i) const;
  QString statusText() const;
  QString ratesText() const;

private:
  QWidget* buildControls();
  void showScores();
  void refreshRates();
  void refreshGallery();
  void clearScores();

  Session* mSession;
  QComboBox* mOther = nullptr;
  QSpinBox* mLimit = nullptr;
  QPushButton* mScore = nullptr;
  QLabel* mStatus = nullptr;
  ErrorHistogram* mHistogram = nullptr;
  RocPlot* mRocPlot = nullptr;
  QSlider* mThreshold = nullptr;
  QLabel* mRatesLabel = nullptr;
  QGridLayout* mGallery = nullptr;
  std::vector<ImageTile*> mGalleryTiles;
  AsyncJob* mTask = nullptr;

  DatasetPtr mInlierSet;  // the session's dataset when it was scored
  DatasetPtr mOutlierSet;
  QString mInlierName, mOutlierName;
  QString mLoadWarnings;  // skipped unreadable images of the other set, shown with the scores
  std::vector<std::size_t> mInlierIndices, mOutlierIndices;
  std::vector<float> mInlierErrors, mOutlierErrors;
  RocCurve mRoc;
  ThresholdRates mRates;
};

}  // namespace latentlab
