#pragma once

// Rows of images under each other, each with a label (and a colour swatch) on the
// left: the reconstruction grid of a comparison. A row without images shows why.
// Images are scaled up crisply (integer factors) to a readable size.

#include <QColor>
#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

namespace latentlab {

struct GridRow {
  QString label;
  QString detail;  // a second, smaller line under the label
  QColor color;    // the run's colour; invalid for no swatch
  QVector<QImage> images;
  QString message;  // shown instead of images (why there are none), or beside them as a note
  QString tooltip;
};

class ImageGridView : public QWidget {
  Q_OBJECT
public:
  explicit ImageGridView(QWidget* parent = nullptr);

  void setRows(QVector<GridRow> rows);
  // Shown when there are no rows.
  void setPlaceholder(const QString& text);
  int rowCount() const { return int(mRows.size()); }
  const GridRow& row(int index) const { return mRows[index]; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;

protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

private:
  int imageSide() const;
  int cellSizeFor(int width) const;
  int cellSize() const;
  int rowHeightFor(int cell) const;
  int columns() const;
  int rowHeight() const;
  int rowAt(int y) const;

  QVector<GridRow> mRows;
  QString mPlaceholder;
};

}  // namespace latentlab
