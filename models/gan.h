#pragma once

// LibTorch GAN built from a ModelSpec of kind "gan" (see models/modelspec.h). Include only
// from .cpp files of core and models: UI headers stay free of torch.
//
// Two separately registered submodules, "generator" and "discriminator", so a checkpoint
// saves them by name and two optimizers take generator()->parameters() and
// discriminator()->parameters(). The discriminator's Sequential ends at its Linear(->1)
// logit; its fixed sigmoid is applied by discriminate(), so a trainer can use the
// numerically stable discriminateLogits() with binary_cross_entropy_with_logits.
//
// With the spec's "generator_average" (a decay, e.g. 0.999) a third submodule,
// "generator_average", keeps an exponential moving average of the generator's weights
// (Yazici et al. 2019; ProGAN, BigGAN). It is what generate() uses, so samples, the FID,
// the explorers and latent fitting all see the average, which is steadier from epoch to
// epoch than the generator itself; training steps use generateForTraining().

#include "generatoraverage.h"
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

  // z [B, latent] -> images [B, C, H, W] (in [0, 1] with the usual sigmoid output), by the
  // weight average when the spec keeps one, else by the generator.
  torch::Tensor generate(const torch::Tensor& z);
  // The same by the generator being trained: the one the optimizers and the discriminator see.
  torch::Tensor generateForTraining(const torch::Tensor& z);
  // images [B, C, H, W] -> D's logits [B].
  torch::Tensor discriminateLogits(const torch::Tensor& images);
  // images [B, C, H, W] -> the probability [B] in (0, 1) that each image is real.
  torch::Tensor discriminate(const torch::Tensor& images);
  // Standard-normal z [count, latent] on `device`.
  torch::Tensor sampleLatent(int64_t count, const torch::Device& device = torch::kCPU) const;

  torch::nn::Sequential generator() const { return mGenerator; }
  torch::nn::Sequential discriminator() const { return mDiscriminator; }
  // Null without "generator_average" in the spec (generatoraverage.h).
  GeneratorAverage generatorAverage() const { return mAverage; }
  bool hasGeneratorAverage() const { return !mAverage.is_empty(); }

  // After an optimizer step: the average follows the generator. No-op without an average.
  void updateGeneratorAverage();
  // Before sampling from the average: its batch-norm statistics, computed over `latents`.
  void calibrateGeneratorAverage(const torch::Tensor& latents, int64_t chunk = 500);

private:
  ModelSpec mSpec;
  LayerPlan mPlan;
  torch::nn::Sequential mGenerator{nullptr};
  torch::nn::Sequential mDiscriminator{nullptr};
  GeneratorAverage mAverage{nullptr};
};
TORCH_MODULE(Gan);

// A deep copy on `device` (parameters and buffers), e.g. for a snapshot while training goes on.
Gan cloneGan(const Gan& model, const torch::Device& device);

}  // namespace latentlab
