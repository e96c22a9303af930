#include "training/epochchart.h"

#include "training/chartaxes.h"

#include <algorithm>

namespace latentlab {

EpochChart::EpochChart(QWidget* parent) : QCustomPlot(parent) {
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  xAxis->setLabel(tr("epoch"));
  yAxis->setLabel(tr("loss"));
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 8));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  // Replot at most ~30 times a second, and only when something changed.
  mReplotTimer.setInterval(33);
  connect(&mReplotTimer, &QTimer::timeout, this, [this] {
    if (!mDirty) return;
    mDirty = false;
    if (!mUserZoomed) rescaleToData();
    replot(QCustomPlot::rpQueuedReplot);
  });
  mReplotTimer.start();
  connect(this, &QCustomPlot::mouseWheel, this, [this] { mUserZoomed = true; });
  connect(this, &QCustomPlot::mousePress, this, [this] { mUserZoomed = true; });
  connect(this, &QCustomPlot::mouseDoubleClick, this, [this] {
    mUserZoomed = false;
    rescaleToData();
    replot();
  });
}

void EpochChart::setLogScale(bool on) {
  mLogScale = on;
  setLogScaleAxis(yAxis, on);
  rescaleToData();
  replot();
}

void EpochChart::setSmoothing(double factor) {
  mSmoothing = std::clamp(factor, 0.0, 0.99);
  rebuildSmoothed();
  requestReplot();
}

void EpochChart::SmoothedLine::add(double key, double value, double smoothing) {
  last = raw->dataCount() == 0 ? value : smoothing * last + (1.0 - smoothing) * value;
  raw->addData(key, value);
  smoothed->addData(key, last);
}

void EpochChart::SmoothedLine::rebuild(double smoothing) {
  QVector<double> keys, values;
  keys.reserve(raw->dataCount());
  values.reserve(raw->dataCount());
  for (auto it = raw->data()->constBegin(); it != raw->data()->constEnd(); ++it) {
    last = keys.isEmpty() ? it->value : smoothing * last + (1.0 - smoothing) * it->value;
    keys.push_back(it->key);
    values.push_back(last);
  }
  smoothed->setData(keys, values, true);
}

}  // namespace latentlab
