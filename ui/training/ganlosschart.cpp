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
}  // namespace

GanLossChart::GanLossChart(QWidget* parent) : EpochChart(parent) {
  setMinimumHeight(130);  // the tab shares a laptop screen with four GAN plots
  setToolTip(
      tr("Generator loss (BCE of D(G(z)) against \"real\") and discriminator loss (BCE on real and fake "
         "images) per batch, with their epoch means as markers. Neither falls steadily in a healthy GAN: the "
         "two networks compete."));
  mGenerator.raw = addGraph();
  mGenerator.raw->setName(tr("generator (batch)"));
  mGenerator.raw->setPen(QPen(faint(kGenerator), 1));
  mDiscriminator.raw = addGraph();
  mDiscriminator.raw->setName(tr("discriminator (batch)"));
  mDiscriminator.raw->setPen(QPen(faint(kDiscriminator), 1));
  mGenerator.smoothed = addGraph();
  mGenerator.smoothed->setName(tr("generator (smoothed)"));
  mGenerator.smoothed->setPen(QPen(kGenerator, 2));
  mDiscriminator.smoothed = addGraph();
  mDiscriminator.smoothed->setName(tr("discriminator (smoothed)"));
  mDiscriminator.smoothed->setPen(QPen(kDiscriminator, 2));
  mGeneratorEpoch = addGraph();
  mGeneratorEpoch->setName(tr("generator (epoch)"));
  mGeneratorEpoch->setLineStyle(QCPGraph::lsNone);
  mGeneratorEpoch->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kGenerator.darker(150), kGenerator, 7));
  mDiscriminatorEpoch = addGraph();
  mDiscriminatorEpoch->setName(tr("discriminator (epoch)"));
  mDiscriminatorEpoch->setLineStyle(QCPGraph::lsNone);
  mDiscriminatorEpoch->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDiamond, kDiscriminator.darker(150), kDiscriminator, 7));

  rescaleToData();
}

void GanLossChart::clearData() {
  for (int i = 0; i < graphCount(); ++i) graph(i)->data()->clear();
  resetZoom();
  requestReplot();
}

void GanLossChart::addBatch(double epochPosition, double generatorLoss, double discriminatorLoss) {
  if (std::isfinite(generatorLoss)) mGenerator.add(epochPosition, generatorLoss, smoothing());
  if (std::isfinite(discriminatorLoss)) mDiscriminator.add(epochPosition, discriminatorLoss, smoothing());
  requestReplot();
}

void GanLossChart::addEpoch(int epoch, double generatorLoss, double discriminatorLoss) {
  if (std::isfinite(generatorLoss)) mGeneratorEpoch->addData(epoch, generatorLoss);
  if (std::isfinite(discriminatorLoss)) mDiscriminatorEpoch->addData(epoch, discriminatorLoss);
  requestReplot();
}

void GanLossChart::rebuildSmoothed() {
  mGenerator.rebuild(smoothing());
  mDiscriminator.rebuild(smoothing());
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
                    {mGenerator.raw, mDiscriminator.raw, mGenerator.smoothed, mDiscriminator.smoothed, mGeneratorEpoch,
                     mDiscriminatorEpoch},
                    logScale()))
    yAxis->setRange(logScale() ? 1e-2 : 0, logScale() ? 10 : 2);
}

}  // namespace latentlab
