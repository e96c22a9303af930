#include "report/corruptionfigure.h"

#include "common/error.h"
#include "corrupt/corruptimages.h"
#include "images/imageconversion.h"

#include <algorithm>

namespace latentlab {

std::string corruptionTask(const Corruption& corruption) {
  for (const auto& step : corruption.steps)
    if (step.kind == CorruptionKind::Occlude) return "Inpainting";
  if (corruption.hasGray()) return "Colorization";
  return "Denoising";
}

CorruptionFigure corruptionFigure(const ModelSnapshot& model, const Dataset& dataset,
                                  const std::vector<std::size_t>& shown, const std::vector<std::size_t>& evaluated,
                                  const Corruption& corruption, std::uint64_t seed, const JobContext& job) {
  if (corruption.empty()) throw usageError("a corruption figure needs a corruption ({corruption})");
  CorruptionFigure figure;
  figure.task = corruptionTask(corruption);
  figure.quality = evaluateSnapshot(model, dataset, evaluated, corruption, seed, job);

  // The grid: the inputs exactly as the trainer corrupts them, then the model's outputs.
  const ImageBatchBytes corrupted = corruptDatasetImages(dataset, shown, corruption, seed);
  const ImageShape in = model.inputShape(), out = model.outputShape();
  std::vector<float> inputs;
  inputs.reserve(shown.size() * in.pixelCount());
  for (std::size_t n = 0; n < shown.size(); ++n) {
    const std::uint8_t* bytes = corrupted.pixels.data() + n * corrupted.shape.pixelCount();
    const std::vector<std::uint8_t> converted = corrupted.shape == in
                                                    ? std::vector<std::uint8_t>(bytes, bytes + in.pixelCount())
                                                    : convertImage(bytes, corrupted.shape, in);
    for (const std::uint8_t value : converted) inputs.push_back(float(value) / 255.0f);
  }
  const int count = int(shown.size());
  const std::vector<float> codes = model.encode(inputs.data(), count);
  const std::vector<float> outputs = model.decode(codes.data(), count);
  std::vector<RasterImage> cells;
  for (std::size_t n = 0; n < shown.size(); ++n)
    cells.push_back(rasterFromPlanar(inputs.data() + n * in.pixelCount(), in.channels, in.height, in.width));
  for (std::size_t n = 0; n < shown.size(); ++n)
    cells.push_back(rasterFromPlanar(outputs.data() + n * out.pixelCount(), out.channels, out.height, out.width));
  for (const std::size_t index : shown) {
    const std::vector<std::uint8_t> clean =
        dataset.shape == out ? std::vector<std::uint8_t>(dataset.image(index), dataset.image(index) + out.pixelCount())
                             : convertImage(dataset.image(index), dataset.shape, out);
    cells.push_back(rasterFromPlanar(clean.data(), out.channels, out.height, out.width));
  }
  const int scale = std::max(1, 84 / std::max(1, out.height));
  figure.grid = imageGrid(cells, count, scale, 4);
  return figure;
}

}  // namespace latentlab
