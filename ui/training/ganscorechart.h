#pragma once

#include "common/qcustomplotinclude.h"

namespace latentlab {

// The discriminator's mean verdicts per epoch on a 0..1 axis: D(x) on real images
// and D(G(z)) on generated ones, with a dashed line at 0.5 where a perfectly
// fooled discriminator would sit.
class GanScoreChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit GanScoreChart(QWidget* parent = nullptr);

  void clearData();
  void addEpoch(int epoch, double realScore, double fakeScore);

  int pointCount() const { return mReal->dataCount(); }
  const QCPGraph* realScores() const { return mReal; }
  const QCPGraph* fakeScores() const { return mFake; }
  const QCPItemStraightLine* referenceLine() const { return mReference; }

private:
  void rescale();

  QCPGraph* mReal = nullptr;
  QCPGraph* mFake = nullptr;
  QCPItemStraightLine* mReference = nullptr;
};

}  // namespace latentlab
