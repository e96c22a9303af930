#include "playground/playgroundimages.h"

#include "common/imageconversion.h"
#include "images/imageconversion.h"
#include "metrics/singleimagequality.h"

#include <QObject>

namespace latentlab {

QString noModelMessage() {
  return QObject::tr("Train a model or open a run first (Training tab, or File > Open run…).");
}

QString ganModelMessage() {
  return QObject::tr("A GAN has no encoder, and this tool encodes its input: train or open an autoencoder run.");
}

std::vector<float> toUnitFloats(const std::uint8_t* bytes, std::size_t count) {
  std::vector<float> floats(count);
  for (std::size_t i = 0; i < count; ++i) floats[i] = float(bytes[i]) / 255.0f;
  return floats;
}

std::vector<float> itemInShape(const Dataset& dataset, std::size_t index, ImageShape shape) {
  if (dataset.shape == shape) return toUnitFloats(dataset.image(index), shape.pixelCount());
  const std::vector<std::uint8_t> converted = convertImage(dataset.image(index), dataset.shape, shape);
  return toUnitFloats(converted.data(), converted.size());
}

std::vector<float> reconstruct(const ModelSnapshot& model, const float* images, int count) {
  const std::vector<float> codes = model.encode(images, count);
  return model.decode(codes.data(), count);
}

QImage floatImage(const std::vector<float>& pixels, ImageShape shape, std::size_t offset) {
  if (pixels.size() < offset + shape.pixelCount() || shape.pixelCount() == 0) return {};
  return toQImage(pixels.data() + offset, shape);
}

double meanSquaredError(const float* a, const float* b, std::size_t count) {
  if (count == 0) return 0.0;
  double sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += double(a[i] - b[i]) * double(a[i] - b[i]);
  return sum / double(count);
}

QString qualityCaption(const float* output, const float* target, ImageShape shape) {
  const ImageQuality q = measureImage(output, target, shape);
  return QObject::tr("MSE %1 · SSIM %2\nPSNR %3 dB · SNR %4 dB")
      .arg(q.mse, 0, 'f', 4)
      .arg(q.ssim, 0, 'f', 2)
      .arg(q.psnr, 0, 'f', 1)
      .arg(q.snrDb, 0, 'f', 1);
}

std::vector<std::size_t> spreadItems(const std::vector<std::size_t>& pool, std::size_t datasetSize, std::size_t count,
                                     std::size_t offset) {
  std::vector<std::size_t> all = pool;
  if (all.empty())
    for (std::size_t i = 0; i < datasetSize; ++i) all.push_back(i);
  std::vector<std::size_t> picked;
  if (all.empty()) return picked;
  count = std::min(count, all.size());
  for (std::size_t k = 0; k < count; ++k) picked.push_back(all[(k * all.size() / count + offset) % all.size()]);
  return picked;
}

}  // namespace latentlab
