#pragma once

// Model, optimizer and loss of one training job; no files, no threads. The
// trainer drives it epoch by epoch and the benchmark step by step.
// Torch-facing: include from .cpp files.

#include "autoencoder.h"
#include "jobs/jobcontext.h"
#include "metrics/imagequality.h"
#include "train/batchloader.h"
#include "train/trainconfig.h"

#include <memory>

namespace latentlab {

struct EvaluationResult {
  double loss = 0.0;  // NaN when the loader is empty
  ImageQuality quality;
};

class TrainingEngine {
public:
  TrainingEngine(const ModelSpec& spec, const TrainConfig& config, torch::Device device);

  Autoencoder& model() { return mModel; }
  torch::optim::Optimizer& optimizer() { return *mOptimizer; }
  torch::Device device() const { return mDevice; }

  // One optimisation step; returns the batch loss (NaN or inf when it diverged,
  // in which case the weights were not updated).
  double trainStep(const Batch& batch);

  // Loss and reconstruction quality over a loader, in eval mode, without gradients.
  // Checks `job` every batch (JobCancelled).
  EvaluationResult evaluate(BatchLoader& loader, const JobContext& job = {});

  // The configured loss of an output against its batch (reconstruction + beta KL for a VAE).
  torch::Tensor loss(const AutoencoderOutput& output, const torch::Tensor& target) const;

  double learningRate() const { return mConfig.learningRate; }

private:
  TrainConfig mConfig;
  torch::Device mDevice;
  Autoencoder mModel;
  std::unique_ptr<torch::optim::Optimizer> mOptimizer;
};

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& config, Autoencoder& model);
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& config,
                                                       const std::vector<torch::Tensor>& parameters);

}  // namespace latentlab
