#pragma once

// Test items as pairs, original | reconstruction, wrapped into rows (the items of a
// confusion cell). Images are scaled up crisply; a pair's tooltip names its item.

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

#include <cstddef>

namespace latentlab {

struct ProbeItemTile {
  std::size_t index = 0;  // the dataset item
  QImage original;
  QImage reconstruction;  // null until decoded
  QString tooltip;
};

class ProbeItemsView : public QWidget {
  Q_OBJECT
public:
  explicit ProbeItemsView(QWidget* parent = nullptr);

  void setItems(QVector<ProbeItemTile> items);
  // The reconstructions of the items, in their order.
  void setReconstructions(const QVector<QImage>& images);
  // Shown when there are no items.
  void setPlaceholder(const QString& text);

  int itemCount() const { return int(mItems.size()); }
  const ProbeItemTile& item(int i) const { return mItems[i]; }
  int reconstructionCount() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;

protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

private:
  int imageSide() const;  // the images' side, scaled up
  QSize tileSize() const;
  int columnsFor(int width) const;
  int tileAt(const QPoint& position) const;

  QVector<ProbeItemTile> mItems;
  QString mPlaceholder;
};

}  // namespace latentlab
