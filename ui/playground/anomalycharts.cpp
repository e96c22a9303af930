#include "playground/anomalycharts.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr int kBins = 50;
const QColor kInlierColor(31, 119, 180);
const QColor kOutlierColor(214, 39, 40);

QVector<double> binShares(const std::vector<float>& values, double upper) {
  QVector<double> shares(kBins, 0.0);
  if (values.empty()) return shares;
  for (float value : values) {
    const int bin = std::clamp(int(value / upper * kBins), 0, kBins - 1);
    shares[bin] += 1.0;
  }
  for (double& share : shares) share /= double(values.size());
  return shares;
}

double percentile(std::vector<float> values, double q) {
  if (values.empty()) return 0.0;
  const std::size_t k = std::min(values.size() - 1, std::size_t(q * double(values.size() - 1)));
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
  return values[k];
}
}  // namespace

ErrorHistogram::ErrorHistogram(QWidget* parent) : QCustomPlot(parent) {
  setMinimumSize(360, 240);
  xAxis->setLabel(tr("reconstruction error (MSE per pixel)"));
  yAxis->setLabel(tr("share of the set"));
  legend->setVisible(false);  // shown with the bars it names
  legend->setFont(QFont(font().family(), 8));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  mLine = new QCPItemStraightLine(this);
  mLine->setPen(QPen(QColor(40, 40, 40), 1.5, Qt::DashLine));
  mLine->setVisible(false);
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  axisRect()->setRangeDrag(Qt::Horizontal);
  axisRect()->setRangeZoom(Qt::Horizontal);
}

void ErrorHistogram::clearErrors() {
  clearPlottables();
  legend->setVisible(false);
  mLine->setVisible(false);
  replot(QCustomPlot::rpQueuedReplot);
}

void ErrorHistogram::setErrors(const std::vector<float>& inliers, const std::vector<float>& outliers,
                               const QString& inlierName, const QString& outlierName) {
  clearPlottables();
  std::vector<float> all = inliers;
  all.insert(all.end(), outliers.begin(), outliers.end());
  mUpper = std::max(1e-6, percentile(all, 0.99) * 1.05);
  const double width = mUpper / kBins;
  QVector<double> centres(kBins);
  for (int b = 0; b < kBins; ++b) centres[b] = (b + 0.5) * width;
  double top = 0;
  for (const auto& [values, name, color] :
       {std::tuple(&inliers, inlierName, kInlierColor), std::tuple(&outliers, outlierName, kOutlierColor)}) {
    auto* bars = new QCPBars(xAxis, yAxis);
    bars->setName(tr("%1 (%2)").arg(name).arg(values->size()));
    bars->setWidth(width);
    QColor fill = color;
    fill.setAlpha(110);
    bars->setBrush(fill);
    bars->setPen(QPen(color.darker(120), 0.8));
    const QVector<double> shares = binShares(*values, mUpper);
    bars->setData(centres, shares, true);
    top = std::max(top, *std::max_element(shares.begin(), shares.end()));
  }
  legend->setVisible(true);
  xAxis->setRange(0, mUpper);
  yAxis->setRange(0, std::max(0.01, top * 1.1));
  mLine->setVisible(true);
  setThreshold(mThreshold > 0 ? mThreshold : mUpper / 2);
}

void ErrorHistogram::setThreshold(double error) {
  mThreshold = error;
  mLine->point1->setCoords(error, 0);
  mLine->point2->setCoords(error, 1);
  replot(QCustomPlot::rpQueuedReplot);
}

RocPlot::RocPlot(QWidget* parent) : QCustomPlot(parent) {
  setMinimumSize(260, 240);
  plotLayout()->insertRow(0);
  mTitle = new QCPTextElement(this, tr("ROC"), QFont(font().family(), 10, QFont::Bold));
  plotLayout()->addElement(0, 0, mTitle);
  xAxis->setLabel(tr("false positive rate (inliers flagged)"));
  yAxis->setLabel(tr("true positive rate (outliers flagged)"));
  xAxis->setRange(0, 1);
  yAxis->setRange(0, 1.02);
  auto* diagonal = new QCPItemLine(this);
  diagonal->start->setCoords(0, 0);
  diagonal->end->setCoords(1, 1);
  diagonal->setPen(QPen(QColor(150, 150, 150), 1, Qt::DotLine));
  mCurve = new QCPCurve(xAxis, yAxis);
  mCurve->setPen(QPen(kOutlierColor, 2));
  mCurve->setBrush(QColor(214, 39, 40, 30));
  mPoint = addGraph();
  mPoint->setLineStyle(QCPGraph::lsNone);
  mPoint->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.5), QColor(255, 200, 0), 10));
}

void RocPlot::setCurve(const RocCurve& curve) {
  QVector<double> x(curve.falsePositiveRate.begin(), curve.falsePositiveRate.end());
  QVector<double> y(curve.truePositiveRate.begin(), curve.truePositiveRate.end());
  mCurve->setData(x, y);
  mTitle->setText(tr("ROC · AUC %1").arg(curve.auc, 0, 'f', 3));
  replot(QCustomPlot::rpQueuedReplot);
}

void RocPlot::clearCurve() {
  mCurve->data()->clear();
  mPoint->data()->clear();
  mTitle->setText(tr("ROC"));
  replot(QCustomPlot::rpQueuedReplot);
}

void RocPlot::setOperatingPoint(double falsePositiveRate, double truePositiveRate) {
  mPoint->setData({falsePositiveRate}, {truePositiveRate});
  replot(QCustomPlot::rpQueuedReplot);
}

QString RocPlot::title() const {
  return mTitle->text();
}

}  // namespace latentlab
