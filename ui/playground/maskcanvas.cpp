#include "playground/maskcanvas.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr std::size_t kUndoLimit = 100;
}

MaskCanvas::MaskCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setCursor(Qt::CrossCursor);
  // A click gives the canvas the keyboard, so the page's keys ([ ] E Ctrl+Z) work right after painting.
  setFocusPolicy(Qt::StrongFocus);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setToolTip(
      tr("Paint the holes to fill: left button paints (or erases in erase mode), right button erases; Ctrl+Z undoes a "
         "stroke"));
}

void MaskCanvas::setImage(const QImage& image) {
  const bool sameSize = !mImage.isNull() && image.size() == mImage.size();
  mImage = image;
  if (!sameSize) {
    mMask.assign(std::size_t(std::max(0, image.width() * image.height())), 0);
    mUndo.clear();
    Q_EMIT maskChanged();
  }
  update();
}

void MaskCanvas::setMask(const InpaintMask& mask) {
  if (mask.size() != mMask.size()) return;
  pushUndo();
  mMask = mask;
  update();
  Q_EMIT maskChanged();
}

int MaskCanvas::maskedCount() const {
  return int(std::count(mMask.begin(), mMask.end(), std::uint8_t(1)));
}

void MaskCanvas::setBrushSize(int pixels) {
  mBrushSize = std::clamp(pixels, 1, 32);
  update();
}

void MaskCanvas::setErasing(bool erasing) {
  mErasing = erasing;
}

void MaskCanvas::clear() {
  if (maskedCount() == 0) return;
  pushUndo();
  std::fill(mMask.begin(), mMask.end(), std::uint8_t(0));
  update();
  Q_EMIT maskChanged();
}

bool MaskCanvas::undo() {
  if (mUndo.empty()) return false;
  mMask = mUndo.back();
  mUndo.pop_back();
  update();
  Q_EMIT maskChanged();
  return true;
}

void MaskCanvas::pushUndo() {
  mUndo.push_back(mMask);
  if (mUndo.size() > kUndoLimit) mUndo.erase(mUndo.begin());
}

QRectF MaskCanvas::imageRect() const {
  if (mImage.isNull()) return {};
  // Whole screen pixels per image pixel when there is room: every pixel the same size.
  double scale = std::min(double(width()) / mImage.width(), double(height()) / mImage.height());
  if (scale >= 1.0) scale = std::floor(scale);
  const double w = mImage.width() * scale, h = mImage.height() * scale;
  return QRectF((width() - w) / 2.0, (height() - h) / 2.0, w, h);
}

QPoint MaskCanvas::pixelAt(const QPointF& position) const {
  const QRectF rect = imageRect();
  if (rect.isEmpty() || !rect.contains(position)) return {-1, -1};
  const int x = std::clamp(int((position.x() - rect.left()) / rect.width() * mImage.width()), 0, mImage.width() - 1);
  const int y = std::clamp(int((position.y() - rect.top()) / rect.height() * mImage.height()), 0, mImage.height() - 1);
  return {x, y};
}

QPoint MaskCanvas::widgetPosition(int x, int y) const {
  const QRectF rect = imageRect();
  const double cell = rect.width() / std::max(1, mImage.width());
  return QPoint(int(rect.left() + (x + 0.5) * cell),
                int(rect.top() + (y + 0.5) * rect.height() / std::max(1, mImage.height())));
}

std::vector<QPoint> MaskCanvas::brushOffsets(int size) {
  std::vector<QPoint> offsets;
  const int low = -(size - 1) / 2, high = size / 2;
  const double centre = (low + high) / 2.0;
  const double radius = size / 2.0;
  for (int dy = low; dy <= high; ++dy)
    for (int dx = low; dx <= high; ++dx) {
      const double ex = dx - centre, ey = dy - centre;
      if (size <= 3 || ex * ex + ey * ey <= radius * radius + 0.25) offsets.emplace_back(dx, dy);
    }
  return offsets;
}

bool MaskCanvas::stamp(QPoint pixel, bool erase) {
  bool changed = false;
  const std::uint8_t value = erase ? 0 : 1;
  for (const QPoint& offset : brushOffsets(mBrushSize)) {
    const int x = pixel.x() + offset.x(), y = pixel.y() + offset.y();
    if (x < 0 || y < 0 || x >= mImage.width() || y >= mImage.height()) continue;
    std::uint8_t& cell = mMask[std::size_t(y) * std::size_t(mImage.width()) + std::size_t(x)];
    if (cell != value) {
      cell = value;
      changed = true;
    }
  }
  return changed;
}

bool MaskCanvas::strokeTo(QPoint pixel, bool erase) {
  // Every pixel on the line from the last position: fast strokes leave no gaps.
  if (mLastPixel.x() < 0) mLastPixel = pixel;
  const int steps = std::max(std::abs(pixel.x() - mLastPixel.x()), std::abs(pixel.y() - mLastPixel.y()));
  bool changed = false;
  for (int s = 1; s <= steps; ++s) {
    const double t = double(s) / steps;
    changed |= stamp(QPoint(int(std::lround(mLastPixel.x() + t * (pixel.x() - mLastPixel.x()))),
                            int(std::lround(mLastPixel.y() + t * (pixel.y() - mLastPixel.y())))),
                     erase);
  }
  if (steps == 0) changed |= stamp(pixel, erase);
  mLastPixel = pixel;
  return changed;
}

void MaskCanvas::mousePressEvent(QMouseEvent* event) {
  const QPoint pixel = pixelAt(event->position());
  if (mImage.isNull() || (event->button() != Qt::LeftButton && event->button() != Qt::RightButton)) return;
  mStroking = true;
  mStrokeErases = event->button() == Qt::RightButton || mErasing;
  pushUndo();
  mLastPixel = QPoint(-1, -1);
  if (pixel.x() >= 0 && strokeTo(pixel, mStrokeErases)) {
    update();
    Q_EMIT maskChanged();
  }
}

void MaskCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pixel = pixelAt(event->position());
  if (pixel != mHoverPixel) {
    mHoverPixel = pixel;
    update();
  }
  if (!mStroking || pixel.x() < 0) return;
  if (strokeTo(pixel, mStrokeErases)) {
    update();
    Q_EMIT maskChanged();
  }
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (!mStroking) return;
  mStroking = false;
  mLastPixel = QPoint(-1, -1);
  // A click that changed nothing is no undo step.
  if (!mUndo.empty() && mUndo.back() == mMask) mUndo.pop_back();
  Q_UNUSED(event);
}

void MaskCanvas::leaveEvent(QEvent*) {
  mHoverPixel = QPoint(-1, -1);
  update();
}

void MaskCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  const QRectF target = imageRect();
  if (mImage.isNull()) {
    painter.drawText(rect(), Qt::AlignCenter, tr("No image: load a dataset or open an image."));
    return;
  }
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  painter.drawImage(target, mImage);
  // The mask: translucent red over the holes.
  QImage overlay(mImage.size(), QImage::Format_ARGB32_Premultiplied);
  overlay.fill(Qt::transparent);
  const QRgb hole = qPremultiply(qRgba(230, 40, 40, 150));
  for (int y = 0; y < mImage.height(); ++y) {
    auto* line = reinterpret_cast<QRgb*>(overlay.scanLine(y));
    for (int x = 0; x < mImage.width(); ++x)
      if (mMask[std::size_t(y) * std::size_t(mImage.width()) + std::size_t(x)]) line[x] = hole;
  }
  painter.drawImage(target, overlay);
  const double cell = target.width() / mImage.width();
  if (cell >= 8) {  // a faint pixel grid once pixels are big enough to aim at
    painter.setPen(QPen(QColor(128, 128, 128, 60), 0));
    for (int x = 1; x < mImage.width(); ++x)
      painter.drawLine(QPointF(target.left() + x * cell, target.top()),
                       QPointF(target.left() + x * cell, target.bottom()));
    for (int y = 1; y < mImage.height(); ++y)
      painter.drawLine(QPointF(target.left(), target.top() + y * cell),
                       QPointF(target.right(), target.top() + y * cell));
  }
  if (mHoverPixel.x() >= 0) {  // the brush's footprint under the cursor
    painter.setPen(QPen(mErasing ? QColor(40, 160, 255) : QColor(255, 200, 0), 1));
    painter.setBrush(Qt::NoBrush);
    for (const QPoint& offset : brushOffsets(mBrushSize)) {
      const int x = mHoverPixel.x() + offset.x(), y = mHoverPixel.y() + offset.y();
      if (x < 0 || y < 0 || x >= mImage.width() || y >= mImage.height()) continue;
      painter.drawRect(
          QRectF(target.left() + x * cell, target.top() + y * cell, cell, cell).adjusted(0.5, 0.5, -0.5, -0.5));
    }
  }
}

}  // namespace latentlab
