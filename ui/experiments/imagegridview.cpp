#include "experiments/imagegridview.h"

#include <QHelpEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace latentlab {

namespace {
constexpr int kLabelWidth = 130;
constexpr int kGap = 4;
constexpr int kSwatch = 10;
constexpr int kMinCell = 48;
constexpr int kMaxCell = 72;
}  // namespace

ImageGridView::ImageGridView(QWidget* parent) : QWidget(parent) {
  QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Minimum);
  policy.setHeightForWidth(true);  // the cells grow with the width, the rows with the cells
  setSizePolicy(policy);
}

void ImageGridView::setRows(QVector<GridRow> rows) {
  mRows = std::move(rows);
  updateGeometry();
  update();
}

void ImageGridView::setPlaceholder(const QString& text) {
  mPlaceholder = text;
  update();
}

int ImageGridView::imageSide() const {
  int side = 0;
  for (const GridRow& row : mRows)
    for (const QImage& image : row.images) side = std::max({side, image.width(), image.height()});
  return side;
}

int ImageGridView::cellSizeFor(int width) const {
  const int side = imageSide();
  if (side == 0) return kMinCell;
  // An integer zoom keeps pixel art crisp (28 -> 56, 32 -> 64), as large as the width allows.
  const int room = columns() > 0 ? (width - kLabelWidth) / columns() - kGap : side;
  const int factor = std::clamp(std::min(kMaxCell, room) / side, 1, std::max(1, kMaxCell / side));
  return side * factor;
}

int ImageGridView::cellSize() const {
  return cellSizeFor(width());
}

int ImageGridView::rowHeightFor(int cell) const {
  return std::max(cell, 2 * fontMetrics().height() + 4) + kGap;
}

int ImageGridView::heightForWidth(int width) const {
  if (mRows.isEmpty()) return 3 * (kMinCell + kGap);
  return int(mRows.size()) * rowHeightFor(cellSizeFor(width)) + kGap;
}

int ImageGridView::columns() const {
  int count = 0;
  for (const GridRow& row : mRows) count = std::max(count, int(row.images.size()));
  return count;
}

int ImageGridView::rowHeight() const {
  return rowHeightFor(cellSize());
}

int ImageGridView::rowAt(int y) const {
  const int row = (y - kGap) / rowHeight();
  return row >= 0 && row < int(mRows.size()) ? row : -1;
}

QSize ImageGridView::sizeHint() const {
  if (mRows.isEmpty()) return {kLabelWidth + 4 * (kMinCell + kGap), 3 * (kMinCell + kGap)};
  return {kLabelWidth + columns() * (cellSize() + kGap) + kGap, int(mRows.size()) * rowHeight() + kGap};
}

// At least the images at their own size; scrolls (in its scroll area) below that.
QSize ImageGridView::minimumSizeHint() const {
  if (mRows.isEmpty()) return {kLabelWidth + 2 * (kMinCell + kGap), kMinCell};
  const int side = std::max(1, imageSide());
  return {kLabelWidth + columns() * (side + kGap) + kGap, int(mRows.size()) * rowHeightFor(side) + kGap};
}

bool ImageGridView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int row = rowAt(help->pos().y());
    if (row >= 0 && !mRows[row].tooltip.isEmpty())
      QToolTip::showText(help->globalPos(), mRows[row].tooltip, this);
    else
      QToolTip::showText(help->globalPos(), toolTip(), this);
    return true;
  }
  return QWidget::event(event);
}

void ImageGridView::paintEvent(QPaintEvent* event) {
  QPainter painter(this);
  painter.fillRect(event->rect(), palette().base());
  if (mRows.isEmpty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, mPlaceholder);
    return;
  }
  const int cell = cellSize();
  const int height = rowHeight();
  const QFontMetrics metrics = fontMetrics();
  QFont small = font();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  for (int r = 0; r < int(mRows.size()); ++r) {
    const GridRow& row = mRows[r];
    const int top = kGap + r * height;
    int textLeft = kGap;
    if (row.color.isValid()) {
      painter.setPen(row.color.darker(130));
      painter.setBrush(row.color);
      painter.drawRect(kGap, top + (metrics.height() - kSwatch) / 2, kSwatch, kSwatch);
      textLeft += kSwatch + 4;
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.setFont(font());
    painter.drawText(QRect(textLeft, top, kLabelWidth - textLeft - kGap, metrics.height()), Qt::AlignLeft,
                     metrics.elidedText(row.label, Qt::ElideMiddle, kLabelWidth - textLeft - kGap));
    if (!row.detail.isEmpty()) {
      painter.setFont(small);
      painter.setPen(palette().color(QPalette::PlaceholderText));
      painter.drawText(QRect(textLeft, top + metrics.height(), kLabelWidth - textLeft - kGap, metrics.height()),
                       Qt::AlignLeft,
                       QFontMetrics(small).elidedText(row.detail, Qt::ElideRight, kLabelWidth - textLeft - kGap));
    }
    int left = kLabelWidth;
    for (const QImage& image : row.images) {
      const QImage scaled = image.scaled(cell, cell, Qt::KeepAspectRatio, Qt::FastTransformation);
      painter.drawImage(left, top, scaled);
      left += cell + kGap;
    }
    if (!row.message.isEmpty()) {
      painter.setFont(small);
      painter.setPen(row.images.isEmpty() ? QColor(176, 0, 32) : palette().color(QPalette::PlaceholderText));
      const QRect area(left + kGap, top, std::max(40, width() - left - 2 * kGap), height - kGap);
      painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, row.message);
    }
  }
}

}  // namespace latentlab
