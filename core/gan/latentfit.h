#pragma once

// Encoding a real image into a GAN: the generator has no encoder, so z is found by
// optimisation (Adam on the pixel MSE between G(z) and the image, starting from several
// random z and keeping the best). Lets a user place real digits on the generator's map and
// interpolate between two of them. Torch-facing: include from .cpp files.

#include "gan.h"
#include "jobs/jobcontext.h"

#include <cstdint>

namespace latentlab {

struct LatentFitOptions {
  int steps = 150;
  int restarts = 4;  // random starting points per image; the one with the lowest error wins
  double learningRate = 0.05;
  std::uint64_t seed = 7;
};

struct LatentFit {
  torch::Tensor codes;   // [count, latent]
  torch::Tensor errors;  // [count] pixel MSE of G(z) against each image
};

// `images` [count, C, H, W] in [0, 1]. Computes gradients for z only (never for the
// generator's weights), so several threads may fit with the same eval-mode generator.
// Reports progress to `job` and checks it every step (JobCancelled), a few milliseconds apart.
LatentFit fitLatent(Gan& gan, const torch::Tensor& images, const LatentFitOptions& options = {},
                    const JobContext& job = {});

}  // namespace latentlab
