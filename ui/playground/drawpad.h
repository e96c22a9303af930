#pragma once

#include <QImage>
#include <QPointF>
#include <QWidget>

#include <vector>

namespace latentlab {

// A small gray canvas (the model's input size) shown large, drawn on with a
// soft, anti-aliased brush: white ink on black like MNIST. Left button draws,
// right button erases.
class DrawPad : public QWidget {
  Q_OBJECT
public:
  explicit DrawPad(QWidget* parent = nullptr);

  // Clears the pad when the size changes.
  void setCanvasSize(int width, int height);
  int canvasWidth() const { return mWidth; }
  int canvasHeight() const { return mHeight; }
  // Ink per pixel (height x width, [0, 1]).
  const std::vector<float>& ink() const { return mInk; }
  QImage image() const;
  bool isEmpty() const;

  double brushRadius() const { return mRadius; }
  void setBrushRadius(double pixels);
  void clear();
  // Draws (or erases) a stroke between two points in canvas pixel coordinates.
  void drawStroke(QPointF from, QPointF to, bool erase = false);
  // The widget position of a canvas coordinate (tests draw there).
  QPoint widgetPosition(QPointF canvas) const;

  QSize sizeHint() const override { return {392, 392}; }
  QSize minimumSizeHint() const override { return {196, 196}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override { return width; }

Q_SIGNALS:
  void inkChanged();
  void strokeFinished();

protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;  // Delete or Backspace clears the drawing

private:
  QRectF canvasRect() const;
  QPointF canvasPoint(const QPointF& widgetPosition) const;
  void dab(QPointF centre, bool erase);

  int mWidth = 28, mHeight = 28;
  std::vector<float> mInk;
  double mRadius = 1.2;
  bool mDrawing = false;
  bool mErasing = false;
  QPointF mLast;
};

}  // namespace latentlab
