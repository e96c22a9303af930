#pragma once

// One GAN training step, shared by the trainer and the benchmark. Torch-facing: include
// from .cpp files.

#include "gan.h"
#include "train/trainingevents.h"

#include <torch/torch.h>

namespace latentlab {

// Samples generated after every epoch for the domain FID and the class histogram, from the
// same z each epoch so the figures compare between epochs.
constexpr int kGanQualitySamples = 10000;
// The fewest samples a GAN's film shows (its film_samples setting when larger; 0 = none).
constexpr int kGanFilmSamples = 16;

struct GanStepResult {
  GanFigures figures;  // generatorLoss NaN or inf: diverged (the failing network was not stepped)
};

// A discriminator step on `real` and as many generated images, then a generator step
// against the updated discriminator. Leaves the GAN in train mode.
GanStepResult ganTrainStep(Gan& gan, torch::optim::Optimizer& generatorOptimizer,
                           torch::optim::Optimizer& discriminatorOptimizer, const torch::Tensor& real);

}  // namespace latentlab
