#pragma once

#include "data/dataset.h"

#include <vector>

namespace latentlab {

struct DatasetStats {
  std::vector<std::size_t> classCounts;  // one per class name
  std::vector<float> meanImage;          // shape.pixelCount() values in [0, 1]
};

// Label histogram and mean image over `indices` (all items when empty).
DatasetStats computeDatasetStats(const Dataset& dataset, const std::vector<std::size_t>& indices = {});

}  // namespace latentlab
