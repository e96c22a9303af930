#pragma once

// Torch-side access to a snapshot's module; include from .cpp files only.

#include "autoencoder.h"
#include "gan.h"
#include "gan/domainclassifier.h"
#include "inference/modelsnapshot.h"

#include <memory>

namespace latentlab {

// One of `model` and `gan` is set.
struct ModelSnapshot::Impl {
  Autoencoder model{nullptr};
  Gan gan{nullptr};
  std::shared_ptr<const DomainClassifier> classifier;  // a GAN run's classifier.pt, when there is one
  int epoch = 0;
};

// Copies `model`'s weights to a new CPU module in eval mode.
ModelSnapshotPtr makeSnapshot(const Autoencoder& model, int epoch);
ModelSnapshotPtr makeSnapshot(const Gan& model, int epoch, std::shared_ptr<const DomainClassifier> classifier);

// The snapshot's autoencoder (eval mode, CPU). Callers must not train it. A usage Error
// naming `feature` for a GAN, which has no encoder to do it with.
Autoencoder snapshotModule(const ModelSnapshot& snapshot, const std::string& feature = "this");
// The snapshot's GAN (eval mode, CPU); a usage Error for an autoencoder.
Gan snapshotGan(const ModelSnapshot& snapshot);

}  // namespace latentlab
