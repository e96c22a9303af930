#include "training/ganlosschart.h"

#include "training/chartaxes.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {
const QColor kGenerator(31, 119, 180);
const QColor kDiscriminator(214, 39, 40);

QColor faint(QColor color) {
  color.setAlpha(60);
  return color;
}

// The smoothed line of `raw` with factor `smoothing`, as LossChart draws it.
void smoothInto(const QCPGraph* raw, QCPGraph* smoothed, double smoothing, double& last) {
  QVector<double> keys, values;
  for (auto it = raw->data()->constBegin(); it != raw->data()->constEnd(); ++it) {
    last = keys.isEmpty() ? it->value : smoothing * last + (1.0 - smoothing) * it->value;
    keys.push_back(it->key);
    values.push_back(last);
  }
  smoothed->setData(keys, values, true);
}
}  // namespace

GanLossChart::GanLossChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(130);  // the tab shares a laptop screen with four GAN plots
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  setToolTip(
      tr("Generator loss (BCE of D(G(z)) against \"real\") and discriminator loss (BCE on real and fake "
         "images) per batch, with their epoch means as markers. Neither falls steadily in a healthy GAN: the "
         "two networks compete."));
  xAxis->setLabel(tr("epoch"));
  yAxis->setLabel(tr("loss"));
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 8));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  mGeneratorBatch = addGraph();
  mGeneratorBatch->setName(tr("generator (batch)"));
  mGeneratorBatch->setPen(QPen(faint(kGenerator), 1));
  mDiscriminatorBatch = addGraph();
  mDiscriminatorBatch->setName(tr("discriminator (batch)"));
  mDiscriminatorBatch->setPen(QPen(faint(kDiscriminator), 1));
  mGeneratorSmoothed = addGraph();
  mGeneratorSmoothed->setName(tr("generator (smoothed)"));
  mGeneratorSmoothed->setPen(QPen(kGenerator, 2));
  mDiscriminatorSmoothed = addGraph();
  mDiscriminatorSmoothed->setName(tr("discriminator (smoothed)"));
  mDiscriminatorSmoothed->setPen(QPen(kDiscriminator, 2));
  mGeneratorEpoch = addGraph();
  mGeneratorEpoch->setName(tr("generator (epoch)"));
  mGeneratorEpoch->setLineStyle(QCPGraph::lsNone);
  mGeneratorEpoch->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kGenerator.darker(150), kGenerator, 7));
  mDiscriminatorEpoch = addGraph();
  mDiscriminatorEpoch->setName(tr("discriminator (epoch)"));
  mDiscriminatorEpoch->setLineStyle(QCPGraph::lsNone);
  mDiscriminatorEpoch->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDiamond, kDiscriminator.darker(150), kDiscriminator, 7));

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
  rescaleToData();
}

void GanLossChart::clearData() {
  for (int i = 0; i < graphCount(); ++i) graph(i)->data()->clear();
  mUserZoomed = false;
  mDirty = true;
}

void GanLossChart::addBatch(double epochPosition, double generatorLoss, double discriminatorLoss) {
  if (std::isfinite(generatorLoss)) {
    mGeneratorSmoothedValue = mGeneratorBatch->dataCount() == 0
                                  ? generatorLoss
                                  : mSmoothing * mGeneratorSmoothedValue + (1.0 - mSmoothing) * generatorLoss;
    mGeneratorBatch->addData(epochPosition, generatorLoss);
    mGeneratorSmoothed->addData(epochPosition, mGeneratorSmoothedValue);
  }
  if (std::isfinite(discriminatorLoss)) {
    mDiscriminatorSmoothedValue = mDiscriminatorBatch->dataCount() == 0 ? discriminatorLoss
                                                                        : mSmoothing * mDiscriminatorSmoothedValue +
                                                                              (1.0 - mSmoothing) * discriminatorLoss;
    mDiscriminatorBatch->addData(epochPosition, discriminatorLoss);
    mDiscriminatorSmoothed->addData(epochPosition, mDiscriminatorSmoothedValue);
  }
  mDirty = true;
}

void GanLossChart::addEpoch(int epoch, double generatorLoss, double discriminatorLoss) {
  if (std::isfinite(generatorLoss)) mGeneratorEpoch->addData(epoch, generatorLoss);
  if (std::isfinite(discriminatorLoss)) mDiscriminatorEpoch->addData(epoch, discriminatorLoss);
  mDirty = true;
}

void GanLossChart::setLogScale(bool on) {
  mLogScale = on;
  setLogScaleAxis(yAxis, on);
  rescaleToData();
  replot();
}

void GanLossChart::setSmoothing(double factor) {
  mSmoothing = std::clamp(factor, 0.0, 0.99);
  rebuildSmoothed();
  mDirty = true;
}

void GanLossChart::rebuildSmoothed() {
  smoothInto(mGeneratorBatch, mGeneratorSmoothed, mSmoothing, mGeneratorSmoothedValue);
  smoothInto(mDiscriminatorBatch, mDiscriminatorSmoothed, mSmoothing, mDiscriminatorSmoothedValue);
}

void GanLossChart::rescaleToData() {
  double right = 1.0;
  for (int i = 0; i < graphCount(); ++i) {
    bool found = false;
    const QCPRange keys = graph(i)->getKeyRange(found);
    if (found) right = std::max(right, keys.upper);
  }
  xAxis->setRange(0, right);
  if (!fitValueAxis(yAxis,
                    {mGeneratorBatch, mDiscriminatorBatch, mGeneratorSmoothed, mDiscriminatorSmoothed, mGeneratorEpoch,
                     mDiscriminatorEpoch},
                    mLogScale))
    yAxis->setRange(mLogScale ? 1e-2 : 0, mLogScale ? 10 : 2);
}

}  // namespace latentlab
