#include "data/datasetstats.h"

#include <algorithm>

namespace latentlab {

DatasetStats computeDatasetStats(const Dataset& dataset, const std::vector<std::size_t>& indices) {
  DatasetStats stats;
  stats.classCounts.assign(dataset.classNames.size(), 0);
  const std::size_t pixels = dataset.shape.pixelCount();
  std::vector<std::uint64_t> sums(pixels, 0);
  const std::size_t count = indices.empty() ? dataset.size() : indices.size();
  for (std::size_t n = 0; n < count; ++n) {
    const std::size_t index = indices.empty() ? n : indices[n];
    const auto label = std::size_t(dataset.labels[index]);
    if (label >= stats.classCounts.size()) stats.classCounts.resize(label + 1, 0);
    ++stats.classCounts[label];
    const std::uint8_t* image = dataset.image(index);
    for (std::size_t p = 0; p < pixels; ++p) sums[p] += image[p];
  }
  stats.meanImage.resize(pixels);
  for (std::size_t p = 0; p < pixels; ++p)
    stats.meanImage[p] = count ? float(double(sums[p]) / (255.0 * double(count))) : 0.0f;
  return stats;
}

}  // namespace latentlab
