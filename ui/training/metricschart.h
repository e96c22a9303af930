#pragma once

#include "common/qcustomplotinclude.h"

namespace latentlab {

// Validation reconstruction quality per epoch: PSNR (dB, left axis) and SSIM (right axis).
class MetricsChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit MetricsChart(QWidget* parent = nullptr);

  void clearData();
  void addEpoch(int epoch, double psnr, double ssim);
  int pointCount() const;

private:
  void rescale();

  QCPGraph* mPsnr = nullptr;
  QCPGraph* mSsim = nullptr;
};

}  // namespace latentlab
