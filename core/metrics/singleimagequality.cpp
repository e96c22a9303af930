#include "metrics/singleimagequality.h"

#include "metrics/imagemetrics.h"

namespace latentlab {

ImageQuality measureImage(const float* output, const float* target, ImageShape shape) {
  const std::vector<std::int64_t> sizes{1, shape.channels, shape.height, shape.width};
  // from_blob only reads here; the metrics never write into their inputs.
  const auto outputTensor = torch::from_blob(const_cast<float*>(output), sizes);
  const auto targetTensor = torch::from_blob(const_cast<float*>(target), sizes);
  return measureQuality(outputTensor, targetTensor);
}

}  // namespace latentlab
