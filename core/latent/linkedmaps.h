#pragma once

// Linked latent maps: the maps of two or more runs computed on the same items (the first
// run's test split), so item i is point i in every map and a view can highlight the
// same items across them (seed 003's code of 2 against 6, seed 004's AE against VAE).
// Torch-free header.

#include "latent/mapjob.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct LinkedMapsInput {
  std::vector<std::filesystem::path> runs;  // two or more run folders with weights
  DatasetPtr dataset;         // the runs' dataset when the caller has it loaded; null: read it from the catalog
  std::string datasetName;    // what `dataset` is (a catalog name or a path); compared with the runs' config
  std::string dataDir;        // looked in first for named datasets
  std::size_t points = 2000;  // items placed on every map (an even stride over the test split)
  ProjectionOptions projection;
};

struct LinkedMaps {
  std::vector<MapResult> maps;        // one per run, each over `indices`
  std::vector<std::string> runNames;  // the folders' names
  std::vector<std::size_t> indices;   // the items, into `dataset`
  DatasetPtr dataset;
};

// Usage Error when fewer than two runs are given or they were trained on different
// datasets; input Error naming the folder when a run has no weights.
LinkedMaps computeLinkedMaps(LinkedMapsInput input, const JobContext& job = {});

}  // namespace latentlab
