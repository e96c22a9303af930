#pragma once

// Film frames from tensors. Torch-facing: include from .cpp files.

#include "data/dataset.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace latentlab {

// [B, C, H, W] floats in [0, 1] -> bytes, row-major.
inline std::vector<std::uint8_t> imageBytes(const torch::Tensor& images) {
  const auto bytes = images.detach().to(torch::kCPU).mul(255.0).round().clamp(0, 255).to(torch::kUInt8).contiguous();
  return std::vector<std::uint8_t>(bytes.data_ptr<std::uint8_t>(), bytes.data_ptr<std::uint8_t>() + bytes.numel());
}

inline ImageShape imageShapeOf(const torch::Tensor& images) {
  return ImageShape{int(images.size(1)), int(images.size(2)), int(images.size(3))};
}

}  // namespace latentlab
