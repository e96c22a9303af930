#include "probe/probeitemsview.h"

#include <QHelpEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace latentlab {

namespace {
constexpr int kGap = 8;      // between pairs
constexpr int kInner = 2;    // between an original and its reconstruction
constexpr int kTarget = 56;  // scale small images up to about this side
}  // namespace

ProbeItemsView::ProbeItemsView(QWidget* parent) : QWidget(parent) {
  QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
}

void ProbeItemsView::setItems(QVector<ProbeItemTile> items) {
  mItems = std::move(items);
  updateGeometry();
  update();
}

void ProbeItemsView::setReconstructions(const QVector<QImage>& images) {
  for (int i = 0; i < int(mItems.size()) && i < int(images.size()); ++i) mItems[i].reconstruction = images[i];
  update();
}

void ProbeItemsView::setPlaceholder(const QString& text) {
  mPlaceholder = text;
  update();
}

int ProbeItemsView::reconstructionCount() const {
  return int(std::count_if(mItems.begin(), mItems.end(),
                           [](const ProbeItemTile& tile) { return !tile.reconstruction.isNull(); }));
}

int ProbeItemsView::imageSide() const {
  int side = 0;
  for (const ProbeItemTile& tile : mItems) side = std::max({side, tile.original.width(), tile.original.height()});
  if (side == 0) return 28;
  return side * std::max(1, kTarget / side);  // an integer zoom keeps pixel art crisp
}

QSize ProbeItemsView::tileSize() const {
  const int side = imageSide();
  return {2 * side + kInner, side + fontMetrics().height() + 2};
}

int ProbeItemsView::columnsFor(int width) const {
  return std::max(1, (width - kGap) / (tileSize().width() + kGap));
}

int ProbeItemsView::heightForWidth(int width) const {
  if (mItems.isEmpty()) return 3 * fontMetrics().height();
  const int rows = (int(mItems.size()) + columnsFor(width) - 1) / columnsFor(width);
  return kGap + rows * (tileSize().height() + kGap);
}

QSize ProbeItemsView::sizeHint() const {
  const int width = kGap + 4 * (tileSize().width() + kGap);
  return {width, heightForWidth(width)};
}

QSize ProbeItemsView::minimumSizeHint() const {
  return {kGap + tileSize().width() + kGap, mItems.isEmpty() ? 3 * fontMetrics().height() : tileSize().height()};
}

int ProbeItemsView::tileAt(const QPoint& position) const {
  const QSize tile = tileSize();
  const int column = (position.x() - kGap) / (tile.width() + kGap);
  const int row = (position.y() - kGap) / (tile.height() + kGap);
  if (position.x() < kGap || position.y() < kGap || column >= columnsFor(width())) return -1;
  const int index = row * columnsFor(width()) + column;
  return index < int(mItems.size()) ? index : -1;
}

bool ProbeItemsView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int index = tileAt(help->pos());
    QToolTip::showText(help->globalPos(), index >= 0 ? mItems[index].tooltip : toolTip(), this);
    return true;
  }
  return QWidget::event(event);
}

void ProbeItemsView::paintEvent(QPaintEvent* event) {
  QPainter painter(this);
  painter.fillRect(event->rect(), palette().base());
  if (mItems.isEmpty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(8, 4, -8, -4), Qt::AlignCenter | Qt::TextWordWrap, mPlaceholder);
    return;
  }
  const int side = imageSide();
  const QSize tile = tileSize();
  const int columns = columnsFor(width());
  QFont small = font();
  small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
  painter.setFont(small);
  for (int i = 0; i < int(mItems.size()); ++i) {
    const ProbeItemTile& item = mItems[i];
    const int left = kGap + (i % columns) * (tile.width() + kGap);
    const int top = kGap + (i / columns) * (tile.height() + kGap);
    const QRect originalRect(left, top, side, side);
    const QRect reconstructionRect(left + side + kInner, top, side, side);
    painter.drawImage(originalRect, item.original.scaled(side, side, Qt::KeepAspectRatio, Qt::FastTransformation));
    if (item.reconstruction.isNull())
      painter.fillRect(reconstructionRect, QColor(225, 225, 225));
    else
      painter.drawImage(reconstructionRect,
                        item.reconstruction.scaled(side, side, Qt::KeepAspectRatio, Qt::FastTransformation));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(left, top + side + 1, tile.width(), tile.height() - side - 1), Qt::AlignLeft | Qt::AlignTop,
                     QStringLiteral("#%1").arg(item.index));
  }
}

}  // namespace latentlab
