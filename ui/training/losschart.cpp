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

LossChart::LossChart(QWidget* parent) : EpochChart(parent) {
  setMinimumHeight(220);
  mBatch.raw = addGraph();
  mBatch.raw->setName(tr("batch"));
  mBatch.raw->setPen(QPen(QColor(31, 119, 180, 70), 1));
  mBatch.smoothed = addGraph();
  mBatch.smoothed->setName(tr("batch (smoothed)"));
  mBatch.smoothed->setPen(QPen(QColor(31, 119, 180), 2));
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

  connect(this, &QCustomPlot::mouseMove, this, &LossChart::onMouseMove);
}

void LossChart::clearData() {
  for (auto* graph : {mBatch.raw, mBatch.smoothed, mTrain, mValidation}) graph->data()->clear();
  resetZoom();
  mTracer->setVisible(false);
  mReadout->setVisible(false);
  requestReplot();
}

void LossChart::addBatch(double epochPosition, double loss) {
  if (!std::isfinite(loss)) return;
  mBatch.add(epochPosition, loss, smoothing());
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

void LossChart::rebuildSmoothed() {
  mBatch.rebuild(smoothing());
}

void LossChart::rescaleToData() {
  bool found = false;
  QCPRange keys = mBatch.raw->getKeyRange(found);
  for (auto* graph : {mTrain, mValidation}) {
    bool graphFound = false;
    const QCPRange range = graph->getKeyRange(graphFound);
    if (graphFound)
      keys = found ? QCPRange(std::min(keys.lower, range.lower), std::max(keys.upper, range.upper)) : range;
    found = found || graphFound;
  }
  if (!found) {
    xAxis->setRange(0, 1);
    yAxis->setRange(logScale() ? 1e-3 : 0, 1);
    return;
  }
  xAxis->setRange(0, std::max(1.0, keys.upper));
  fitValueAxis(yAxis, {mBatch.raw, mBatch.smoothed, mTrain, mValidation}, logScale());
}

QString LossChart::readoutAt(const QPointF& pixel) const {
  const QCPGraph* bestGraph = nullptr;
  double bestDistance = 20.0;  // pixels
  double bestKey = 0, bestValue = 0;
  for (const QCPGraph* graph : std::initializer_list<const QCPGraph*>{mTrain, mValidation, mBatch.smoothed}) {
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
                                                           : mBatch.smoothed;
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
