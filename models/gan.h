#pragma once

// LibTorch GAN built from a ModelSpec of kind "gan" (see models/modelspec.h). Include only
// from .cpp files of core and models: UI headers stay free of torch.
//
// Two separately registered submodules, "generator" and "discriminator", so a checkpoint
// saves them by name and two optimizers take generator()->parameters() and
// discriminator()->parameters(). The discriminator's Sequential ends at its Linear(->1)
// logit; its fixed sigmoid is applied by discriminate(), so a trainer can use the
// numerically stable discriminateLogits() with binary_cross_entropy_with_logits.

#include "layerplan.h"

#include <torch/torch.h>

namespace latentlab {

class GanImpl : public torch::nn::Module {
public:
  // Throws ModelSpecError for a spec that is not a GAN or cannot be built.
  explicit GanImpl(const ModelSpec& spec);

  const ModelSpec& spec() const { return mSpec; }
  const LayerPlan& plan() const { return mPlan; }
  int latentSize() const { return mSpec.latent; }

  // z [B, latent] -> images [B, C, H, W] (in [0, 1] with the usual sigmoid output).
  torch::Tensor generate(const torch::Tensor& z);
  // images [B, C, H, W] -> D's logits [B].
  torch::Tensor discriminateLogits(const torch::Tensor& images);
  // images [B, C, H, W] -> the probability [B] in (0, 1) that each image is real.
  torch::Tensor discriminate(const torch::Tensor& images);
  // Standard-normal z [count, latent] on `device`.
  torch::Tensor sampleLatent(int64_t count, const torch::Device& device = torch::kCPU) const;

  torch::nn::Sequential generator() const { return mGenerator; }
  torch::nn::Sequential discriminator() const { return mDiscriminator; }

private:
  ModelSpec mSpec;
  LayerPlan mPlan;
  torch::nn::Sequential mGenerator{nullptr};
  torch::nn::Sequential mDiscriminator{nullptr};
};
TORCH_MODULE(Gan);

// A deep copy on `device` (parameters and buffers), e.g. for a snapshot while training goes on.
Gan cloneGan(const Gan& model, const torch::Device& device);

}  // namespace latentlab
