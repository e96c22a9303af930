#pragma once

#include "common/qcustomplotinclude.h"

#include <QTimer>

#include <vector>

namespace latentlab {

// A GAN's two losses: generator and discriminator per batch (faint, with a smoothed
// line each) and their epoch means as markers. X is in epochs (epoch 1 spans 0..1).
// Like LossChart, appends only mark the plot dirty; a ~30 Hz timer replots.
class GanLossChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit GanLossChart(QWidget* parent = nullptr);

  void clearData();
  void addBatch(double epochPosition, double generatorLoss, double discriminatorLoss);
  void addEpoch(int epoch, double generatorLoss, double discriminatorLoss);

  void setLogScale(bool on);
  // Exponential smoothing factor of the smoothed lines, 0 (none) to 0.99.
  void setSmoothing(double factor);
  void rescaleToData();

  int batchPointCount() const { return mGeneratorBatch->dataCount(); }
  int epochPointCount() const { return mGeneratorEpoch->dataCount(); }
  const QCPGraph* generatorBatch() const { return mGeneratorBatch; }
  const QCPGraph* discriminatorBatch() const { return mDiscriminatorBatch; }
  const QCPGraph* generatorEpoch() const { return mGeneratorEpoch; }
  const QCPGraph* discriminatorEpoch() const { return mDiscriminatorEpoch; }

private:
  void rebuildSmoothed();

  QCPGraph* mGeneratorBatch = nullptr;
  QCPGraph* mDiscriminatorBatch = nullptr;
  QCPGraph* mGeneratorSmoothed = nullptr;
  QCPGraph* mDiscriminatorSmoothed = nullptr;
  QCPGraph* mGeneratorEpoch = nullptr;
  QCPGraph* mDiscriminatorEpoch = nullptr;
  QTimer mReplotTimer;
  bool mDirty = false;
  bool mLogScale = false;
  bool mUserZoomed = false;
  double mSmoothing = 0.9;
  double mGeneratorSmoothedValue = 0.0;
  double mDiscriminatorSmoothedValue = 0.0;
};

}  // namespace latentlab
