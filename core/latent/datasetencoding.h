#pragma once

// Encoding dataset items with a run's encoder: the points of the latent map.
// Torch-free, so the GUI and the CLI include it cheaply.

#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

// The codes of some dataset items under one model: what the latent map shows.
struct EncodedSet {
  std::vector<std::size_t> indices;  // into the dataset
  std::vector<std::int64_t> labels;
  int codeSize = 0;
  std::vector<float> codes;         // count x codeSize (a VAE's mean)
  std::vector<float> errors;        // per-item reconstruction MSE; empty unless asked for
  std::vector<float> logVariances;  // a VAE's posterior log-variances, count x codeSize; empty otherwise

  std::size_t count() const { return indices.size(); }
  const float* code(std::size_t i) const { return codes.data() + i * std::size_t(codeSize); }
};

struct EncodeOptions {
  int batchSize = 256;               // small enough that a cancel lands within a second on a busy machine
  bool reconstructionErrors = true;  // also decode each batch and keep the per-item MSE
  int threads = 0;                   // LibTorch threads for the calling thread; 0 = all cores
};

// Encodes the items in batches on the calling thread (run it off the GUI thread).
// Reports progress to `job` before every batch and at the end, and checks it
// every batch (JobCancelled). Throws a usage Error naming both shapes when the
// model does not fit the dataset.
EncodedSet encodeDataset(const ModelSnapshot& model, const Dataset& dataset, const std::vector<std::size_t>& indices,
                         const EncodeOptions& options = {}, const JobContext& job = {});

// The model's input for dataset items as floats in [0, 1]: the images, or their
// luminance for a colorization model (gray in, RGB out), as the trainer feeds them.
std::vector<float> modelInputs(const ModelSnapshot& model, const Dataset& dataset, const std::size_t* indices,
                               std::size_t count);

// Which items of a run's dataset to map: the CLI's embed and project share this.
struct RunItemsRequest {
  std::string dataset;         // empty: the run's own dataset (with the run's item limit)
  std::string split = "test";  // test, val, train or all (the run's seeded split)
  std::size_t limit = 0;       // at most this many items, evenly spread over the split; 0 = all
  std::string dataDir;         // looked in first for named datasets
  int imageSize = 0;           // image folders: resize to this square side; 0 = as the run was trained
};

struct RunItems {
  ModelSnapshotPtr model;  // the run's best weights (else the latest checkpoint)
  DatasetPtr dataset;
  std::vector<std::size_t> indices;  // ascending
  std::string datasetName;
  std::vector<std::string> warnings;  // from loading the dataset (skipped unreadable images)
};

// Loads a run's weights and the requested items of its dataset. Throws an input
// Error for a folder that holds no run, a usage Error for a bad split, an empty
// selection, or a model that does not fit the dataset.
RunItems loadRunItems(const std::filesystem::path& runDir, const RunItemsRequest& request);

// Up to `limit` of `indices`, evenly spread and in order (all of them when `limit` is 0).
std::vector<std::size_t> spreadSubset(const std::vector<std::size_t>& indices, std::size_t limit);

}  // namespace latentlab
