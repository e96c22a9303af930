#pragma once

// The one mapping from a planned layer to a LibTorch module, shared by the Autoencoder
// and the Gan so a plan builds the same modules in both. Torch-facing: include from .cpp files.

#include "layerplan.h"

#include <torch/torch.h>

#include <vector>

namespace latentlab {

torch::nn::AnyModule moduleFor(const PlannedLayer& layer);
torch::nn::Sequential sequentialFor(const std::vector<PlannedLayer>& layers);

// Copies every parameter and buffer of `source` into the same-named ones of `target` (two
// modules built from one spec), without gradients: clones, snapshots, the last good weights.
void copyModuleState(torch::nn::Module& target, const torch::nn::Module& source);

}  // namespace latentlab
