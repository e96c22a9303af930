#pragma once

// An exponential moving average of a GAN generator's weights (Yazici et al. 2019; ProGAN,
// BigGAN): a copy of the generator that follows it after every optimizer step and is never
// trained itself. Sampled from instead of the generator, it is steadier from epoch to epoch.
// Torch-facing: include from .cpp files of core and models.

#include "layerplan.h"

#include <torch/torch.h>

#include <vector>

namespace latentlab {

class GeneratorAverageImpl : public torch::nn::Cloneable<GeneratorAverageImpl> {
public:
  // `layers`: the generator's plan; `decay` in (0, 1), e.g. 0.999.
  GeneratorAverageImpl(std::vector<PlannedLayer> layers, double decay);

  void reset() override;
  torch::Tensor forward(const torch::Tensor& z) { return mNetwork->forward(z); }

  // Becomes a copy of `generator` (same plan): the start of the average.
  void copyFrom(const torch::nn::Sequential& generator);
  // Moves towards `generator` by 1 - d, with d = min(decay, (1 + n) / (10 + n)) after n earlier
  // updates, so the first steps do not keep the random start. n is a buffer ("updates"): it is
  // checkpointed, and a resumed run continues the same schedule.
  void follow(const torch::nn::Sequential& generator);
  int64_t updates() const { return mUpdates.item<int64_t>(); }

  // Batch-norm "standing statistics": these weights never ran in training mode, so their
  // running means and variances are computed afresh over `latents` [N, latent], cumulatively in
  // chunks of `chunk`. No-op without batch norm. Keeps the module's train/eval mode.
  void calibrate(const torch::Tensor& latents, int64_t chunk = 500);

private:
  std::vector<PlannedLayer> mLayers;
  double mDecay;
  torch::nn::Sequential mNetwork{nullptr};
  torch::Tensor mUpdates;
};
TORCH_MODULE(GeneratorAverage);

}  // namespace latentlab
