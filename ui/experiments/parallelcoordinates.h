#pragma once

// A parallel-coordinates plot, as TensorBoard's HParams dashboard draws a grid search:
// one vertical axis per setting and the last one for the metric, one polyline per run,
// coloured by the metric (darker is better). Dragging along an axis brushes a range;
// only runs inside every brush stay drawn, and brushChanged tells the table to filter.

#include <QStringList>
#include <QWidget>

#include <vector>

namespace latentlab {

struct ParallelAxis {
  QString title;
  QStringList categories;  // non-empty: a categorical axis (values are category indices)
  bool logScale = false;
  bool fixedRange = false;  // numeric axes: keep min..max (a sweep's values) instead of the lines' span
  double min = 0.0;
  double max = 1.0;
};

struct ParallelLine {
  QString name;
  std::vector<double> values;  // one per axis; NaN where unknown (drawn to the axis' foot)
};

class ParallelCoordinates : public QWidget {
  Q_OBJECT
public:
  explicit ParallelCoordinates(QWidget* parent = nullptr);

  // Numeric axes get their range from the lines; `best` is drawn on top and thicker.
  void setData(std::vector<ParallelAxis> axes, std::vector<ParallelLine> lines, int best = -1);
  const std::vector<ParallelAxis>& axes() const { return mAxes; }

  // A brush on `axis` keeps lines whose value lies in [low, high] (axis units).
  void setBrush(int axis, double low, double high);
  void clearBrushes();
  bool hasBrush(int axis) const;
  // Indices of the lines that pass every brush.
  std::vector<int> passingLines() const;
  int hoveredLine() const { return mHovered; }

  // Where an axis value is drawn (widget coordinates), for tests and painting.
  QPointF pointAt(int axis, double value) const;

  QSize sizeHint() const override { return {640, 260}; }
  QSize minimumSizeHint() const override { return {320, 180}; }

Q_SIGNALS:
  void brushChanged();
  void lineHovered(int line);  // -1 when none
  void lineClicked(int line);

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

private:
  struct Brush {
    bool active = false;
    double low = 0.0, high = 0.0;
  };
  QRectF plotRect() const;
  double axisX(int axis) const;
  double toUnit(int axis, double value) const;  // 0 at the foot, 1 at the top
  double fromUnit(int axis, double unit) const;
  int axisNear(double x) const;  // -1 when none is within reach
  bool passes(int line) const;
  int lineNear(const QPointF& point) const;

  std::vector<ParallelAxis> mAxes;
  std::vector<ParallelLine> mLines;
  std::vector<Brush> mBrushes;
  int mBest = -1;
  int mHovered = -1;
  int mDragAxis = -1;
  double mDragStartUnit = 0.0;
};

}  // namespace latentlab
