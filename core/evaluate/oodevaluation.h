#pragma once

#include "anomaly/anomalyscores.h"
#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct OodEvaluationOptions {
  std::string ood;             // the other dataset: a catalog name or a path
  std::string split = "test";  // of the run's own dataset: test, val, train or all
  std::size_t limit = 0;       // at most this many images of each set, evenly spread (0 = all)
  std::string dataDir;
  int imageSize = 0;  // image folders (either set): resize to N x N; 0 = the run's own setting / the model's input
};

struct OodEvaluation {
  std::string dataset;  // the run's own
  std::string ood;
  std::size_t inlierCount = 0, oodCount = 0;
  double inlierMeanError = 0.0, oodMeanError = 0.0;  // reconstruction MSE per pixel
  double auc = 0.0;                   // ROC AUC of error as the anomaly score, the other set as positives
  std::vector<std::string> warnings;  // from loading either set (skipped unreadable images)
};

// The other dataset scoreOod loads.
struct OtherSet {
  std::string name;       // a catalog name or a path
  std::size_t limit = 0;  // at most this many images, evenly spread (0 = all)
  std::string dataDir;    // looked in first for named datasets
  int imageSize = 0;      // image folders: resize to N x N; 0 = the model's input side (square inputs)
};

// The scores behind evaluateOod for weights and items already at hand (the GUI's
// anomaly page): loads the other set, spreads its items evenly, and scores both
// sets. The first tenth of the progress is the loading.
struct OodScores {
  DatasetPtr other;
  std::vector<std::size_t> otherIndices;
  std::vector<float> inlierErrors, otherErrors;
  RocCurve roc;
  std::vector<std::string> warnings;  // from loading the other set (skipped unreadable images)
};
OodScores scoreOod(const ModelSnapshot& model, const Dataset& own, const std::vector<std::size_t>& inliers,
                   const OtherSet& other, const JobContext& job = {});

// How well a run's reconstruction error tells its own test split from another
// dataset (converted to the model's input shape). For `latentlab-cli eval --ood`.
OodEvaluation evaluateOod(const std::filesystem::path& runDir, const OodEvaluationOptions& options,
                          const JobContext& job = {});

}  // namespace latentlab
