#pragma once

// The linear probe (seed 002): freeze the encoder, fit one linear layer (one output per
// class) on the codes of the training split, and report test accuracy, with the
// k-nearest-neighbour accuracy in latent space as a second figure that needs no
// training. The codes are encoded once, so the probe itself takes seconds. Optionally
// the encoder is fine-tuned with the probe on a fraction of the labels ("supervised with
// unsupervised pretraining"). Torch-free header.

#include "data/dataset.h"
#include "data/datasplit.h"
#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"
#include "latent/datasetencoding.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct ProbeOptions {
  int epochs = 30;             // passes over the (labelled) training codes
  double learningRate = 0.01;  // Adam
  int batchSize = 256;         // at most; few labelled codes get smaller batches (16 steps an epoch)
  int knnK = 5;
  double labelFraction = 1.0;  // share of the training labels the probe may use (0, 1]
  bool fineTune = false;       // also train (a copy of) the encoder with the probe
  std::uint64_t seed = 1;
  int threads = 0;  // 0 = all cores
};

struct ProbeEpoch {
  int epoch = 0;                // 1-based, counted separately for the probe and the fine-tuning after it
  bool fineTune = false;        // an epoch of fine-tuning the encoder with the probe (else of the frozen probe)
  double trainLoss = 0.0;       // over the labelled training items (fine-tuning: the mean over the epoch's batches)
  double validationLoss = 0.0;  // NaN without a validation split
  double trainAccuracy = 0.0;
  double validationAccuracy = 0.0;  // NaN without a validation split
};

struct ProbeResult {
  std::vector<std::string> classNames;
  double accuracy = 0.0;        // on the test items (after fine-tuning when fineTuned)
  double frozenAccuracy = 0.0;  // the linear probe on the frozen codes (equals accuracy unless fineTuned)
  double knnAccuracy = 0.0;     // k nearest training codes vote, on the test items
  int knnK = 5;
  std::vector<double> perClassAccuracy;           // recall per true class (NaN for a class with no test item)
  std::vector<std::vector<long long>> confusion;  // [true][predicted] counts over the test items
  std::vector<ProbeEpoch> history;                // the probe's epochs, then the fine-tuning's
  // Per test item: which dataset item, its class and the probe's prediction (a confusion cell's items).
  std::vector<std::size_t> testItems;
  std::vector<int> truth;
  std::vector<int> predicted;
  std::size_t trainItems = 0;  // labelled training items used
  double labelFraction = 1.0;
  bool fineTuned = false;
  int codeSize = 0;
  int epoch = 0;  // of the weights probed
};

// Throws a usage Error naming the first bad setting ({epochs}, {lr}, {batch}, {label-fraction}).
void validateProbeOptions(const ProbeOptions& options);

using ProbeEpochSink = std::function<void(const ProbeEpoch&)>;

// The probe on codes already encoded (tests use synthetic ones). `classes` outputs.
// Reports progress ("probe epoch i/n") and checks the token every batch (JobCancelled),
// and hands each epoch's figures to `onEpoch`. Deterministic for a seed (one LibTorch
// thread, zero initial weights, its own seeded shuffles; the global generator is untouched).
ProbeResult probeCodes(const EncodedSet& train, const EncodedSet& validation, const EncodedSet& test, int classes,
                       const ProbeOptions& options, const JobContext& job = {}, const ProbeEpochSink& onEpoch = {});

struct ProbeInput {
  ModelSnapshotPtr snapshot;     // the weights to probe (frozen unless fineTune)
  DatasetPtr dataset;            // labelled
  SplitOptions split;            // the run's split (its seed included)
  std::filesystem::path runDir;  // the run probed, for messages; fineTune trains a copy of the snapshot's weights
};

// Encodes the run's train / validation / test items once, then probes. Usage Error when
// the dataset has no labels (fewer than two classes), the model does not fit it or the
// test split is empty. With fineTune, a copy of the encoder is then trained with a linear
// head (started from the probe) on the labelled training images for options.epochs (the
// encoder at a tenth of the learning rate); accuracy is the fine-tuned one, kNN stays on
// the frozen codes.
ProbeResult runProbe(ProbeInput input, ProbeOptions options, const JobContext& job = {},
                     const ProbeEpochSink& onEpoch = {});

// counts[true][predicted]; usage Error for a label outside [0, classes).
std::vector<std::vector<long long>> confusionMatrix(const std::vector<int>& truth, const std::vector<int>& predicted,
                                                    int classes);
// Accuracy of a majority vote of the k nearest training codes (Euclidean; ties to the nearest).
// Exact, blocked and on `threads` cores (0 = all); k is capped at the training count; NaN
// without test items. Checks `job` every block (JobCancelled).
double knnAccuracy(const EncodedSet& train, const EncodedSet& test, int k, const JobContext& job = {}, int threads = 0);

// Positions into `labels` (ascending) of a class-stratified share of the items: per class
// round(fraction x its count), at least one, picked by a seeded shuffle. Usage Error naming
// {label-fraction} unless 0 < fraction <= 1.
std::vector<std::size_t> labelledSubset(const std::vector<std::int64_t>& labels, int classes, double fraction,
                                        std::uint64_t seed);
// Recall per true class from a confusion matrix; NaN for a class without items.
std::vector<double> perClassAccuracy(const std::vector<std::vector<long long>>& confusion);

// probe.json in the run folder: accuracy, knn_accuracy, per_class, confusion, history, settings.
std::filesystem::path probeFile(const std::filesystem::path& runDir);
void writeProbeResult(const std::filesystem::path& runDir, const ProbeResult& result);
// Nothing when there is none; an input Error naming the file when it is damaged.
std::optional<ProbeResult> readProbeResult(const std::filesystem::path& runDir);
// probe.json's content (NaN as null); without the per-item predictions unless `withItems`.
std::string probeResultToJson(const ProbeResult& result, bool withItems = true);
// `source` names the file in the input Error for damaged content.
ProbeResult probeResultFromJson(const std::string& json, const std::string& source);

}  // namespace latentlab
