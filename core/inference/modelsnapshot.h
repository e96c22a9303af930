#pragma once

#include "data/dataset.h"
#include "jobs/jobcontext.h"
#include "modelspec.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace latentlab {

// An immutable copy of a model's weights on the CPU, in eval mode. Training
// publishes one per epoch; explorers encode and decode from it, never from the
// weights being trained. Torch-free interface so UI code can hold one cheaply.
// The const methods may run on several threads at once (eval mode mutates nothing).
class ModelSnapshot {
public:
  struct Impl;
  explicit ModelSnapshot(std::unique_ptr<Impl> impl);
  ~ModelSnapshot();

  const ModelSpec& spec() const;
  bool isGan() const;
  int epoch() const;
  int codeSize() const;
  ImageShape inputShape() const;   // what encode() takes
  ImageShape outputShape() const;  // what decode() gives

  // `images`: count x inputShape floats in [0, 1]; returns count x codeSize (a VAE's mean).
  // With `logVariances`, a VAE also fills it with its posterior's log-variances (count x
  // codeSize); other models leave it empty. A GAN has no encoder: its codes are found by
  // optimising z against each image (gan/latentfit.h), about a second per batch.
  std::vector<float> encode(const float* images, int count, std::vector<float>* logVariances = nullptr) const;
  // A GAN's encode with progress and cancel (JobCancelled) for a worker; an autoencoder's
  // plain encode otherwise.
  std::vector<float> fitCodes(const float* images, int count, const JobContext& job) const;
  // `codes`: count x codeSize; returns count x outputShape floats in [0, 1] (for a sigmoid output).
  // A GAN's generator: z -> image.
  std::vector<float> decode(const float* codes, int count) const;

  // A GAN run's domain classifier (class of a generated image, the map's colours); null for
  // an autoencoder or a GAN whose run has no classifier.pt. `count` images of outputShape.
  bool hasClassifier() const;
  std::vector<int> classify(const float* images, int count) const;
  std::vector<std::string> classifierClassNames() const;

  const Impl& impl() const { return *mImpl; }

private:
  std::unique_ptr<Impl> mImpl;
};

using ModelSnapshotPtr = std::shared_ptr<const ModelSnapshot>;

// The weights of a run folder: best.pt when `preferBest` and present, else checkpoint.pt.
// A GAN's: checkpoint.pt, the last epoch (best.pt when that is missing).
ModelSnapshotPtr loadRunSnapshot(const std::filesystem::path& runDir, bool preferBest = true);

}  // namespace latentlab
