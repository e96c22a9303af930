#include "corrupt/corruptimages.h"

#include "train/batchloader.h"

namespace latentlab {

ImageBatchBytes corruptDatasetImages(const Dataset& dataset, const std::vector<std::size_t>& indices,
                                     const Corruption& corruption, std::uint64_t seed) {
  ImageBatchBytes result;
  result.count = indices.size();
  if (indices.empty()) return result;
  InputRecipe recipe;
  recipe.corruption = corruption;
  const Batch batch = assembleBatch(dataset, indices.data(), indices.size(), recipe, seed);
  const auto bytes = batch.input.mul(255.0).round().clamp(0, 255).to(torch::kUInt8).contiguous();
  result.shape = ImageShape{int(bytes.size(1)), int(bytes.size(2)), int(bytes.size(3))};
  result.pixels.assign(bytes.data_ptr<std::uint8_t>(), bytes.data_ptr<std::uint8_t>() + bytes.numel());
  return result;
}

}  // namespace latentlab
