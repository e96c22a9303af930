#pragma once

// An optimizer's per-parameter state (Adam's moments and step, SGD's momentum) as named
// tensors ("3.exp_avg": parameter 3 of the optimizer's parameters in group order), so a
// checkpoint stores it without TorchScript. Options (learning rate, …) are not stored: a
// resumed run takes them from its config. Torch-facing: include from .cpp files.

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace latentlab {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// CPU copies of the state of every parameter that has one (Adam, AdamW, SGD).
NamedTensors optimizerState(torch::optim::Optimizer& optimizer);

// Puts saved state back; an input Error naming `source` when a tensor is missing or
// does not fit its parameter (the state of another model or optimizer).
void restoreOptimizerState(torch::optim::Optimizer& optimizer, const NamedTensors& state, const std::string& source);

}  // namespace latentlab
