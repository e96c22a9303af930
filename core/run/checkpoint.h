#pragma once

// Checkpoint files: model weights, optimizer state and progress, written atomically.
// Format 2 (run/checkpointfile.h) holds tensors by name behind a CRC-32, so a damaged file is
// refused before LibTorch sees it; format-1 files (LibTorch archives of earlier versions) are
// still read once their zip CRCs check out (run/ziparchivecheck.h).
// Torch-facing: include from .cpp files.

#include "autoencoder.h"
#include "gan.h"
#include "run/epochrecord.h"

#include <filesystem>
#include <optional>

namespace latentlab {

// The most epochs a run can have (TrainConfig's limit); a checkpoint claiming more is damaged.
constexpr int kMaxCheckpointEpoch = 100000;

struct CheckpointInfo {
  int epoch = 0;  // epochs completed when it was written
  int bestEpoch = 0;
  double bestValidationLoss = 0.0;
};

// `record`: what the epoch wrote besides the weights, kept so resume can re-write it.
void saveCheckpoint(const std::filesystem::path& path, Autoencoder& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info, const EpochRecord* record = nullptr);

// Loads into `model` (and `optimizer` when given and present in the file) after checking the
// file's checksum, its progress record (0 <= best epoch <= epoch <= kMaxCheckpointEpoch) and
// that every tensor has the shape of the model's; throws an input Error naming the file (and
// the first tensor that differs) otherwise, leaving `model` unchanged. `record` receives the
// epoch record when the file has one.
CheckpointInfo loadCheckpoint(const std::filesystem::path& path, Autoencoder& model,
                              torch::optim::Optimizer* optimizer = nullptr,
                              std::optional<EpochRecord>* record = nullptr);

// A GAN's checkpoint: groups "generator" and "discriminator", each with its own optimizer's
// state. Loading checks both networks before either is changed.
void saveGanCheckpoint(const std::filesystem::path& path, Gan& model, torch::optim::Optimizer* generatorOptimizer,
                       torch::optim::Optimizer* discriminatorOptimizer, const CheckpointInfo& info,
                       const EpochRecord* record = nullptr);
CheckpointInfo loadGanCheckpoint(const std::filesystem::path& path, Gan& model,
                                 torch::optim::Optimizer* generatorOptimizer = nullptr,
                                 torch::optim::Optimizer* discriminatorOptimizer = nullptr,
                                 std::optional<EpochRecord>* record = nullptr);

// The progress record alone (the whole file is still verified).
CheckpointInfo readCheckpointInfo(const std::filesystem::path& path);

}  // namespace latentlab
