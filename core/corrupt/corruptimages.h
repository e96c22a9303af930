#pragma once

#include "corrupt/corruption.h"
#include "data/dataset.h"

#include <vector>

namespace latentlab {

// Corrupted copies of dataset images as bytes, for previews (the Data tab's
// clean | corrupted pairs). Torch-free interface; the same code as training.
struct ImageBatchBytes {
  ImageShape shape;  // of one image (1 channel after "gray")
  std::vector<std::uint8_t> pixels;
  std::size_t count = 0;
};

ImageBatchBytes corruptDatasetImages(const Dataset& dataset, const std::vector<std::size_t>& indices,
                                     const Corruption& corruption, std::uint64_t seed);

}  // namespace latentlab
