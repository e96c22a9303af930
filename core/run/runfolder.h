#pragma once

#include "modelspec.h"
#include "train/trainconfig.h"
#include "train/trainingevents.h"

#include <filesystem>
#include <vector>

namespace latentlab {

// A training run on disk: spec.json, config.json, metrics.csv, checkpoint.pt
// (latest, every epoch), best.pt (best validation loss) and samples/. Every file
// is written atomically, so an interrupted run never leaves a half-written file.
class RunFolder {
public:
  explicit RunFolder(std::filesystem::path path) : mPath(std::move(path)) {}

  const std::filesystem::path& path() const { return mPath; }
  std::filesystem::path specFile() const { return mPath / "spec.json"; }
  std::filesystem::path configFile() const { return mPath / "config.json"; }
  std::filesystem::path metricsFile() const { return mPath / "metrics.csv"; }
  std::filesystem::path batchLossesFile() const { return mPath / "batches.csv"; }
  std::filesystem::path checkpointFile() const { return mPath / "checkpoint.pt"; }
  std::filesystem::path bestFile() const { return mPath / "best.pt"; }
  std::filesystem::path samplesDir() const { return mPath / "samples"; }

  // True when the folder holds a run: spec.json, metrics, or weights (config.json alone does not count).
  bool holdsRun() const;

  // Creates the folder for a new run; refuses (usage Error) when it holds a run,
  // so nothing on disk is ever overwritten by accident.
  void prepareNew() const;
  // Checks that a run can be resumed from here: spec and config present, and the checkpoint
  // too unless no epoch was ever committed (a run killed in its first epoch starts over).
  void checkResumable() const;

  void writeSpec(const ModelSpec& spec) const;
  ModelSpec readSpec() const;
  void writeConfig(const TrainConfig& config) const;
  TrainConfig readConfig() const;
  void writeMetrics(const std::vector<EpochStats>& rows) const;
  std::vector<EpochStats> readMetrics() const;  // empty when there is no metrics.csv yet
  // Every step's loss of the finished epochs (batches.csv: epoch,step,loss).
  void writeBatchLosses(const std::vector<BatchLoss>& rows) const;
  // Empty when there is no batches.csv (a run from before it was kept); a damaged file is
  // an input Error naming it and the line.
  std::vector<BatchLoss> readBatchLosses() const;

private:
  std::filesystem::path mPath;
};

// The header of metrics.csv; starts with epoch,train_loss,val_loss.
std::string metricsCsvHeader();

}  // namespace latentlab
