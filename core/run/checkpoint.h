#pragma once

// Checkpoint files: model weights, optimizer state and progress, written atomically.
// Torch-facing: include from .cpp files.

#include "autoencoder.h"

#include <filesystem>

namespace latentlab {

struct CheckpointInfo {
  int epoch = 0;  // epochs completed when it was written
  int bestEpoch = 0;
  double bestValidationLoss = 0.0;
};

void saveCheckpoint(const std::filesystem::path& path, Autoencoder& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info);

// Loads into `model` (and `optimizer` when given and present in the file). Throws an
// input Error naming the file when it is damaged or belongs to another model.
CheckpointInfo loadCheckpoint(const std::filesystem::path& path, Autoencoder& model,
                              torch::optim::Optimizer* optimizer = nullptr);

}  // namespace latentlab
