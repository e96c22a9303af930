#pragma once

// Codes to decode into new images: a VAE's prior (a standard normal), or for a plain
// autoencoder, which has no prior, a Gaussian fitted to codes of real images (each code
// value's mean and standard deviation). Torch-free; the lab report and `latentlab-cli
// sample` draw the same way.

#include "inference/modelsnapshot.h"
#include "latent/datasetencoding.h"
#include "report/pngwriter.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct CodeDistribution {
  std::vector<double> mean;
  std::vector<double> deviation;
  bool prior = false;  // true: the model's own prior; false: fitted to real codes
};

// The VAE's prior, or the Gaussian of `codes` (usage Error when a plain autoencoder has none).
CodeDistribution codeDistribution(const ModelSnapshot& model, const EncodedSet* codes);

// `count` codes (count x size), seeded.
std::vector<float> drawCodes(const CodeDistribution& distribution, int count, std::uint64_t seed);

struct RunSampleRequest {
  std::filesystem::path runDir;
  int count = 64;
  int columns = 8;
  std::uint64_t seed = 1;
  std::string dataDir;  // for a plain autoencoder: where its dataset is looked for first
  int fitItems = 2000;  // test items whose codes the Gaussian is fitted to (plain autoencoders)
};

struct RunSamples {
  RasterImage grid;
  int epoch = 0;  // of the weights used
  bool prior = false;
  std::string how;  // one sentence: where the codes came from
};

// Loads the run's best weights (and, for a plain autoencoder, codes of its test images),
// draws `count` codes and decodes them into a grid. Usage Error for count outside 1..4096.
RunSamples sampleRun(const RunSampleRequest& request, const JobContext& job = {});

}  // namespace latentlab
