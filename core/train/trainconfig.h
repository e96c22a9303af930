#pragma once

#include "data/datasetcatalog.h"
#include "data/datasplit.h"

#include <cstdint>
#include <string>

namespace latentlab {

enum class LossKind { Mse, Bce, L1 };
enum class OptimizerKind { Adam, AdamW, Sgd };

// Every setting of a training run; stored as the run's config.json.
struct TrainConfig {
  std::string dataset = "mnist";  // a catalog name or a path
  std::size_t limit = 0;          // use at most this many items (0 = all)
  LossKind loss = LossKind::Mse;
  OptimizerKind optimizer = OptimizerKind::Adam;
  double learningRate = 1e-3;
  double weightDecay = 0.0;
  double momentum = 0.9;   // SGD only
  double adamBeta1 = 0.9;  // Adam/AdamW moment decays; a GAN's presets lower beta1 to 0.5
  double adamBeta2 = 0.999;
  double beta = 1.0;  // VAE: weight of the KL term
  int batchSize = 128;
  int epochs = 10;
  int earlyStopPatience = 0;  // stop after this many epochs without a better validation loss; 0 = never
  std::string corruption;     // input corruption for denoising / inpainting training, e.g. "gaussian:0.5"
  SplitOptions split;
  std::uint64_t seed = 1;
  std::string device = "auto";  // auto, cpu, cuda
  int threads = 0;              // intra-op threads of the training thread; 0 = all cores but one
  int filmSamples = 8;          // validation images reconstructed after every epoch
  int imageSize = 0;            // image folders: resize to this square side; 0 = the images' own size
};

std::string lossName(LossKind loss);
std::string optimizerName(OptimizerKind optimizer);
LossKind parseLoss(const std::string& name);            // throws a usage Error naming --loss
OptimizerKind parseOptimizer(const std::string& name);  // throws a usage Error naming --optimizer

// How to load the run's dataset: its item limit (when `ownDataset`) and its image size.
DatasetLoadOptions datasetLoadOptions(const TrainConfig& config, bool ownDataset = true);

// Throws a usage Error naming the first bad setting and its valid range.
void validateTrainConfig(const TrainConfig& config);

std::string trainConfigToJson(const TrainConfig& config);
// `source` names the file in error messages.
TrainConfig trainConfigFromJson(const std::string& json, const std::string& source);
// Overlays a preset's "training" object (keys as in config.json) on `config`.
void applyTrainingDefaults(TrainConfig& config, const std::string& json, const std::string& source);

}  // namespace latentlab
