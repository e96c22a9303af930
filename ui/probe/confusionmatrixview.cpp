#include "probe/confusionmatrixview.h"

#include "probe/probetext.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

namespace latentlab {

namespace {
constexpr int kGap = 4;
constexpr int kMinCell = 6;
constexpr int kMaxCell = 64;
constexpr int kMaxNameWidth = 90;

// A sequential white-to-blue ramp ("Blues"): the share of the row.
QColor shareColor(double share) {
  static const std::array<QColor, 5> stops = {QColor(247, 251, 255), QColor(198, 219, 239), QColor(107, 174, 214),
                                              QColor(33, 113, 181), QColor(8, 48, 107)};
  const double position = std::clamp(share, 0.0, 1.0) * double(stops.size() - 1);
  const std::size_t low = std::min(stops.size() - 2, std::size_t(position));
  const double t = position - double(low);
  const QColor& a = stops[low];
  const QColor& b = stops[low + 1];
  return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                          float(a.greenF() + (b.greenF() - a.greenF()) * t),
                          float(a.blueF() + (b.blueF() - a.blueF()) * t));
}
}  // namespace

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setToolTip(
      tr("Rows: the true class; columns: the probe's prediction. Colour: the cell's share of its row. "
         "Click a cell (or move with the arrow keys) to list its test items; Enter shows them on the "
         "latent map."));
}

void ConfusionMatrixView::setMatrix(std::vector<std::vector<long long>> counts, const QStringList& classNames) {
  mCounts = std::move(counts);
  mNames = classNames;
  while (mNames.size() < int(mCounts.size())) mNames << QString::number(mNames.size());
  mRowTotals.assign(mCounts.size(), 0);
  for (std::size_t t = 0; t < mCounts.size(); ++t)
    for (long long value : mCounts[t]) mRowTotals[t] += value;
  mSelectedTruth = mSelectedPredicted = -1;
  mHoverTruth = mHoverPredicted = -1;
  updateGeometry();
  update();
}

void ConfusionMatrixView::clear(const QString& placeholder) {
  mPlaceholder = placeholder;
  setMatrix({}, {});
}

long long ConfusionMatrixView::count(int truth, int predicted) const {
  if (truth < 0 || predicted < 0 || truth >= classCount() || predicted >= classCount()) return 0;
  const auto& row = mCounts[std::size_t(truth)];
  return std::size_t(predicted) < row.size() ? row[std::size_t(predicted)] : 0;
}

long long ConfusionMatrixView::rowTotal(int truth) const {
  return truth >= 0 && truth < classCount() ? mRowTotals[std::size_t(truth)] : 0;
}

long long ConfusionMatrixView::total() const {
  long long sum = 0;
  for (long long value : mRowTotals) sum += value;
  return sum;
}

void ConfusionMatrixView::selectCell(int truth, int predicted) {
  if (truth < 0 || predicted < 0 || truth >= classCount() || predicted >= classCount()) {
    clearSelection();
    return;
  }
  mSelectedTruth = truth;
  mSelectedPredicted = predicted;
  update();
  Q_EMIT cellSelected(truth, predicted);
}

void ConfusionMatrixView::clearSelection() {
  mSelectedTruth = mSelectedPredicted = -1;
  update();
}

QString ConfusionMatrixView::cellText(int truth, int predicted) const {
  return confusionCellText(className(truth), className(predicted), count(truth, predicted), rowTotal(truth));
}

int ConfusionMatrixView::headerWidth() const {
  const QFontMetrics metrics = fontMetrics();
  int names = 0;
  for (const QString& name : mNames) names = std::max(names, metrics.horizontalAdvance(name));
  return metrics.height() + kGap + std::min(names, kMaxNameWidth) + kGap;
}

bool ConfusionMatrixView::namesNeedRotation() const {
  const QFontMetrics metrics = fontMetrics();
  int names = 0;
  for (const QString& name : mNames) names = std::max(names, metrics.horizontalAdvance(name));
  return names > 2 * metrics.height();
}

int ConfusionMatrixView::headerHeight(bool rotated) const {
  const QFontMetrics metrics = fontMetrics();
  int names = metrics.height();
  if (rotated) {
    names = 0;
    for (const QString& name : mNames) names = std::max(names, metrics.horizontalAdvance(name));
    names = std::min(names, kMaxNameWidth);
  }
  return metrics.height() + kGap + names + kGap;
}

ConfusionMatrixView::Geometry ConfusionMatrixView::geometry() const {
  Geometry g;
  const int n = classCount();
  if (n == 0) return g;
  g.rotatedNames = namesNeedRotation();
  g.left = headerWidth();
  g.top = headerHeight(g.rotatedNames);
  const int room = std::min(width() - g.left - kGap, height() - g.top - kGap);
  g.side = std::clamp(room / n, kMinCell, kMaxCell);
  return g;
}

QRect ConfusionMatrixView::cellRect(int truth, int predicted) const {
  const Geometry g = geometry();
  if (g.side == 0 || truth < 0 || predicted < 0 || truth >= classCount() || predicted >= classCount()) return {};
  return QRect(g.left + predicted * g.side, g.top + truth * g.side, g.side, g.side);
}

bool ConfusionMatrixView::cellAt(const QPoint& position, int& truth, int& predicted) const {
  const Geometry g = geometry();
  if (g.side == 0 || position.x() < g.left || position.y() < g.top) return false;
  predicted = (position.x() - g.left) / g.side;
  truth = (position.y() - g.top) / g.side;
  return truth < classCount() && predicted < classCount();
}

QSize ConfusionMatrixView::sizeHint() const {
  const int n = std::max(classCount(), 10);
  const bool rotated = namesNeedRotation();
  return {headerWidth() + n * 36 + kGap, headerHeight(rotated) + n * 36 + kGap};
}

QSize ConfusionMatrixView::minimumSizeHint() const {
  const int n = std::max(classCount(), 2);
  const int side = std::max(kMinCell, std::min(20, 240 / n));
  return {headerWidth() + n * side + kGap, headerHeight(namesNeedRotation()) + n * side + kGap};
}

bool ConfusionMatrixView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    int truth = -1, predicted = -1;
    if (cellAt(help->pos(), truth, predicted))
      QToolTip::showText(help->globalPos(), cellText(truth, predicted), this, cellRect(truth, predicted));
    else
      QToolTip::showText(help->globalPos(), toolTip(), this);
    return true;
  }
  return QWidget::event(event);
}

void ConfusionMatrixView::paintNames(QPainter& painter, const Geometry& g) {
  const QFontMetrics metrics = fontMetrics();
  const int n = classCount();
  const int title = metrics.height();
  const int nameRoom = g.left - title - 2 * kGap;
  painter.setPen(palette().color(QPalette::Text));
  QFont bold = font();
  bold.setBold(true);
  painter.setFont(bold);
  painter.drawText(QRect(g.left, 0, n * g.side, title), Qt::AlignCenter, tr("predicted class"));
  painter.save();
  painter.translate(0, g.top + n * g.side / 2);
  painter.rotate(-90);
  painter.drawText(QRect(-n * g.side / 2, 0, n * g.side, title), Qt::AlignCenter, tr("true class"));
  painter.restore();
  painter.setFont(font());
  for (int k = 0; k < n; ++k) {
    const QString name = metrics.elidedText(mNames.value(k), Qt::ElideRight, kMaxNameWidth);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(title + kGap, g.top + k * g.side, nameRoom, g.side), Qt::AlignRight | Qt::AlignVCenter,
                     name);
    if (g.rotatedNames) {
      painter.save();
      painter.translate(g.left + k * g.side + g.side / 2, g.top - kGap);
      painter.rotate(-90);
      painter.drawText(QRect(0, -metrics.height() / 2, kMaxNameWidth, metrics.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, name);
      painter.restore();
    } else {
      painter.drawText(QRect(g.left + k * g.side, title + kGap, g.side, metrics.height()), Qt::AlignCenter, name);
    }
  }
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  const int n = classCount();
  if (n == 0) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, mPlaceholder);
    return;
  }
  const Geometry g = geometry();
  paintNames(painter, g);
  QFont small = font();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  const QFontMetrics normalMetrics(font()), smallMetrics(small);
  for (int t = 0; t < n; ++t) {
    const long long rowSum = rowTotal(t);
    for (int p = 0; p < n; ++p) {
      const QRect cell = cellRect(t, p);
      const long long value = count(t, p);
      const double share = rowSum > 0 ? double(value) / double(rowSum) : 0.0;
      painter.fillRect(cell, shareColor(share));
      const QString text = QString::number(value);
      const bool fits =
          normalMetrics.horizontalAdvance(text) <= cell.width() - 2 && normalMetrics.height() <= cell.height();
      const bool fitsSmall =
          smallMetrics.horizontalAdvance(text) <= cell.width() - 2 && smallMetrics.height() <= cell.height();
      if (fits || fitsSmall) {
        painter.setFont(fits ? font() : small);
        painter.setPen(value == 0 ? QColor(170, 180, 195) : share > 0.5 ? Qt::white : QColor(20, 30, 45));
        painter.drawText(cell, Qt::AlignCenter, text);
      }
    }
  }
  painter.setFont(font());
  painter.setPen(QPen(QColor(200, 205, 215), 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(QRect(g.left, g.top, n * g.side, n * g.side).adjusted(0, 0, -1, -1));
  if (mHoverTruth >= 0 && (mHoverTruth != mSelectedTruth || mHoverPredicted != mSelectedPredicted)) {
    painter.setPen(QPen(QColor(90, 90, 90), 1));
    painter.drawRect(cellRect(mHoverTruth, mHoverPredicted).adjusted(0, 0, -1, -1));
  }
  if (mSelectedTruth >= 0) {
    painter.setPen(QPen(QColor(235, 120, 0), 3));
    painter.drawRect(cellRect(mSelectedTruth, mSelectedPredicted).adjusted(1, 1, -2, -2));
  }
  if (hasFocus()) {
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
    painter.drawRect(QRect(g.left - 2, g.top - 2, n * g.side + 3, n * g.side + 3));
  }
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event) {
  int truth = -1, predicted = -1;
  if (event->button() == Qt::LeftButton && cellAt(event->position().toPoint(), truth, predicted))
    selectCell(truth, predicted);
  QWidget::mousePressEvent(event);
}

void ConfusionMatrixView::mouseDoubleClickEvent(QMouseEvent* event) {
  int truth = -1, predicted = -1;
  if (event->button() == Qt::LeftButton && cellAt(event->position().toPoint(), truth, predicted))
    Q_EMIT cellActivated(truth, predicted);
}

void ConfusionMatrixView::mouseMoveEvent(QMouseEvent* event) {
  int truth = -1, predicted = -1;
  if (!cellAt(event->position().toPoint(), truth, predicted)) truth = predicted = -1;
  if (truth != mHoverTruth || predicted != mHoverPredicted) {
    mHoverTruth = truth;
    mHoverPredicted = predicted;
    update();
  }
  QWidget::mouseMoveEvent(event);
}

void ConfusionMatrixView::leaveEvent(QEvent* event) {
  mHoverTruth = mHoverPredicted = -1;
  update();
  QWidget::leaveEvent(event);
}

void ConfusionMatrixView::keyPressEvent(QKeyEvent* event) {
  const int n = classCount();
  if (n == 0) return QWidget::keyPressEvent(event);
  int truth = std::max(0, mSelectedTruth), predicted = std::max(0, mSelectedPredicted);
  const bool none = mSelectedTruth < 0;
  switch (event->key()) {
    case Qt::Key_Left:
      if (!none) predicted = std::max(0, predicted - 1);
      break;
    case Qt::Key_Right:
      if (!none) predicted = std::min(n - 1, predicted + 1);
      break;
    case Qt::Key_Up:
      if (!none) truth = std::max(0, truth - 1);
      break;
    case Qt::Key_Down:
      if (!none) truth = std::min(n - 1, truth + 1);
      break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
      if (!none) Q_EMIT cellActivated(mSelectedTruth, mSelectedPredicted);
      return;
    default:
      return QWidget::keyPressEvent(event);
  }
  if (none || truth != mSelectedTruth || predicted != mSelectedPredicted) selectCell(truth, predicted);
}

}  // namespace latentlab
