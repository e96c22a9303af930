#pragma once

// Per-image quality metrics on float tensors. Torch-facing: include from .cpp files.

#include "metrics/imagequality.h"

#include <torch/torch.h>

namespace latentlab {

// Each returns a [B] tensor for outputs and targets of shape [B, C, H, W] in [0, 1].
torch::Tensor perImageMse(const torch::Tensor& output, const torch::Tensor& target);
torch::Tensor perImageBce(const torch::Tensor& output, const torch::Tensor& target);
torch::Tensor perImagePsnr(const torch::Tensor& output, const torch::Tensor& target);
torch::Tensor perImageSnrDb(const torch::Tensor& output, const torch::Tensor& target);
torch::Tensor perImageSsim(const torch::Tensor& output, const torch::Tensor& target);

// Sums metrics over batches; mean() gives per-image averages.
class QualityAccumulator {
public:
  void add(const torch::Tensor& output, const torch::Tensor& target);
  ImageQuality mean() const;

private:
  double mMse = 0, mBce = 0, mPsnr = 0, mSnr = 0, mSsim = 0;
  std::size_t mCount = 0;
};

ImageQuality measureQuality(const torch::Tensor& output, const torch::Tensor& target);

}  // namespace latentlab
