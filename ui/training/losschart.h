#pragma once

#include "training/epochchart.h"

namespace latentlab {

// An autoencoder's loss: per batch (light) with a smoothed line, and per-epoch train and
// validation loss as markers. Hovering a point reads out its value.
class LossChart : public EpochChart {
  Q_OBJECT
public:
  explicit LossChart(QWidget* parent = nullptr);

  void clearData();
  void addBatch(double epochPosition, double loss);
  void addEpoch(int epoch, double trainLoss, double validationLoss);
  void rescaleToData() override;

  int batchPointCount() const { return mBatch.raw->dataCount(); }
  int epochPointCount() const;
  // The read-out shown for the data point nearest to a pixel position (empty if none).
  QString readoutAt(const QPointF& pixel) const;

private:
  void rebuildSmoothed() override;
  void onMouseMove(QMouseEvent* event);

  SmoothedLine mBatch;
  QCPGraph* mTrain = nullptr;
  QCPGraph* mValidation = nullptr;
  QCPItemTracer* mTracer = nullptr;
  QCPItemText* mReadout = nullptr;
};

}  // namespace latentlab
