#include "images/mnistnormalize.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr float kInkThreshold = 0.05f;  // fainter pixels (the brush's soft edge) do not widen the box
constexpr int kSubsamples = 4;

struct Box {
  int left, top, right, bottom;  // inclusive
  int width() const { return right - left + 1; }
  int height() const { return bottom - top + 1; }
};

bool inkBox(const std::vector<float>& ink, int side, Box& box) {
  box = {side, side, -1, -1};
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      if (ink[std::size_t(y) * std::size_t(side) + std::size_t(x)] > kInkThreshold) {
        box.left = std::min(box.left, x);
        box.right = std::max(box.right, x);
        box.top = std::min(box.top, y);
        box.bottom = std::max(box.bottom, y);
      }
  return box.right >= 0;
}

// Bilinear sample of the image at a continuous position (pixel centres at integers), 0 outside.
float sample(const std::vector<float>& ink, int side, double x, double y) {
  const int x0 = int(std::floor(x)), y0 = int(std::floor(y));
  const double fx = x - x0, fy = y - y0;
  auto at = [&](int px, int py) -> double {
    if (px < 0 || py < 0 || px >= side || py >= side) return 0.0;
    return ink[std::size_t(py) * std::size_t(side) + std::size_t(px)];
  };
  return float((1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
               fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1)));
}
}  // namespace

std::vector<float> normalizeLikeMnist(const std::vector<float>& ink, int side) {
  if (side < 4 || ink.size() != std::size_t(side) * std::size_t(side))
    throw usageError("a drawing to normalize must be square, at least 4x4, and hold side x side values");
  Box box{};
  if (!inkBox(ink, side, box)) return ink;

  // Scale the box to fit `fit` pixels, aspect kept (MNIST: 20 of 28).
  const double fit = std::max(1.0, std::round(double(side) * 20.0 / 28.0));
  const double scale = fit / double(std::max(box.width(), box.height()));
  const int outWidth = std::max(1, int(std::lround(box.width() * scale)));
  const int outHeight = std::max(1, int(std::lround(box.height() * scale)));
  std::vector<float> scaled(std::size_t(outWidth) * std::size_t(outHeight), 0.0f);
  for (int y = 0; y < outHeight; ++y)
    for (int x = 0; x < outWidth; ++x) {
      double sum = 0.0;
      for (int sy = 0; sy < kSubsamples; ++sy)
        for (int sx = 0; sx < kSubsamples; ++sx) {
          // The subsample's position in the output, mapped back into the source box's pixel grid.
          const double ox = x + (sx + 0.5) / kSubsamples, oy = y + (sy + 0.5) / kSubsamples;
          sum += sample(ink, side, box.left - 0.5 + ox / scale, box.top - 0.5 + oy / scale);
        }
      scaled[std::size_t(y) * std::size_t(outWidth) + std::size_t(x)] =
          float(std::clamp(sum / (kSubsamples * kSubsamples), 0.0, 1.0));
    }

  // Centre of mass of the scaled ink, moved to the frame's centre by whole pixels.
  double mass = 0.0, cx = 0.0, cy = 0.0;
  for (int y = 0; y < outHeight; ++y)
    for (int x = 0; x < outWidth; ++x) {
      const double v = scaled[std::size_t(y) * std::size_t(outWidth) + std::size_t(x)];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  if (!(mass > 0.0)) return ink;
  int left = int(std::lround(side / 2.0 - cx / mass));
  int top = int(std::lround(side / 2.0 - cy / mass));
  left = std::clamp(left, 0, side - outWidth);
  top = std::clamp(top, 0, side - outHeight);
  std::vector<float> framed(ink.size(), 0.0f);
  for (int y = 0; y < outHeight; ++y)
    for (int x = 0; x < outWidth; ++x)
      framed[std::size_t(top + y) * std::size_t(side) + std::size_t(left + x)] =
          scaled[std::size_t(y) * std::size_t(outWidth) + std::size_t(x)];
  return framed;
}

}  // namespace latentlab
