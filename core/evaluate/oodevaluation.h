#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace latentlab {

struct OodEvaluationOptions {
  std::string ood;             // the other dataset: a catalog name or a path
  std::string split = "test";  // of the run's own dataset: test, val, train or all
  std::size_t limit = 0;       // at most this many images of each set, evenly spread (0 = all)
  std::string dataDir;
};

struct OodEvaluation {
  std::string dataset;  // the run's own
  std::string ood;
  std::size_t inlierCount = 0, oodCount = 0;
  double inlierMeanError = 0.0, oodMeanError = 0.0;  // reconstruction MSE per pixel
  double auc = 0.0;  // ROC AUC of error as the anomaly score, the other set as positives
};

// How well a run's reconstruction error tells its own test split from another
// dataset (converted to the model's input shape). For `latentlab-cli eval --ood`.
OodEvaluation evaluateOod(const std::filesystem::path& runDir, const OodEvaluationOptions& options,
                          const std::function<void(double)>& progress = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace latentlab
