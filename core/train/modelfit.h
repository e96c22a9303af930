#pragma once

#include "data/dataset.h"
#include "modelspec.h"

namespace latentlab {

// Whether a model can train on a dataset: its input must match the images, or be
// their 1-channel luminance for a colorization model (RGB targets).
bool isColorizationPair(const ModelSpec& spec, const ImageShape& images);

// Throws a usage Error naming the model, the dataset, both shapes and the presets
// that would fit, e.g. "mnist-conv expects 1x28x28 images but cifar10 holds 3x32x32 …".
void checkModelFitsDataset(const ModelSpec& spec, const Dataset& dataset);

}  // namespace latentlab
