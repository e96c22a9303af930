#include "playground/drawpad.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace latentlab {

DrawPad::DrawPad(QWidget* parent) : QWidget(parent) {
  mInk.assign(std::size_t(mWidth) * std::size_t(mHeight), 0.0f);
  setCursor(Qt::CrossCursor);
  setFocusPolicy(Qt::StrongFocus);  // a stroke gives the pad the keyboard (Delete clears)
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setToolTip(tr("Draw with the left button, erase with the right; Delete clears"));
}

void DrawPad::setCanvasSize(int width, int height) {
  if (width == mWidth && height == mHeight) return;
  mWidth = std::max(1, width);
  mHeight = std::max(1, height);
  mInk.assign(std::size_t(mWidth) * std::size_t(mHeight), 0.0f);
  update();
  Q_EMIT inkChanged();
}

QImage DrawPad::image() const {
  QImage image(mWidth, mHeight, QImage::Format_Grayscale8);
  for (int y = 0; y < mHeight; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < mWidth; ++x)
      line[x] = uchar(std::lround(std::clamp(mInk[std::size_t(y * mWidth + x)], 0.0f, 1.0f) * 255));
  }
  return image;
}

bool DrawPad::isEmpty() const {
  return std::all_of(mInk.begin(), mInk.end(), [](float v) { return v < 1e-3f; });
}

void DrawPad::setBrushRadius(double pixels) {
  mRadius = std::clamp(pixels, 0.5, 6.0);
}

void DrawPad::clear() {
  std::fill(mInk.begin(), mInk.end(), 0.0f);
  update();
  Q_EMIT inkChanged();
  Q_EMIT strokeFinished();
}

QRectF DrawPad::canvasRect() const {
  const double scale = std::min(double(width()) / mWidth, double(height()) / mHeight);
  const double w = mWidth * scale, h = mHeight * scale;
  return QRectF((width() - w) / 2.0, (height() - h) / 2.0, w, h);
}

QPointF DrawPad::canvasPoint(const QPointF& position) const {
  const QRectF rect = canvasRect();
  return QPointF((position.x() - rect.left()) / rect.width() * mWidth,
                 (position.y() - rect.top()) / rect.height() * mHeight);
}

QPoint DrawPad::widgetPosition(QPointF canvas) const {
  const QRectF rect = canvasRect();
  return QPoint(int(rect.left() + canvas.x() / mWidth * rect.width()),
                int(rect.top() + canvas.y() / mHeight * rect.height()));
}

void DrawPad::dab(QPointF centre, bool erase) {
  // A Gaussian stamp with a flat top: solid in the middle, anti-aliased at the rim.
  const double sigma = mRadius / 1.4;
  const int reach = int(std::ceil(mRadius * 2.2));
  const int cx = int(std::floor(centre.x())), cy = int(std::floor(centre.y()));
  for (int y = cy - reach; y <= cy + reach; ++y) {
    if (y < 0 || y >= mHeight) continue;
    for (int x = cx - reach; x <= cx + reach; ++x) {
      if (x < 0 || x >= mWidth) continue;
      const double dx = x + 0.5 - centre.x(), dy = y + 0.5 - centre.y();
      const float v = float(std::min(1.0, 1.6 * std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma))));
      float& cell = mInk[std::size_t(y * mWidth + x)];
      cell = erase ? std::min(cell, 1.0f - v) : std::max(cell, v);
    }
  }
}

void DrawPad::drawStroke(QPointF from, QPointF to, bool erase) {
  const double length = std::hypot(to.x() - from.x(), to.y() - from.y());
  const int steps = std::max(1, int(std::ceil(length / 0.25)));
  for (int s = 0; s <= steps; ++s) dab(from + (to - from) * (double(s) / steps), erase);
  update();
  Q_EMIT inkChanged();
}

void DrawPad::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton && event->button() != Qt::RightButton) return;
  mDrawing = true;
  mErasing = event->button() == Qt::RightButton;
  mLast = canvasPoint(event->position());
  drawStroke(mLast, mLast, mErasing);
}

void DrawPad::mouseMoveEvent(QMouseEvent* event) {
  if (!mDrawing) return;
  const QPointF point = canvasPoint(event->position());
  drawStroke(mLast, point, mErasing);
  mLast = point;
}

void DrawPad::mouseReleaseEvent(QMouseEvent*) {
  if (!mDrawing) return;
  mDrawing = false;
  Q_EMIT strokeFinished();
}

void DrawPad::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  const QRectF target = canvasRect();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  painter.drawImage(target, image());
  painter.setPen(QPen(QColor(128, 128, 128, 90), 1));
  painter.drawRect(target.adjusted(0, 0, -1, -1));
}

void DrawPad::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
    clear();
    return;
  }
  QWidget::keyPressEvent(event);
}

}  // namespace latentlab
