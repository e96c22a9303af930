#include "latent/decodedimages.h"

#include "common/imageconversion.h"

#include <QPainter>

namespace latentlab {

std::vector<QImage> decodeToImages(const ModelSnapshot& model, const float* codes, int count) {
  std::vector<QImage> images;
  if (count <= 0) return images;
  const std::vector<float> pixels = model.decode(codes, count);
  const ImageShape shape = model.outputShape();
  for (int i = 0; i < count; ++i)
    images.push_back(toQImage(pixels.data() + std::size_t(i) * shape.pixelCount(), shape));
  return images;
}

QImage decodeToImage(const ModelSnapshot& model, const std::vector<float>& code) {
  if (int(code.size()) != model.codeSize()) return {};
  return decodeToImages(model, code.data(), 1).front();
}

QString formatCode(const float* code, int size, int decimals, int maxValues) {
  QStringList values;
  for (int i = 0; i < std::min(size, maxValues); ++i) values << QString::number(code[i], 'f', decimals);
  if (size > maxValues) values << QStringLiteral("… (%1 values)").arg(size);
  return "[" + values.join(", ") + "]";
}

QImage composeStrip(const std::vector<QImage>& images, int side, int gap) {
  if (images.empty()) return {};
  QImage strip(int(images.size()) * (side + gap) - gap, side, QImage::Format_RGB32);
  strip.fill(Qt::white);
  QPainter painter(&strip);
  for (std::size_t i = 0; i < images.size(); ++i)
    painter.drawImage(QRect(int(i) * (side + gap), 0, side, side), images[i]);
  return strip;
}

}  // namespace latentlab
