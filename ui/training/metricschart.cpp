#include "training/metricschart.h"

#include <cmath>

namespace latentlab {

MetricsChart::MetricsChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(180);
  xAxis->setLabel(tr("epoch"));
  yAxis->setLabel(tr("PSNR (dB)"));
  yAxis2->setVisible(true);
  yAxis2->setLabel(tr("SSIM"));
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 8));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  mPsnr = addGraph(xAxis, yAxis);
  mPsnr->setName(tr("validation PSNR"));
  mPsnr->setPen(QPen(QColor(44, 160, 44), 2));
  mPsnr->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
  mSsim = addGraph(xAxis, yAxis2);
  mSsim->setName(tr("validation SSIM"));
  mSsim->setPen(QPen(QColor(148, 103, 189), 2));
  mSsim->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));
  rescale();
}

void MetricsChart::clearData() {
  mPsnr->data()->clear();
  mSsim->data()->clear();
  rescale();
  replot(rpQueuedReplot);
}

void MetricsChart::addEpoch(int epoch, double psnr, double ssim) {
  if (std::isfinite(psnr)) mPsnr->addData(epoch, psnr);
  if (std::isfinite(ssim)) mSsim->addData(epoch, ssim);
  rescale();
  replot(rpQueuedReplot);
}

int MetricsChart::pointCount() const {
  return mPsnr->dataCount();
}

void MetricsChart::rescale() {
  bool found = false;
  const QCPRange keys = mPsnr->getKeyRange(found);
  xAxis->setRange(0.5, found ? std::max(keys.upper + 0.5, 2.0) : 2.0);
  const QCPRange psnr = mPsnr->getValueRange(found);
  if (found)
    yAxis->setRange(std::floor(psnr.lower - 1.0), std::ceil(psnr.upper + 1.0));
  else
    yAxis->setRange(0, 30);
  yAxis2->setRange(0, 1);
}

}  // namespace latentlab
