#pragma once

// The reconstruction grid of a run comparison: the same test images passed through
// each run's weights, so the runs' outputs can be judged side by side. Long work
// (loading the dataset and every run's weights), run through a JobContext.
// Torch-free header and source.

#include "data/dataset.h"
#include "jobs/jobcontext.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct RunReconstructionRequest {
  std::vector<std::filesystem::path> runs;  // the first run's dataset and test split give the images
  int count = 8;                            // test images, spread over the classes
  bool preferBest = true;                   // best.pt when a run has one, else checkpoint.pt
  DatasetPtr dataset;   // the first run's dataset when the caller holds it already; loaded otherwise
  std::string dataDir;  // looked in first for named datasets
};

struct RunReconstructionRow {
  std::filesystem::path run;
  std::string weights;               // the file used: "best.pt" or "checkpoint.pt"
  int epoch = 0;                     // the epoch those weights are from
  ImageShape shape;                  // of one reconstruction
  std::vector<std::uint8_t> images;  // count x shape, channel-planar; empty when there is a problem
  std::string problem;               // why this run has no reconstructions (settings as {key})
};

struct RunReconstructions {
  std::string dataset;                     // as the first run's config.json names it
  std::vector<std::size_t> indices;        // the test items, into the dataset
  ImageShape shape;                        // of one original
  std::vector<std::uint8_t> originals;     // count x shape, the clean test images
  std::vector<RunReconstructionRow> rows;  // one per run, in the request's order

  int count() const { return int(indices.size()); }
};

// Reads the first run's config.json, loads its dataset (unless given), picks `count`
// items of its test split (the validation split when there is no test part), and
// reconstructs them with each run's weights. A run without weights or whose model does
// not take these images gets a row with the reason instead of images; a damaged first
// config.json or a dataset that cannot be read throws an input Error naming it.
// Reports progress to and checks `job` between runs (JobCancelled).
RunReconstructions reconstructRuns(RunReconstructionRequest request, const JobContext& job = {});

}  // namespace latentlab
