#pragma once

#include "training/epochchart.h"

namespace latentlab {

// A GAN's two losses: generator and discriminator per batch (faint, with a smoothed line
// each) and their epoch means as markers.
class GanLossChart : public EpochChart {
  Q_OBJECT
public:
  explicit GanLossChart(QWidget* parent = nullptr);

  void clearData();
  void addBatch(double epochPosition, double generatorLoss, double discriminatorLoss);
  void addEpoch(int epoch, double generatorLoss, double discriminatorLoss);
  void rescaleToData() override;

  int batchPointCount() const { return mGenerator.raw->dataCount(); }
  int epochPointCount() const { return mGeneratorEpoch->dataCount(); }
  const QCPGraph* generatorBatch() const { return mGenerator.raw; }
  const QCPGraph* discriminatorBatch() const { return mDiscriminator.raw; }
  const QCPGraph* generatorEpoch() const { return mGeneratorEpoch; }
  const QCPGraph* discriminatorEpoch() const { return mDiscriminatorEpoch; }

private:
  void rebuildSmoothed() override;

  SmoothedLine mGenerator, mDiscriminator;
  QCPGraph* mGeneratorEpoch = nullptr;
  QCPGraph* mDiscriminatorEpoch = nullptr;
};

}  // namespace latentlab
