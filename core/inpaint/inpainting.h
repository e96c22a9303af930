#pragma once

// Inpainting (seed 000): fill the painted holes of an image with what the
// model makes of it. Torch-free interface so the GUI's canvas can call it.

#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"

#include <cstdint>
#include <vector>

namespace latentlab {

// One byte per pixel (height x width), shared by all channels: 1 = a hole
// (unknown, painted by the user), 0 = known.
using InpaintMask = std::vector<std::uint8_t>;

struct InpaintOptions {
  int refinements = 0;  // feed the composite back through the model this many more times
  int latentSteps = 0;  // then this many Adam steps on the code to match the known pixels
  double latentLearningRate = 0.05;
};

struct InpaintResult {
  std::vector<float> masked;     // the input with its holes set to 0 (what the model sees), C x H x W
  std::vector<float> output;     // the model's output of the last pass
  std::vector<float> composite;  // known pixels of the input kept bit-exact, holes filled from `output`
  double knownMse = 0.0;         // between `output` and the input on the known pixels
};

// The image with its holes set to 0, as the occlusion corruption does in training.
std::vector<float> applyMask(const float* image, ImageShape shape, const InpaintMask& mask);

// Known pixels from `known`, bit-exact; hole pixels from `filled`.
std::vector<float> compositeKnown(const float* known, const float* filled, ImageShape shape, const InpaintMask& mask);

// A size x size hole at a seeded random place (seed 000's 5x5 and 15x15 boxes).
InpaintMask randomBoxMask(ImageShape shape, int size, std::uint64_t seed);

// `image`: C x H x W floats in [0, 1] in the model's input shape. Throws a usage
// Error when the mask's size does not match the image or when the model's
// output shape differs from its input (a colorization model cannot inpaint).
// The latent optimisation reports its steps to `job` and checks it every step
// (JobCancelled).
InpaintResult inpaint(const ModelSnapshot& model, const float* image, const InpaintMask& mask,
                      const InpaintOptions& options = {}, const JobContext& job = {});

}  // namespace latentlab
