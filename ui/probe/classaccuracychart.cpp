#include "probe/classaccuracychart.h"

#include "probe/probetext.h"

#include <QToolTip>

#include <cmath>

namespace latentlab {

ClassAccuracyChart::ClassAccuracyChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(120);
  mBars = new QCPBars(xAxis, yAxis);
  mBars->setWidth(0.7);
  mBars->setPen(QPen(QColor(31, 119, 180).darker(130)));
  mBars->setBrush(QColor(31, 119, 180, 200));
  xAxis->setLabel(tr("true class"));
  yAxis->setLabel(tr("accuracy (%)"));
  yAxis->setRange(0, 100);
  xAxis->grid()->setVisible(false);
  connect(this, &QCustomPlot::mouseMove, this, &ClassAccuracyChart::onMouseMove);
  setToolTip(tr("The share of each class's test items the probe classified correctly"));
  clearBars();
}

void ClassAccuracyChart::clearBars() {
  setAccuracies({}, {}, {});
}

void ClassAccuracyChart::setAccuracies(const std::vector<double>& accuracy, const std::vector<long long>& testItems,
                                       const QStringList& classNames) {
  mAccuracy = accuracy;
  mTestItems = testItems;
  mNames = classNames;
  QVector<double> keys, values;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  double lowest = 100.0;
  for (std::size_t k = 0; k < accuracy.size(); ++k) {
    ticker->addTick(double(k), classNames.value(int(k), QString::number(k)));
    if (!std::isfinite(accuracy[k])) continue;
    keys << double(k);
    values << accuracy[k] * 100.0;
    lowest = std::min(lowest, accuracy[k] * 100.0);
  }
  xAxis->setTicker(ticker);
  xAxis->setTickLabelRotation(accuracy.size() > 10 || classNames.join("").size() > 40 ? 45 : 0);
  mBars->setData(keys, values, true);
  xAxis->setRange(-0.6, std::max(1.0, double(accuracy.size()) - 0.4));
  // From a round floor under the worst class, so small differences between good classes show.
  yAxis->setRange(std::max(0.0, std::floor((lowest - 5.0) / 10.0) * 10.0), 101.0);
  replot(rpQueuedReplot);
}

int ClassAccuracyChart::barCount() const {
  return mBars->dataCount();
}

void ClassAccuracyChart::onMouseMove(QMouseEvent* event) {
  const double key = xAxis->pixelToCoord(event->position().x());
  const long k = std::lround(key);
  if (k < 0 || std::size_t(k) >= mAccuracy.size() || std::abs(key - double(k)) > 0.4) {
    QToolTip::hideText();
    return;
  }
  const double accuracy = mAccuracy[std::size_t(k)];
  const long long items = std::size_t(k) < mTestItems.size() ? mTestItems[std::size_t(k)] : 0;
  const QString name = mNames.value(int(k), QString::number(k));
  const QString text = std::isfinite(accuracy) ? tr("class %1: %2 of its %3 test items right (%4)")
                                                     .arg(name)
                                                     .arg(std::llround(accuracy * double(items)))
                                                     .arg(items)
                                                     .arg(probePercent(accuracy, 1))
                                               : tr("class %1: no test item").arg(name);
  QToolTip::showText(mapToGlobal(event->position().toPoint()), text, this);
}

}  // namespace latentlab
