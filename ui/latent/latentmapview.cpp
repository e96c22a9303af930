#include "latent/latentmapview.h"

#include "latent/pointcloud.h"

#include <QElapsedTimer>

namespace latentlab {

LatentMapView::LatentMapView(QWidget* parent) : QCustomPlot(parent) {
  setInteractions(QCP::iRangeZoom);
  setSelectionRectMode(QCP::srmNone);
  selectionRect()->setPen(QPen(QColor(80, 80, 80), 1, Qt::DashLine));
  selectionRect()->setBrush(QColor(120, 120, 220, 40));
  xAxis->setLabel(tr("map x"));
  yAxis->setLabel(tr("map y"));
  xAxis->grid()->setVisible(false);
  yAxis->grid()->setVisible(false);
  addLayer("atlas", layer("grid"), QCustomPlot::limAbove);
  addLayer("points", layer("main"), QCustomPlot::limAbove);
  mCloud = new PointCloud(xAxis, yAxis);
  mCloud->setLayer("points");
  mExtra = addGraph();
  mExtra->setLayer("overlay");
  mExtra->setLineStyle(QCPGraph::lsNone);
  mExtra->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(20, 20, 20), QColor(255, 230, 0), 11));
  mExtra->setName(tr("generated samples"));
  // The user's drawing (Playground > Draw): its own symbol, not the decode marker's crosshair.
  mProbe = addGraph();
  mProbe->setLayer("overlay");
  mProbe->setLineStyle(QCPGraph::lsNone);
  mProbe->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(QColor(90, 0, 70), 2), QColor(230, 60, 200), 15));
  mProbe->setName(tr("your drawing"));
  // Real images placed on a GAN's map by fitting z (latent optimisation): a square, not a class dot.
  mReal = addGraph();
  mReal->setLayer("overlay");
  mReal->setLineStyle(QCPGraph::lsNone);
  mReal->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(QColor(0, 60, 120), 2), QColor(90, 200, 255), 11));
  mReal->setName(tr("real images (fitted z)"));
  // Items another view points out: a dark ring with a white halo, visible over every class colour.
  mHighlights = addGraph();
  mHighlights->setLayer("overlay");
  mHighlights->setLineStyle(QCPGraph::lsNone);
  QPainterPath ring;
  ring.addEllipse(QPointF(0, 0), 6.5, 6.5);
  ring.addEllipse(QPointF(0, 0), 4.0, 4.0);
  QCPScatterStyle ringStyle(ring, QPen(Qt::white, 1.0), QColor(20, 20, 20), 6);  // 6: the path unscaled
  mHighlights->setScatterStyle(ringStyle);
  // A legend for the marks that are not classes (those are listed beside the map); shown only with marks.
  legend->setFont(QFont(font().family(), 8));
  legend->setBrush(QColor(255, 255, 255, 220));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  legend->clearItems();
  legend->setVisible(false);
  // A curve, not a graph: an interpolation path may turn back in x, and its order matters.
  mPath = new QCPCurve(xAxis, yAxis);
  mPath->setLayer("overlay");
  mPath->setPen(QPen(QColor(20, 20, 20), 2));
  mPath->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(20, 20, 20), Qt::white, 6));
  mPath->removeFromLegend();  // the legend lists marks only
  mMarker = new QCPItemEllipse(this);
  mMarker->setLayer("overlay");
  mMarker->setPen(QPen(Qt::black, 2));
  mMarker->setBrush(QColor(255, 255, 255, 90));
  mMarker->setVisible(false);
  mCrossH = new QCPItemLine(this);
  mCrossV = new QCPItemLine(this);
  for (auto* line : {mCrossH, mCrossV}) {
    line->setLayer("overlay");
    line->setPen(QPen(Qt::black, 1));
    line->setVisible(false);
  }
  setToolTip(
      tr("Click or drag to decode · wheel to zoom · right-drag to pan · Ctrl+drag to zoom to a box · "
         "double-click to reset"));
}

void LatentMapView::setPoints(std::vector<float> xy, std::vector<std::uint16_t> groups, bool keepView) {
  mCloud->setPoints(std::move(xy), std::move(groups));
  if (!keepView)
    resetView();
  else
    replot(QCustomPlot::rpQueuedReplot);
}

void LatentMapView::resetView() {
  QCPRange keys = mCloud->keyRange();
  QCPRange values = mCloud->valueRange();
  const double padX = std::max(keys.size() * 0.05, 1e-3), padY = std::max(values.size() * 0.05, 1e-3);
  xAxis->setRange(keys.lower - padX, keys.upper + padX);
  yAxis->setRange(values.lower - padY, values.upper + padY);
  replot(QCustomPlot::rpQueuedReplot);
}

void LatentMapView::setMarker(double x, double y, bool visible) {
  mMarkerPosition = QPointF(x, y);
  const double rx = xAxis->range().size() * 0.012, ry = yAxis->range().size() * 0.012 * width() / std::max(1, height());
  mMarker->topLeft->setCoords(x - rx, y + ry);
  mMarker->bottomRight->setCoords(x + rx, y - ry);
  mCrossH->start->setCoords(x - 2 * rx, y);
  mCrossH->end->setCoords(x + 2 * rx, y);
  mCrossV->start->setCoords(x, y - 2 * ry);
  mCrossV->end->setCoords(x, y + 2 * ry);
  for (QCPAbstractItem* item : std::initializer_list<QCPAbstractItem*>{mMarker, mCrossH, mCrossV})
    item->setVisible(visible);
  replot(QCustomPlot::rpQueuedReplot);
}

bool LatentMapView::markerVisible() const {
  return mMarker->visible();
}

void LatentMapView::setPath(const std::vector<float>& xy) {
  QVector<double> keys, values;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    keys << xy[i];
    values << xy[i + 1];
  }
  mPath->setData(keys, values);
  mPath->setVisible(!keys.isEmpty());
  replot(QCustomPlot::rpQueuedReplot);
}

void LatentMapView::setExtraPoints(const std::vector<float>& xy) {
  QVector<double> keys, values;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    keys << xy[i];
    values << xy[i + 1];
  }
  mExtra->setData(keys, values);
  refreshLegend();
  replot(QCustomPlot::rpQueuedReplot);
}

void LatentMapView::setRealPoints(const std::vector<float>& xy) {
  QVector<double> keys, values;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    keys << xy[i];
    values << xy[i + 1];
  }
  mReal->setData(keys, values);
  refreshLegend();
  replot(QCustomPlot::rpQueuedReplot);
}

int LatentMapView::realPointCount() const {
  return mReal->dataCount();
}

void LatentMapView::setProbe(double x, double y, bool visible) {
  mProbe->setData(QVector<double>{x}, QVector<double>{y});
  mProbe->setVisible(visible);
  refreshLegend();
  replot(QCustomPlot::rpQueuedReplot);
}

void LatentMapView::setHighlights(const std::vector<float>& xy, const QString& caption) {
  QVector<double> keys, values;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    keys << xy[i];
    values << xy[i + 1];
  }
  mHighlights->setData(keys, values);
  mHighlights->setName(caption);
  refreshLegend();
  replot(QCustomPlot::rpQueuedReplot);
}

int LatentMapView::highlightCount() const {
  return mHighlights->dataCount();
}

QPointF LatentMapView::probePosition() const {
  return mProbe->data()->isEmpty() ? QPointF() : QPointF(mProbe->data()->begin()->key, mProbe->data()->begin()->value);
}

bool LatentMapView::probeVisible() const {
  return mProbe->visible() && !mProbe->data()->isEmpty();
}

void LatentMapView::refreshLegend() {
  bool any = false;
  for (QCPGraph* graph : {mExtra, mReal, mProbe, mHighlights}) {
    const bool shown = graph->visible() && !graph->data()->isEmpty();
    if (shown && !legend->hasItemWithPlottable(graph)) graph->addToLegend();
    if (!shown && legend->hasItemWithPlottable(graph)) graph->removeFromLegend();
    any = any || shown;
  }
  legend->setVisible(any);
}

void LatentMapView::setAtlas(const std::vector<QImage>& images, int columns, const QCPRange& keys,
                             const QCPRange& values) {
  for (auto* item : mAtlas) removeItem(item);
  mAtlas.clear();
  if (images.empty() || columns <= 0) {
    replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const int rows = int(images.size()) / columns;
  const double cellX = keys.size() / columns, cellY = values.size() / std::max(1, rows);
  for (int row = 0; row < rows; ++row)
    for (int column = 0; column < columns; ++column) {
      auto* item = new QCPItemPixmap(this);
      item->setLayer("atlas");
      item->setScaled(true, Qt::IgnoreAspectRatio, Qt::FastTransformation);
      item->setPixmap(QPixmap::fromImage(images[std::size_t(row * columns + column)]));
      item->topLeft->setCoords(keys.lower + column * cellX, values.upper - row * cellY);
      item->bottomRight->setCoords(keys.lower + (column + 1) * cellX, values.upper - (row + 1) * cellY);
      mAtlas.push_back(item);
    }
  replot(QCustomPlot::rpQueuedReplot);
}

double LatentMapView::benchmarkRedraw(int repeats) {
  double total = 0.0;
  for (int i = 0; i < repeats; ++i) {
    // Nudge the range so the point image is re-rendered, as during a pan.
    xAxis->moveRange(xAxis->range().size() * (i % 2 ? 0.01 : -0.01));
    QElapsedTimer timer;
    timer.start();
    replot(QCustomPlot::rpImmediateRefresh);
    total += double(timer.nsecsElapsed()) / 1e6;
  }
  return total / std::max(1, repeats);
}

void LatentMapView::mousePressEvent(QMouseEvent* event) {
  const bool pan = event->button() == Qt::RightButton || event->button() == Qt::MiddleButton ||
                   (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
  const bool boxZoom = event->button() == Qt::LeftButton && (event->modifiers() & Qt::ControlModifier);
  setInteraction(QCP::iRangeDrag, pan);
  setSelectionRectMode(boxZoom ? QCP::srmZoom : QCP::srmNone);
  mPanning = pan || boxZoom;
  if (pan && event->button() != Qt::LeftButton) {
    // QCustomPlot pans with the left button only: translate the press.
    QMouseEvent translated(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::LeftButton,
                           event->modifiers());
    QCustomPlot::mousePressEvent(&translated);
    return;
  }
  QCustomPlot::mousePressEvent(event);
  if (event->button() != Qt::LeftButton || mPanning) return;
  const long point = mCloud->nearestPoint(event->position(), 6.0);
  if (point >= 0) {
    Q_EMIT pointClicked(point);
  } else {
    mDragging = true;
    Q_EMIT positionPicked(xAxis->pixelToCoord(event->position().x()), yAxis->pixelToCoord(event->position().y()),
                          false);
  }
}

void LatentMapView::mouseMoveEvent(QMouseEvent* event) {
  if (mPanning && (event->buttons() & (Qt::RightButton | Qt::MiddleButton))) {
    QMouseEvent translated(event->type(), event->position(), event->globalPosition(), Qt::NoButton, Qt::LeftButton,
                           event->modifiers());
    QCustomPlot::mouseMoveEvent(&translated);
    return;
  }
  QCustomPlot::mouseMoveEvent(event);
  if (mDragging && (event->buttons() & Qt::LeftButton)) {
    Q_EMIT positionPicked(xAxis->pixelToCoord(event->position().x()), yAxis->pixelToCoord(event->position().y()), true);
    return;
  }
  if (mPanning) return;
  const long point = mCloud->nearestPoint(event->position(), 8.0);
  if (point != mLastHover) {
    mLastHover = point;
    Q_EMIT pointHovered(point);
  }
}

void LatentMapView::mouseReleaseEvent(QMouseEvent* event) {
  if (mPanning && event->button() != Qt::LeftButton) {
    QMouseEvent translated(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::NoButton,
                           event->modifiers());
    QCustomPlot::mouseReleaseEvent(&translated);
  } else {
    QCustomPlot::mouseReleaseEvent(event);
  }
  mDragging = false;
  mPanning = false;
  setInteraction(QCP::iRangeDrag, false);
  setSelectionRectMode(QCP::srmNone);
}

void LatentMapView::mouseDoubleClickEvent(QMouseEvent* event) {
  QCustomPlot::mouseDoubleClickEvent(event);
  resetView();
}

}  // namespace latentlab
