#include "probe/probecurves.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
const QColor kTrainColor(31, 119, 180);
const QColor kValidationColor(255, 127, 14);

void wholeEpochs(QCPAxis* axis) {
  auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  ticker->setTickCount(4);  // the plots are narrow: 10, 20, 30 rather than 5, 10, … 30
  axis->setTicker(ticker);
}

QCPItemStraightLine* divider(QCustomPlot* plot, QCPAxisRect* rect) {
  auto* line = new QCPItemStraightLine(plot);
  line->setClipAxisRect(rect);
  for (QCPItemPosition* position : {line->point1, line->point2})
    position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashDotLine));
  line->setVisible(false);
  return line;
}
}  // namespace

ProbeCurves::ProbeCurves(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(150);
  // Two plots side by side above one legend.
  mLossRect = axisRect();
  plotLayout()->take(mLossRect);
  plotLayout()->simplify();
  mAccuracyRect = new QCPAxisRect(this);
  auto* rects = new QCPLayoutGrid;
  plotLayout()->addElement(0, 0, rects);
  rects->addElement(0, 0, mLossRect);
  rects->addElement(0, 1, mAccuracyRect);
  mLossRect->insetLayout()->take(legend);
  auto* legendRow = new QCPLayoutGrid;
  plotLayout()->addElement(1, 0, legendRow);
  legendRow->addElement(0, 0, legend);
  legendRow->setMargins(QMargins(0, 0, 0, 2));
  plotLayout()->setRowStretchFactor(1, 0.001);
  legend->setVisible(true);
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  legend->setWrap(3);  // fine-tuning's entries go on a second row: the legend never widens the plot
  legend->setFont(QFont(font().family(), 8));
  legend->setBorderPen(Qt::NoPen);

  for (QCPAxisRect* rect : {mLossRect, mAccuracyRect}) {
    rect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
    wholeEpochs(rect->axis(QCPAxis::atBottom));
  }
  mLossRect->axis(QCPAxis::atLeft)->setLabel(tr("cross-entropy loss"));
  mAccuracyRect->axis(QCPAxis::atLeft)->setLabel(tr("accuracy (%)"));

  mProbe = makePhase(false);
  mFineTune = makePhase(true);
  mTestAccuracy = addGraph(mAccuracyRect->axis(QCPAxis::atBottom), mAccuracyRect->axis(QCPAxis::atLeft));
  mTestAccuracy->setPen(QPen(QColor(60, 60, 60), 1.5, Qt::DashLine));
  mTestAccuracy->setName(tr("test (final)"));
  mLossDivider = divider(this, mLossRect);
  mAccuracyDivider = divider(this, mAccuracyRect);
  // One legend entry per series: the loss curves share the accuracy curves' colours.
  refreshLegend();
  setToolTip(
      tr("The probe's loss and accuracy per epoch on the labelled training codes and the validation codes "
         "(fine-tuning's epochs follow with squares); the dashed line is the final test accuracy"));
  rescale();
}

ProbeCurves::Phase ProbeCurves::makePhase(bool fineTune) {
  Phase phase;
  const auto curve = [&](QCPAxisRect* rect, const QColor& color, const QString& name) {
    QCPGraph* graph = addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    graph->setPen(QPen(color, 2, fineTune ? Qt::DashLine : Qt::SolidLine));
    graph->setScatterStyle(
        QCPScatterStyle(fineTune ? QCPScatterStyle::ssSquare : QCPScatterStyle::ssCircle, color, color, 4));
    graph->setName(name);
    return graph;
  };
  phase.trainLoss = curve(mLossRect, kTrainColor, fineTune ? tr("fine-tune train") : tr("train"));
  phase.validationLoss = curve(mLossRect, kValidationColor, fineTune ? tr("fine-tune validation") : tr("validation"));
  phase.trainAccuracy = curve(mAccuracyRect, kTrainColor, fineTune ? tr("fine-tune train") : tr("train"));
  phase.validationAccuracy =
      curve(mAccuracyRect, kValidationColor, fineTune ? tr("fine-tune validation") : tr("validation"));
  return phase;
}

void ProbeCurves::clearCurves() {
  for (const Phase& phase : {mProbe, mFineTune})
    for (QCPGraph* graph : {phase.trainLoss, phase.validationLoss, phase.trainAccuracy, phase.validationAccuracy})
      graph->data()->clear();
  mTestAccuracy->data()->clear();
  mProbeEpochs = 0;
  refreshLegend();
  placeDivider();
  rescale();
  replot(rpQueuedReplot);
}

void ProbeCurves::add(const ProbeEpoch& epoch) {
  const Phase& phase = epoch.fineTune ? mFineTune : mProbe;
  if (!epoch.fineTune) mProbeEpochs = std::max(mProbeEpochs, epoch.epoch);
  const double x = epoch.fineTune ? mProbeEpochs + epoch.epoch : epoch.epoch;
  if (std::isfinite(epoch.trainLoss)) phase.trainLoss->addData(x, epoch.trainLoss);
  if (std::isfinite(epoch.validationLoss)) phase.validationLoss->addData(x, epoch.validationLoss);
  if (std::isfinite(epoch.trainAccuracy)) phase.trainAccuracy->addData(x, epoch.trainAccuracy * 100.0);
  if (std::isfinite(epoch.validationAccuracy)) phase.validationAccuracy->addData(x, epoch.validationAccuracy * 100.0);
  if (epoch.fineTune && !legend->hasItemWithPlottable(mFineTune.trainAccuracy)) {
    refreshLegend();
    placeDivider();
  }
}

void ProbeCurves::refreshLegend() {
  // train, validation, test | fine-tune train, fine-tune validation: three to a row.
  legend->clearItems();
  mProbe.trainAccuracy->addToLegend();
  mProbe.validationAccuracy->addToLegend();
  if (mTestAccuracy->dataCount() > 0) mTestAccuracy->addToLegend();
  if (mFineTune.trainAccuracy->dataCount() + mFineTune.trainLoss->dataCount() > 0) {
    mFineTune.trainAccuracy->addToLegend();
    mFineTune.validationAccuracy->addToLegend();
  }
}

void ProbeCurves::placeDivider() {
  const bool shown = mFineTune.trainLoss->dataCount() > 0;
  const double x = mProbeEpochs + 0.5;
  for (QCPItemStraightLine* line : {mLossDivider, mAccuracyDivider}) {
    line->point1->setCoords(x, 0.0);
    line->point2->setCoords(x, 1.0);
    line->setVisible(shown);
  }
}

void ProbeCurves::addEpoch(const ProbeEpoch& epoch) {
  add(epoch);
  rescale();
  replot(rpQueuedReplot);
}

void ProbeCurves::setHistory(const std::vector<ProbeEpoch>& history, double testAccuracy) {
  clearCurves();
  for (const ProbeEpoch& epoch : history)
    if (!epoch.fineTune) add(epoch);
  for (const ProbeEpoch& epoch : history)
    if (epoch.fineTune) add(epoch);
  if (std::isfinite(testAccuracy)) {
    const double last = std::max(1.0, double(pointCount()));
    mTestAccuracy->setData(QVector<double>{pointCount() > 0 ? 1.0 : 0.5, last},
                           QVector<double>{testAccuracy * 100.0, testAccuracy * 100.0});
  }
  refreshLegend();
  rescale();
  replot(rpQueuedReplot);
}

int ProbeCurves::pointCount() const {
  return mProbe.trainLoss->dataCount() + mFineTune.trainLoss->dataCount();
}

void ProbeCurves::rescale() {
  const double upper = std::max(double(pointCount()) + 0.5, 2.0);
  for (QCPAxisRect* rect : {mLossRect, mAccuracyRect}) rect->axis(QCPAxis::atBottom)->setRange(0.5, upper);
  double low = 0.0, high = 0.0;
  bool any = false;
  double lowest = 100.0;
  for (const Phase& phase : {mProbe, mFineTune}) {
    for (QCPGraph* graph : {phase.trainLoss, phase.validationLoss}) {
      bool has = false;
      const QCPRange values = graph->getValueRange(has);
      if (!has) continue;
      low = any ? std::min(low, values.lower) : values.lower;
      high = any ? std::max(high, values.upper) : values.upper;
      any = true;
    }
    for (QCPGraph* graph : {phase.trainAccuracy, phase.validationAccuracy}) {
      bool has = false;
      const QCPRange values = graph->getValueRange(has);
      if (has) lowest = std::min(lowest, values.lower);
    }
  }
  if (any)
    mLossRect->axis(QCPAxis::atLeft)
        ->setRange(std::max(0.0, low - 0.06 * (high - low) - 1e-6), high + 0.06 * (high - low) + 1e-6);
  else
    mLossRect->axis(QCPAxis::atLeft)->setRange(0.0, 2.5);
  bool hasTest = false;
  const QCPRange test = mTestAccuracy->getValueRange(hasTest);
  if (hasTest) lowest = std::min(lowest, test.lower);
  // Accuracy: from a round floor below the lowest point up to 100 %.
  mAccuracyRect->axis(QCPAxis::atLeft)->setRange(std::max(0.0, std::floor((lowest - 5.0) / 10.0) * 10.0), 101.0);
}

}  // namespace latentlab
