#include "common/imageconversion.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

QImage toQImage(const std::uint8_t* planar, const ImageShape& shape) {
  const int width = shape.width, height = shape.height;
  const std::size_t plane = std::size_t(width) * height;
  if (shape.channels == 1) {
    QImage image(width, height, QImage::Format_Grayscale8);
    for (int y = 0; y < height; ++y) std::copy_n(planar + std::size_t(y) * width, width, image.scanLine(y));
    return image;
  }
  QImage image(width, height, QImage::Format_RGB888);
  for (int y = 0; y < height; ++y) {
    uchar* line = image.scanLine(y);
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < 3; ++c)
        line[x * 3 + c] = planar[std::size_t(std::min(c, shape.channels - 1)) * plane + std::size_t(y) * width + x];
  }
  return image;
}

QImage toQImage(const float* planar, const ImageShape& shape) {
  std::vector<std::uint8_t> bytes(shape.pixelCount());
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = std::uint8_t(std::lround(std::clamp(planar[i], 0.0f, 1.0f) * 255.0f));
  return toQImage(bytes.data(), shape);
}

QImage datasetImage(const Dataset& dataset, std::size_t index) {
  return toQImage(dataset.image(index), dataset.shape);
}

QImage scaledCrisp(const QImage& image, int factor) {
  return image.scaled(image.width() * factor, image.height() * factor, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

}  // namespace latentlab
