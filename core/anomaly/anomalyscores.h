#pragma once

// Anomaly detection by reconstruction error (seed 000): inputs the model never
// saw reconstruct worse. Torch-free interface.

#include "data/dataset.h"
#include "inference/modelsnapshot.h"

#include "jobs/jobcontext.h"

#include <vector>

namespace latentlab {

// Per-image mean squared error of the model's reconstruction of dataset items.
// Items whose shape differs from the model's input are converted first
// (convertImage: channels, then size), so an MNIST model can score CIFAR-10.
// Reports progress to `job` and checks it every batch (JobCancelled).
std::vector<float> reconstructionErrors(const ModelSnapshot& model, const Dataset& dataset,
                                        const std::vector<std::size_t>& indices, const JobContext& job = {});

// ROC of "anomalous" (the positives: outliers) against inliers, scored by error:
// higher is more anomalous. Points run from (0, 0) to (1, 1), one per distinct
// threshold (the first, flagging nothing, at +infinity), in order of falling
// threshold; ties count half (trapezoids). Throws a usage Error when a set is empty.
struct RocCurve {
  std::vector<double> falsePositiveRate;
  std::vector<double> truePositiveRate;
  std::vector<double> thresholds;  // a point's threshold: score >= threshold is flagged
  double auc = 0.0;
};
RocCurve rocCurve(const std::vector<float>& inlierScores, const std::vector<float>& outlierScores);

struct ThresholdRates {
  double truePositiveRate = 0.0;   // outliers flagged
  double falsePositiveRate = 0.0;  // inliers flagged
};
ThresholdRates ratesAtThreshold(const std::vector<float>& inlierScores, const std::vector<float>& outlierScores,
                                double threshold);

}  // namespace latentlab
