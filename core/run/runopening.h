#pragma once

// Opening a run folder for the GUI: everything it shows of a run, read off the
// GUI thread in one job. Torch-free header.

#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"
#include "modelspec.h"
#include "train/trainconfig.h"
#include "train/trainingevents.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct OpenedRun {
  std::filesystem::path dir;
  ModelSpec spec;
  TrainConfig config;
  std::vector<EpochStats> metrics;     // empty before the first finished epoch
  std::vector<BatchLoss> batchLosses;  // every step's loss; empty for runs from before batches.csv
  ModelSnapshotPtr snapshot;           // the latest weights; null when there are none yet
  std::string weightsProblem;          // why there is no snapshot, settings as {key}
  std::string batchLossesProblem;      // why batches.csv could not be read (the run still opens)
};

// Why `dir` cannot be opened as a run (it does not exist, or holds no spec.json),
// or nothing when it looks like one. Cheap: for a quick answer before the job.
std::optional<std::string> whyNotARunFolder(const std::filesystem::path& dir);

// Reads the spec, config, metrics and latest weights. Throws an input Error naming
// the file when the folder is not a run or its spec, config or metrics are damaged;
// damaged or missing weights are reported in weightsProblem instead, so the run's
// curves can still be looked at.
OpenedRun openRunFolder(const std::filesystem::path& dir, const JobContext& job = {});

}  // namespace latentlab
