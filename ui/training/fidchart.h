#pragma once

#include "common/qcustomplotinclude.h"

namespace latentlab {

// The domain FID of each epoch's samples (lower is better). It is computed on the
// features of LatentLab's own classifier for the dataset, not Inception's, so it
// compares runs on one dataset but not with published FIDs.
class FidChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit FidChart(QWidget* parent = nullptr);

  void clearData();
  void addEpoch(int epoch, double fid);

  int pointCount() const { return mFid->dataCount(); }
  const QCPGraph* fid() const { return mFid; }

private:
  void rescale();

  QCPGraph* mFid = nullptr;
};

}  // namespace latentlab
