#include "experiments/parallelcoordinates.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr double kAxisReach = 14.0;  // pixels either side of an axis that start a brush
constexpr double kLineReach = 5.0;   // pixels from a line that hover it

bool finite(double value) {
  return std::isfinite(value);
}

// Dark (good, low metric) to light yellow (poor), readable on white.
QColor metricColor(double unit) {
  const QColor low(68, 1, 84), mid(33, 145, 140), high(220, 190, 30);
  const auto mix = [](const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
  };
  unit = std::clamp(unit, 0.0, 1.0);
  return unit < 0.5 ? mix(low, mid, unit * 2) : mix(mid, high, (unit - 0.5) * 2);
}

QString tickText(double value) {
  return QString::number(value, 'g', 3);
}
}  // namespace

ParallelCoordinates::ParallelCoordinates(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setToolTip(
      tr("One line per run, one axis per setting, the metric on the right.\n"
         "Drag along an axis to keep only the runs in that range (the table follows);\n"
         "double-click an axis to clear its range."));
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
}

void ParallelCoordinates::setData(std::vector<ParallelAxis> axes, std::vector<ParallelLine> lines, int best) {
  const bool sameAxes = axes.size() == mAxes.size() &&
                        std::equal(axes.begin(), axes.end(), mAxes.begin(), [](const auto& a, const auto& b) {
                          return a.title == b.title && a.categories == b.categories;
                        });
  mAxes = std::move(axes);
  mLines = std::move(lines);
  mBest = best;
  if (!sameAxes) mBrushes.assign(mAxes.size(), Brush{});  // new results keep the user's brushes
  for (std::size_t a = 0; a < mAxes.size(); ++a) {
    ParallelAxis& axis = mAxes[a];
    if (!axis.categories.isEmpty()) {
      axis.min = 0;
      axis.max = std::max(1, int(axis.categories.size()) - 1);
      continue;
    }
    double low = axis.fixedRange ? axis.min : INFINITY, high = axis.fixedRange ? axis.max : -INFINITY;
    for (const auto& line : mLines) {
      const double value = a < line.values.size() ? line.values[a] : NAN;
      if (!finite(value) || (axis.logScale && value <= 0)) continue;
      low = std::min(low, value);
      high = std::max(high, value);
    }
    if (!finite(low)) low = 0, high = 1;
    if (low == high) {
      const double pad = axis.logScale ? low * 0.5 : std::max(std::abs(low) * 0.1, 1e-9);
      low -= pad;
      high += axis.logScale ? pad * 2 : pad;
    }
    axis.min = low;
    axis.max = high;
  }
  if (mHovered >= int(mLines.size())) mHovered = -1;
  update();
}

void ParallelCoordinates::setBrush(int axis, double low, double high) {
  if (axis < 0 || axis >= int(mBrushes.size())) return;
  mBrushes[std::size_t(axis)] = Brush{true, std::min(low, high), std::max(low, high)};
  update();
  Q_EMIT brushChanged();
}

void ParallelCoordinates::clearBrushes() {
  for (auto& brush : mBrushes) brush.active = false;
  update();
  Q_EMIT brushChanged();
}

bool ParallelCoordinates::hasBrush(int axis) const {
  return axis >= 0 && axis < int(mBrushes.size()) && mBrushes[std::size_t(axis)].active;
}

bool ParallelCoordinates::passes(int line) const {
  const auto& values = mLines[std::size_t(line)].values;
  for (std::size_t a = 0; a < mBrushes.size(); ++a) {
    if (!mBrushes[a].active) continue;
    const double value = a < values.size() ? values[a] : NAN;
    // Categories are brushed by index; half a step either side picks a category whole.
    const double slack = mAxes[a].categories.isEmpty() ? 0.0 : 0.5;
    if (!finite(value) || value < mBrushes[a].low - slack || value > mBrushes[a].high + slack) return false;
  }
  return true;
}

std::vector<int> ParallelCoordinates::passingLines() const {
  std::vector<int> out;
  for (int i = 0; i < int(mLines.size()); ++i)
    if (passes(i)) out.push_back(i);
  return out;
}

QRectF ParallelCoordinates::plotRect() const {
  return QRectF(50, 34, std::max(10, width() - 100), std::max(10, height() - 58));
}

double ParallelCoordinates::axisX(int axis) const {
  const QRectF plot = plotRect();
  if (mAxes.size() < 2) return plot.center().x();
  return plot.left() + plot.width() * double(axis) / double(mAxes.size() - 1);
}

double ParallelCoordinates::toUnit(int axis, double value) const {
  const ParallelAxis& a = mAxes[std::size_t(axis)];
  if (!finite(value)) return 0.0;
  if (a.logScale && value > 0 && a.min > 0)
    return (std::log(value) - std::log(a.min)) / std::max(1e-12, std::log(a.max) - std::log(a.min));
  return (value - a.min) / std::max(1e-12, a.max - a.min);
}

double ParallelCoordinates::fromUnit(int axis, double unit) const {
  const ParallelAxis& a = mAxes[std::size_t(axis)];
  if (a.logScale && a.min > 0) return std::exp(std::log(a.min) + unit * (std::log(a.max) - std::log(a.min)));
  return a.min + unit * (a.max - a.min);
}

QPointF ParallelCoordinates::pointAt(int axis, double value) const {
  const QRectF plot = plotRect();
  // Categorical axes with one category sit in the middle.
  double unit = toUnit(axis, value);
  if (!mAxes[std::size_t(axis)].categories.isEmpty() && mAxes[std::size_t(axis)].categories.size() == 1) unit = 0.5;
  return {axisX(axis), plot.bottom() - std::clamp(unit, 0.0, 1.0) * plot.height()};
}

int ParallelCoordinates::axisNear(double x) const {
  for (int a = 0; a < int(mAxes.size()); ++a)
    if (std::abs(axisX(a) - x) <= kAxisReach) return a;
  return -1;
}

int ParallelCoordinates::lineNear(const QPointF& point) const {
  if (mAxes.size() < 2) return -1;
  // The segment between the two axes around the point.
  int left = 0;
  while (left + 1 < int(mAxes.size()) - 1 && axisX(left + 1) < point.x()) ++left;
  double bestDistance = kLineReach;
  int best = -1;
  for (int i = 0; i < int(mLines.size()); ++i) {
    if (!passes(i)) continue;
    const QPointF a = pointAt(left, mLines[std::size_t(i)].values[std::size_t(left)]);
    const QPointF b = pointAt(left + 1, mLines[std::size_t(i)].values[std::size_t(left + 1)]);
    const double t = std::clamp((point.x() - a.x()) / std::max(1e-9, b.x() - a.x()), 0.0, 1.0);
    const double y = a.y() + t * (b.y() - a.y());
    const double distance = std::abs(point.y() - y);
    if (distance < bestDistance) bestDistance = distance, best = i;
  }
  return best;
}

void ParallelCoordinates::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QRectF plot = plotRect();
  if (mAxes.empty() || mLines.empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter, tr("The runs of a sweep appear here as they finish."));
    return;
  }
  const int metricAxis = int(mAxes.size()) - 1;
  auto path = [&](int line) {
    QPainterPath p;
    for (int a = 0; a < int(mAxes.size()); ++a) {
      const QPointF point = pointAt(a, mLines[std::size_t(line)].values[std::size_t(a)]);
      a == 0 ? p.moveTo(point) : p.lineTo(point);
    }
    return p;
  };
  // Filtered-out lines faint, passing lines in the metric's colour, the best and the hovered on top.
  for (int i = 0; i < int(mLines.size()); ++i) {
    if (passes(i)) continue;
    painter.setPen(QPen(QColor(200, 200, 200, 120), 1));
    painter.drawPath(path(i));
  }
  for (int i = 0; i < int(mLines.size()); ++i) {
    if (!passes(i) || i == mBest || i == mHovered) continue;
    const double metric = mLines[std::size_t(i)].values[std::size_t(metricAxis)];
    painter.setPen(QPen(finite(metric) ? metricColor(toUnit(metricAxis, metric)) : QColor(230, 80, 60), 1.6));
    painter.drawPath(path(i));
  }
  if (mBest >= 0 && mBest < int(mLines.size()) && passes(mBest)) {
    painter.setPen(QPen(QColor(20, 140, 60), 3.2));
    painter.drawPath(path(mBest));
  }
  if (mHovered >= 0) {
    painter.setPen(QPen(QColor(230, 90, 20), 2.6));
    painter.drawPath(path(mHovered));
  }

  // Axes with their ticks, titles and brushes.
  const QFontMetrics metrics(font());
  for (int a = 0; a < int(mAxes.size()); ++a) {
    const ParallelAxis& axis = mAxes[std::size_t(a)];
    const double x = axisX(a);
    painter.setPen(QPen(palette().color(QPalette::Text), 1.2));
    painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    QFont bold = font();
    bold.setBold(a == metricAxis);
    painter.setFont(bold);
    // Titles stay inside the widget: the first and last axes' titles lean inwards.
    QRectF title(x - 80, 4, 160, 22);
    if (title.left() < 2) title.moveLeft(2);
    if (title.right() > width() - 2) title.moveRight(width() - 2);
    painter.drawText(title, Qt::AlignCenter, axis.title);
    painter.setFont(font());
    auto tick = [&](double value, const QString& text) {
      const QPointF point = pointAt(a, value);
      painter.drawLine(QPointF(x - 3, point.y()), QPointF(x + 3, point.y()));
      painter.drawText(QRectF(x + 5, point.y() - 8, 80, 16), Qt::AlignLeft | Qt::AlignVCenter, text);
    };
    if (!axis.categories.isEmpty()) {
      for (int c = 0; c < int(axis.categories.size()); ++c) tick(c, axis.categories[c]);
    } else {
      tick(axis.min, tickText(axis.min));
      tick(axis.max, tickText(axis.max));
    }
    const Brush& brush = mBrushes[std::size_t(a)];
    if (brush.active) {
      const double slack = axis.categories.isEmpty() ? 0.0 : 0.5;
      const double top = pointAt(a, std::min(axis.max, brush.high + slack)).y();
      const double bottom = pointAt(a, std::max(axis.min, brush.low - slack)).y();
      painter.fillRect(QRectF(x - 6, top, 12, std::max(2.0, bottom - top)), QColor(40, 110, 220, 90));
      painter.setPen(QPen(QColor(40, 110, 220), 1));
      painter.drawRect(QRectF(x - 6, top, 12, std::max(2.0, bottom - top)));
    }
  }
  if (mHovered >= 0) {
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(plot.left(), height() - 20, plot.width(), 18), Qt::AlignCenter,
                     mLines[std::size_t(mHovered)].name);
  }
}

void ParallelCoordinates::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const QPointF at = event->position();
  const int axis = axisNear(at.x());
  if (axis >= 0) {
    mDragAxis = axis;
    const QRectF plot = plotRect();
    mDragStartUnit = std::clamp((plot.bottom() - at.y()) / plot.height(), 0.0, 1.0);
    return;
  }
  const int line = lineNear(at);
  if (line >= 0) Q_EMIT lineClicked(line);
}

void ParallelCoordinates::mouseMoveEvent(QMouseEvent* event) {
  const QPointF at = event->position();
  if (mDragAxis >= 0) {
    const QRectF plot = plotRect();
    const double unit = std::clamp((plot.bottom() - at.y()) / plot.height(), 0.0, 1.0);
    if (std::abs(unit - mDragStartUnit) * plot.height() >= 3)
      setBrush(mDragAxis, fromUnit(mDragAxis, mDragStartUnit), fromUnit(mDragAxis, unit));
    return;
  }
  const int line = lineNear(at);
  if (line != mHovered) {
    mHovered = line;
    update();
    Q_EMIT lineHovered(line);
  }
}

void ParallelCoordinates::mouseReleaseEvent(QMouseEvent*) {
  mDragAxis = -1;
}

void ParallelCoordinates::mouseDoubleClickEvent(QMouseEvent* event) {
  const int axis = axisNear(event->position().x());
  if (axis < 0 || !hasBrush(axis)) return;
  mBrushes[std::size_t(axis)].active = false;
  update();
  Q_EMIT brushChanged();
}

void ParallelCoordinates::leaveEvent(QEvent*) {
  if (mHovered < 0) return;
  mHovered = -1;
  update();
  Q_EMIT lineHovered(-1);
}

}  // namespace latentlab
