#pragma once

#include "train/trainingevents.h"

#include <QStringList>
#include <QWidget>

namespace latentlab {

class ClassHistogram;
class FidChart;
class GanLossChart;
class GanScoreChart;

// The Training tab's plots for a GAN, in place of the autoencoder's loss and
// quality plots: both losses, the discriminator's scores, the domain FID and the
// class histogram of the generated samples. It only draws what it is given.
class GanChartsView : public QWidget {
  Q_OBJECT
public:
  explicit GanChartsView(QWidget* parent = nullptr);

  void clearData();
  void setClassNames(const QStringList& names);
  void addBatch(double epochPosition, const GanFigures& figures);
  void addEpoch(const EpochStats& stats);
  void rescaleToData();

  GanLossChart* lossChart() const { return mLoss; }
  GanScoreChart* scoreChart() const { return mScores; }
  FidChart* fidChart() const { return mFid; }
  ClassHistogram* classHistogram() const { return mClasses; }

private:
  GanLossChart* mLoss = nullptr;
  GanScoreChart* mScores = nullptr;
  FidChart* mFid = nullptr;
  ClassHistogram* mClasses = nullptr;
};

}  // namespace latentlab
