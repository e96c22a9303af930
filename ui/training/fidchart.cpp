#include "training/fidchart.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

FidChart::FidChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(100);
  setToolTip(
      tr("Domain FID (LatentLab's classifier features, not Inception) of each epoch's generated samples "
         "against the real images: lower is better. Comparable between runs on the same dataset only."));
  xAxis->setLabel(tr("epoch"));
  yAxis->setLabel(tr("domain FID"));  // short: the tooltip says what it is and that lower is better
  mFid = addGraph();
  mFid->setName(tr("domain FID (LatentLab's classifier features, not Inception)"));
  mFid->setPen(QPen(QColor(148, 103, 189), 2));
  mFid->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
  rescale();
}

void FidChart::clearData() {
  mFid->data()->clear();
  rescale();
  replot(rpQueuedReplot);
}

void FidChart::addEpoch(int epoch, double fid) {
  if (std::isfinite(fid)) mFid->addData(epoch, fid);
  rescale();
  replot(rpQueuedReplot);
}

void FidChart::rescale() {
  bool found = false;
  const QCPRange keys = mFid->getKeyRange(found);
  xAxis->setRange(0.5, found ? std::max(keys.upper + 0.5, 2.0) : 2.0);
  const QCPRange values = mFid->getValueRange(found);
  if (found)
    yAxis->setRange(0, values.upper * 1.1 + 1e-9);  // from 0: the distance to a perfect FID stays visible
  else
    yAxis->setRange(0, 1);
}

}  // namespace latentlab
