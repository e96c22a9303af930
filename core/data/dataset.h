#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace latentlab {

// Channels x height x width of one image.
struct ImageShape {
  int channels = 0;
  int height = 0;
  int width = 0;

  std::size_t pixelCount() const { return std::size_t(channels) * height * width; }
  std::string toString() const;  // "1x28x28"
  bool operator==(const ImageShape& other) const {
    return channels == other.channels && height == other.height && width == other.width;
  }
  bool operator!=(const ImageShape& other) const { return !(*this == other); }
};

// A labelled image dataset held in memory as uint8 [N, C, H, W] plus int64
// labels. Conversion to float happens per batch, so 70,000 MNIST images take
// 55 MB rather than 220 MB. Deliberately free of Qt and LibTorch, so the GUI's
// browser and the readers compile fast.
struct Dataset {
  std::string name;    // "mnist", "fashion-mnist", or the folder name
  std::string source;  // where it was read from, for messages
  ImageShape shape;
  std::vector<std::uint8_t> pixels;  // N * shape.pixelCount(), channel-planar per image
  std::vector<std::int64_t> labels;  // N, in [0, classNames.size())
  std::vector<std::string> classNames;
  // Items [0, officialTrainCount) are the set's own training part and the rest its
  // test part (MNIST's 60k/10k); equal to size() when the set has no official split.
  std::size_t officialTrainCount = 0;

  std::size_t size() const { return labels.size(); }
  const std::uint8_t* image(std::size_t index) const { return pixels.data() + index * shape.pixelCount(); }
  bool hasOfficialTestPart() const { return officialTrainCount < size(); }
};

using DatasetPtr = std::shared_ptr<const Dataset>;

// Appends `tail` to `head` (same shape and classes); used to join train and test files.
void appendDataset(Dataset& head, const Dataset& tail);

// Keeps the first `limit` items of each official part, proportionally; 0 keeps all.
void limitDataset(Dataset& dataset, std::size_t limit);

// The ten digit names "0".."9".
std::vector<std::string> digitClassNames();

}  // namespace latentlab
