#pragma once

#include "metrics/imagequality.h"

#include "jobs/jobcontext.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct RunEvaluationOptions {
  std::string dataset;         // empty: the run's own dataset
  std::string corruption;      // empty: the run's training corruption; "none" for clean inputs
  std::string split = "test";  // test, val, train or all
  std::size_t limit = 0;       // evaluate at most this many images (0 = all of the split)
  std::string dataDir;         // looked in first for named datasets
  int imageSize = 0;           // image folders: resize to this square side; 0 = as the run was trained
};

struct RunEvaluation {
  std::string dataset;
  std::string split;
  std::string corruption;  // as applied ("none" when clean)
  std::size_t count = 0;
  ImageQuality output;     // the model's output against the clean images
  ImageQuality corrupted;  // the corrupted input itself against the clean images (when a corruption was applied)
  bool hasCorruption = false;
  std::vector<std::string> warnings;  // from loading the dataset (skipped unreadable images)
};

// Reconstruction quality of a run's best weights on a split of a dataset (by
// evaluateSnapshot, so it matches what the GUI shows for the same weights).
// Reports to and checks `job` (JobCancelled).
RunEvaluation evaluateRun(const std::filesystem::path& runDir, const RunEvaluationOptions& options,
                          const JobContext& job = {});

}  // namespace latentlab
