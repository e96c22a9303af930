#pragma once

// What the trainer trains: an autoencoder with its optimizer, or a GAN's generator and
// discriminator with theirs. The trainer (train/trainer.cpp) owns the run folder, the
// epochs, pause/stop, the heartbeat and the NaN guard; this owns the networks, their
// step, their epoch-end figures, their checkpoint and their snapshot.
// Torch-facing: include from .cpp files.

#include "data/datasplit.h"
#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"
#include "modelspec.h"
#include "run/checkpoint.h"
#include "train/batchloader.h"
#include "train/trainconfig.h"
#include "train/trainingevents.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

namespace latentlab {

// What both kinds need to set themselves up; the trainer makes it once per run.
struct TrainingSetup {
  ModelSpec spec;
  TrainConfig config;
  torch::Device device{torch::kCPU};
  DatasetPtr dataset;
  DatasetSplit split;
  InputRecipe recipe;
};

// The end-of-epoch figures; the trainer copies them into EpochStats.
struct EpochEvaluation {
  double validationLoss = std::numeric_limits<double>::quiet_NaN();
  ImageQuality validation;
  double fid = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::int64_t> classCounts;
  // Lower is better: picks best.pt and drives early stopping (NaN: judge by the training loss).
  double judged = std::numeric_limits<double>::quiet_NaN();
  bool diverged = false;  // the validation loss became NaN or infinite
};

class TrainedModel {
public:
  virtual ~TrainedModel() = default;

  // Once before the first epoch, with the run folder (empty: in memory). A GAN trains or
  // loads its domain classifier here. `say` reports what takes a while.
  virtual void prepare(const std::filesystem::path& runDir, bool resumed,
                       const std::function<void(const std::string&)>& say, const JobContext& job) = 0;

  // One optimisation step; returns the loss to report (a GAN: the generator's), NaN or inf
  // when it diverged, in which case the weights were not updated. A GAN fills `figures`.
  virtual double trainStep(const Batch& batch, GanFigures& figures) = 0;

  // Checks `job` between batches (JobCancelled).
  virtual EpochEvaluation evaluate(const JobContext& job) = 0;

  virtual FilmFrame film(int epoch) = 0;
  virtual ModelSnapshotPtr snapshot(int epoch) = 0;
  virtual double learningRate() const = 0;

  // `withOptimizers`: checkpoint.pt (resumable) rather than best.pt (weights only).
  virtual void save(const std::filesystem::path& path, bool withOptimizers, const CheckpointInfo& info,
                    const EpochRecord* record) = 0;
  // Weights and optimizer states, for resume.
  virtual CheckpointInfo load(const std::filesystem::path& path, std::optional<EpochRecord>* record) = 0;

  // The NaN guard: keep a copy of the weights after each good epoch, put it back on divergence.
  virtual void keepLastGood() = 0;
  virtual void restoreLastGood() = 0;
};

// An autoencoder (train/autoencodertraining.cpp) or a GAN (train/gantraining.cpp), by the spec's kind.
std::unique_ptr<TrainedModel> makeTrainedModel(const TrainingSetup& setup);
std::unique_ptr<TrainedModel> makeAutoencoderTraining(const TrainingSetup& setup);
std::unique_ptr<TrainedModel> makeGanTraining(const TrainingSetup& setup);

}  // namespace latentlab
