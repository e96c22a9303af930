#pragma once

// Torch-side access to a snapshot's module; include from .cpp files only.

#include "autoencoder.h"
#include "inference/modelsnapshot.h"

namespace latentlab {

struct ModelSnapshot::Impl {
  Autoencoder model{nullptr};
  int epoch = 0;
};

// Copies `model`'s weights to a new CPU module in eval mode.
ModelSnapshotPtr makeSnapshot(const Autoencoder& model, int epoch);

// The snapshot's module (eval mode, CPU). Callers must not train it.
Autoencoder snapshotModule(const ModelSnapshot& snapshot);

}  // namespace latentlab
