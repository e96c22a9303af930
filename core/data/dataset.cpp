#include "data/dataset.h"

#include "common/error.h"

#include <algorithm>

namespace latentlab {

std::string ImageShape::toString() const {
  return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

void appendDataset(Dataset& head, const Dataset& tail) {
  if (head.shape != tail.shape)
    throw inputError(tail.source + " holds " + tail.shape.toString() + " images but " + head.source + " holds " +
                     head.shape.toString() + "; the files do not belong to one dataset");
  head.pixels.insert(head.pixels.end(), tail.pixels.begin(), tail.pixels.end());
  head.labels.insert(head.labels.end(), tail.labels.begin(), tail.labels.end());
  if (tail.classNames.size() > head.classNames.size()) head.classNames = tail.classNames;
}

void limitDataset(Dataset& dataset, std::size_t limit) {
  const std::size_t total = dataset.size();
  if (limit == 0 || limit >= total) return;
  const std::size_t trainPart = dataset.officialTrainCount;
  const std::size_t testPart = total - trainPart;
  // Keep the official proportions so a limited MNIST still has a test part.
  std::size_t keepTest = testPart == 0 ? 0 : std::max<std::size_t>(1, limit * testPart / total);
  std::size_t keepTrain = std::min(trainPart, limit - keepTest);
  keepTest = std::min(testPart, limit - keepTrain);

  const std::size_t pixelsPerImage = dataset.shape.pixelCount();
  std::vector<std::uint8_t> pixels;
  std::vector<std::int64_t> labels;
  pixels.reserve(limit * pixelsPerImage);
  auto keepRange = [&](std::size_t begin, std::size_t count) {
    pixels.insert(pixels.end(), dataset.pixels.begin() + begin * pixelsPerImage,
                  dataset.pixels.begin() + (begin + count) * pixelsPerImage);
    labels.insert(labels.end(), dataset.labels.begin() + begin, dataset.labels.begin() + begin + count);
  };
  keepRange(0, keepTrain);
  keepRange(trainPart, keepTest);
  dataset.pixels = std::move(pixels);
  dataset.labels = std::move(labels);
  dataset.officialTrainCount = keepTrain;
}

std::vector<std::string> digitClassNames() {
  std::vector<std::string> names;
  for (int digit = 0; digit < 10; ++digit) names.push_back(std::to_string(digit));
  return names;
}

}  // namespace latentlab
