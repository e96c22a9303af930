#include "training/losschart.h"

#include "training/chartaxes.h"

#include <cmath>
#include <limits>

namespace latentlab {

namespace {
QCPScatterStyle marker(QCPScatterStyle::ScatterShape shape, const QColor& color) {
  return QCPScatterStyle(shape, color, color.lighter(130), 7);
}
}  // namespace

LossChart::LossChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(220);
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  xAxis->setLabel(tr("epoch"));
  yAxis->setLabel(tr("loss"));
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 8));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  mBatch = addGraph();
  mBatch->setName(tr("batch"));
  mBatch->setPen(QPen(QColor(31, 119, 180, 70), 1));
  mSmoothed = addGraph();
  mSmoothed->setName(tr("batch (smoothed)"));
  mSmoothed->setPen(QPen(QColor(31, 119, 180), 2));
  mTrain = addGraph();
  mTrain->setName(tr("epoch train"));
  mTrain->setLineStyle(QCPGraph::lsNone);
  mTrain->setScatterStyle(marker(QCPScatterStyle::ssCircle, QColor(20, 60, 120)));
  mValidation = addGraph();
  mValidation->setName(tr("epoch validation"));
  mValidation->setPen(QPen(QColor(255, 127, 14), 1.5, Qt::DashLine));
  mValidation->setScatterStyle(marker(QCPScatterStyle::ssDiamond, QColor(255, 127, 14)));

  mTracer = new QCPItemTracer(this);
  mTracer->setStyle(QCPItemTracer::tsCircle);
  mTracer->setSize(8);
  mTracer->setPen(QPen(Qt::black));
  mTracer->setVisible(false);
  mReadout = new QCPItemText(this);
  mReadout->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  mReadout->position->setParentAnchor(mTracer->position);
  mReadout->position->setCoords(8, -6);
  mReadout->setPadding(QMargins(4, 2, 4, 2));
  mReadout->setBrush(QColor(255, 255, 255, 220));
  mReadout->setPen(QPen(QColor(160, 160, 160)));
  mReadout->setVisible(false);

  // Replot at most ~30 times a second, and only when something changed.
  mReplotTimer.setInterval(33);
  connect(&mReplotTimer, &QTimer::timeout, this, [this] {
    if (!mDirty) return;
    mDirty = false;
    if (!mUserZoomed) rescaleToData();
    replot(QCustomPlot::rpQueuedReplot);
  });
  mReplotTimer.start();
  connect(this, &QCustomPlot::mouseMove, this, &LossChart::onMouseMove);
  connect(this, &QCustomPlot::mouseWheel, this, [this] { mUserZoomed = true; });
  connect(this, &QCustomPlot::mousePress, this, [this] { mUserZoomed = true; });
  connect(this, &QCustomPlot::mouseDoubleClick, this, [this] {
    mUserZoomed = false;
    rescaleToData();
    replot();
  });
}

void LossChart::clearData() {
  for (auto* graph : {mBatch, mSmoothed, mTrain, mValidation}) graph->data()->clear();
  mBatchX.clear();
  mBatchY.clear();
  mUserZoomed = false;
  mTracer->setVisible(false);
  mReadout->setVisible(false);
  mDirty = true;
}

void LossChart::addBatch(double epochPosition, double loss) {
  if (!std::isfinite(loss)) return;
  mBatchX.push_back(epochPosition);
  mBatchY.push_back(loss);
  mBatch->addData(epochPosition, loss);
  mSmoothedValue = mBatchY.size() == 1 ? loss : mSmoothing * mSmoothedValue + (1.0 - mSmoothing) * loss;
  mSmoothed->addData(epochPosition, mSmoothedValue);
  requestReplot();
}

void LossChart::addEpoch(int epoch, double trainLoss, double validationLoss) {
  if (std::isfinite(trainLoss)) mTrain->addData(epoch, trainLoss);
  if (std::isfinite(validationLoss)) mValidation->addData(epoch, validationLoss);
  requestReplot();
}

int LossChart::epochPointCount() const {
  return mTrain->dataCount();
}

void LossChart::setLogScale(bool on) {
  mLogScale = on;
  setLogScaleAxis(yAxis, on);
  rescaleToData();
  replot();
}

void LossChart::setSmoothing(double factor) {
  mSmoothing = std::clamp(factor, 0.0, 0.99);
  rebuildSmoothed();
  requestReplot();
}

void LossChart::rebuildSmoothed() {
  QVector<double> x, y;
  x.reserve(int(mBatchX.size()));
  y.reserve(int(mBatchY.size()));
  for (std::size_t i = 0; i < mBatchY.size(); ++i) {
    mSmoothedValue = i == 0 ? mBatchY[i] : mSmoothing * mSmoothedValue + (1.0 - mSmoothing) * mBatchY[i];
    x.push_back(mBatchX[i]);
    y.push_back(mSmoothedValue);
  }
  mSmoothed->setData(x, y, true);
}

void LossChart::rescaleToData() {
  bool found = false;
  QCPRange keys = mBatch->getKeyRange(found);
  for (auto* graph : {mTrain, mValidation}) {
    bool graphFound = false;
    const QCPRange range = graph->getKeyRange(graphFound);
    if (graphFound)
      keys = found ? QCPRange(std::min(keys.lower, range.lower), std::max(keys.upper, range.upper)) : range;
    found = found || graphFound;
  }
  if (!found) {
    xAxis->setRange(0, 1);
    yAxis->setRange(mLogScale ? 1e-3 : 0, 1);
    return;
  }
  xAxis->setRange(0, std::max(1.0, keys.upper));
  fitValueAxis(yAxis, {mBatch, mSmoothed, mTrain, mValidation}, mLogScale);
}

void LossChart::requestReplot() {
  mDirty = true;
}

QString LossChart::readoutAt(const QPointF& pixel) const {
  const QCPGraph* bestGraph = nullptr;
  double bestDistance = 20.0;  // pixels
  double bestKey = 0, bestValue = 0;
  for (const QCPGraph* graph : {mTrain, mValidation, mSmoothed}) {
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
      const QPointF point(xAxis->coordToPixel(it->key), yAxis->coordToPixel(it->value));
      const double distance = std::hypot(point.x() - pixel.x(), point.y() - pixel.y());
      if (distance < bestDistance) {
        bestDistance = distance;
        bestGraph = graph;
        bestKey = it->key;
        bestValue = it->value;
      }
    }
  }
  if (!bestGraph) return {};
  return tr("%1\nepoch %2: %3").arg(bestGraph->name()).arg(bestKey, 0, 'f', 2).arg(bestValue, 0, 'g', 5);
}

void LossChart::onMouseMove(QMouseEvent* event) {
  const QString text = readoutAt(event->position());
  const bool show = !text.isEmpty();
  if (show) {
    const double key = xAxis->pixelToCoord(event->position().x());
    // Snap the tracer to the nearest point of the graph the read-out names.
    QCPGraph* graph = text.startsWith(mValidation->name()) ? mValidation
                      : text.startsWith(mTrain->name())    ? mTrain
                                                           : mSmoothed;
    mTracer->setGraph(graph);
    mTracer->setGraphKey(key);
    mReadout->setText(text);
  }
  if (show != mTracer->visible() || show) {
    mTracer->setVisible(show);
    mReadout->setVisible(show);
    replot(QCustomPlot::rpQueuedReplot);
  }
}

}  // namespace latentlab
