#pragma once

#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "modelspec.h"
#include "train/trainconfig.h"
#include "train/trainingcontrol.h"
#include "train/trainingevents.h"

#include <filesystem>
#include <functional>
#include <memory>

namespace latentlab {

struct TrainingJob {
  ModelSpec spec;
  TrainConfig config;
  DatasetPtr dataset;
  std::filesystem::path runDir;  // empty: train in memory and write nothing
  bool resume = false;           // continue the run in runDir from its checkpoint
};

// Called on the training thread; a GUI forwards them as queued signals.
struct TrainingCallbacks {
  std::function<void(const BatchStats&)> onBatch;  // at most every batchReportSeconds, and each epoch's last batch
  std::function<void(const EpochStats&, const FilmFrame&, const ModelSnapshotPtr&)> onEpoch;
  std::function<void(const std::string&)> onMessage;  // progress notes: "resuming at epoch 4", …
  double batchReportSeconds = 0.1;
};

// Runs one training job synchronously on the calling thread: seeded and
// reproducible on the CPU, honouring pause/resume/cancel after every batch,
// writing the run folder atomically, and stopping on a diverged loss with the
// last good weights kept.
class Trainer {
public:
  explicit Trainer(TrainingJob job);
  ~Trainer();

  TrainingResult run(const TrainingCallbacks& callbacks, TrainingControl& control);

  // The epochs so far (including those before a resume).
  const std::vector<EpochStats>& history() const;

private:
  struct State;
  std::unique_ptr<State> mState;
};

}  // namespace latentlab
