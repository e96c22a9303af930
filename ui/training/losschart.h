#pragma once

#include <QTimer>
#include "common/qcustomplotinclude.h"

#include <vector>

namespace latentlab {

// Batch loss (light) with a smoothed line, and per-epoch train and validation
// loss as markers. X is in epochs (epoch 1 spans 0..1). Appends are cheap: the
// plot is redrawn by a ~30 Hz timer, never once per batch.
class LossChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit LossChart(QWidget* parent = nullptr);

  void clearData();
  void addBatch(double epochPosition, double loss);
  void addEpoch(int epoch, double trainLoss, double validationLoss);

  void setLogScale(bool on);
  bool logScale() const { return mLogScale; }
  // Exponential smoothing factor of the smoothed line, 0 (none) to 0.99.
  void setSmoothing(double factor);
  double smoothing() const { return mSmoothing; }
  void rescaleToData();

  int batchPointCount() const { return int(mBatchX.size()); }
  int epochPointCount() const;
  // The read-out shown for the data point nearest to a pixel position (empty if none).
  QString readoutAt(const QPointF& pixel) const;

private:
  void requestReplot();
  void rebuildSmoothed();
  void onMouseMove(QMouseEvent* event);

  QCPGraph* mBatch = nullptr;
  QCPGraph* mSmoothed = nullptr;
  QCPGraph* mTrain = nullptr;
  QCPGraph* mValidation = nullptr;
  QCPItemTracer* mTracer = nullptr;
  QCPItemText* mReadout = nullptr;
  QTimer mReplotTimer;
  bool mDirty = false;
  bool mLogScale = false;
  bool mUserZoomed = false;
  double mSmoothing = 0.9;
  std::vector<double> mBatchX, mBatchY;
  double mSmoothedValue = 0.0;
};

}  // namespace latentlab
