#pragma once

#include "inpaint/inpainting.h"

#include <QImage>
#include <QPoint>
#include <QWidget>

#include <vector>

namespace latentlab {

// A sample shown large (nearest-neighbour, pixels visible) on which the user
// paints the inpainting mask: left button paints (or erases in erase mode),
// the right button always erases. Each stroke is one undo step.
class MaskCanvas : public QWidget {
  Q_OBJECT
public:
  explicit MaskCanvas(QWidget* parent = nullptr);

  // The picture under the mask; the mask is kept when the size stays the same.
  void setImage(const QImage& image);
  QImage image() const { return mImage; }
  int imageWidth() const { return mImage.width(); }
  int imageHeight() const { return mImage.height(); }

  const InpaintMask& mask() const { return mMask; }
  // Replaces the mask as one undoable step (random boxes); a wrong size is ignored.
  void setMask(const InpaintMask& mask);
  int maskedCount() const;

  int brushSize() const { return mBrushSize; }
  void setBrushSize(int pixels);
  bool erasing() const { return mErasing; }
  void setErasing(bool erasing);

  void clear();
  bool undo();
  int undoDepth() const { return int(mUndo.size()); }

  // The image pixel under a widget position (-1, -1 outside), and the widget
  // position of a pixel's centre (tests click there).
  QPoint pixelAt(const QPointF& position) const;
  QPoint widgetPosition(int x, int y) const;
  // The pixels a brush of `size` covers around (0, 0): a disk, a square up to 3.
  static std::vector<QPoint> brushOffsets(int size);

  QSize sizeHint() const override { return {420, 420}; }
  QSize minimumSizeHint() const override { return {224, 224}; }

Q_SIGNALS:
  void maskChanged();

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

private:
  QRectF imageRect() const;
  void pushUndo();
  bool stamp(QPoint pixel, bool erase);
  bool strokeTo(QPoint pixel, bool erase);

  QImage mImage;
  InpaintMask mMask;
  std::vector<InpaintMask> mUndo;
  int mBrushSize = 2;
  bool mErasing = false;
  bool mStroking = false;
  bool mStrokeErases = false;
  QPoint mLastPixel{-1, -1};
  QPoint mHoverPixel{-1, -1};
};

}  // namespace latentlab
