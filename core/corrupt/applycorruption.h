#pragma once

// Applying corruptions to float image batches. Torch-facing: include from .cpp files.

#include "corrupt/corruption.h"

#include <torch/torch.h>

namespace latentlab {

// `images` is float [B, C, H, W] in [0, 1] on the CPU. The noise comes from a
// generator seeded with `seed`, so a batch is corrupted the same way every run
// and independently of any other thread's random numbers.
torch::Tensor applyCorruption(const torch::Tensor& images, const Corruption& corruption, std::uint64_t seed);

// Luminance (ITU-R BT.601) of an RGB batch: [B, 3, H, W] -> [B, 1, H, W]; gray batches pass through.
torch::Tensor toGray(const torch::Tensor& images);

// Sets the pixels where `mask` [H, W] (or [B, H, W]) is true to `fill`.
torch::Tensor applyMask(const torch::Tensor& images, const torch::Tensor& mask, float fill = 0.0f);

}  // namespace latentlab
