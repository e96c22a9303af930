#include "train/trainconfig.h"

#include "common/error.h"
#include "corrupt/corruption.h"
#include "jsonsettings.h"
#include "jsontext.h"

#include <nlohmann/json.hpp>

namespace latentlab {
using nlohmann::json;

std::string lossName(LossKind loss) {
  switch (loss) {
    case LossKind::Mse:
      return "mse";
    case LossKind::Bce:
      return "bce";
    case LossKind::L1:
      return "l1";
  }
  return "mse";
}

std::string optimizerName(OptimizerKind optimizer) {
  switch (optimizer) {
    case OptimizerKind::Adam:
      return "adam";
    case OptimizerKind::AdamW:
      return "adamw";
    case OptimizerKind::Sgd:
      return "sgd";
  }
  return "adam";
}

LossKind parseLoss(const std::string& name) {
  for (auto loss : {LossKind::Mse, LossKind::Bce, LossKind::L1})
    if (lossName(loss) == name) return loss;
  throw usageError("unknown loss '" + name + "' ({loss}): use mse, bce or l1");
}

OptimizerKind parseOptimizer(const std::string& name) {
  for (auto optimizer : {OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::Sgd})
    if (optimizerName(optimizer) == name) return optimizer;
  throw usageError("unknown optimizer '" + name + "' ({optimizer}): use adam, adamw or sgd");
}

void validateTrainConfig(const TrainConfig& config) {
  auto require = [](bool ok, const std::string& message) {
    if (!ok) throw usageError(message);
  };
  require(config.learningRate > 0 && config.learningRate <= 10,
          "the learning rate ({lr}) must be in (0, 10], not " + std::to_string(config.learningRate));
  require(config.weightDecay >= 0 && config.weightDecay < 1,
          "the weight decay ({weight-decay}) must be in [0, 1), not " + std::to_string(config.weightDecay));
  require(config.momentum >= 0 && config.momentum < 1, "the momentum ({momentum}) must be in [0, 1)");
  require(config.adamBeta1 >= 0 && config.adamBeta1 < 1 && config.adamBeta2 >= 0 && config.adamBeta2 < 1,
          "Adam's betas (adam_beta1, adam_beta2 in the preset's \"training\" block or config.json) must be in [0, 1)");
  require(config.beta >= 0 && config.beta <= 1000, "the VAE beta ({beta}) must be in [0, 1000]");
  require(config.batchSize >= 1 && config.batchSize <= 65536,
          "the batch size ({batch}) must be between 1 and 65536, not " + std::to_string(config.batchSize));
  require(config.epochs >= 1 && config.epochs <= 100000,
          "the number of epochs ({epochs}) must be between 1 and 100000, not " + std::to_string(config.epochs));
  require(config.earlyStopPatience >= 0, "the early-stopping patience ({early-stop}) cannot be negative");
  require(config.threads >= 0 && config.threads <= 1024, "the thread count ({threads}) must be between 0 and 1024");
  require(config.filmSamples >= 0 && config.filmSamples <= 64, "the film sample count must be between 0 and 64");
  require(config.imageSize == 0 || (config.imageSize >= 4 && config.imageSize <= 1024),
          "the image size ({image-size}) must be between 4 and 1024 pixels, not " + std::to_string(config.imageSize));
  require(config.device == "auto" || config.device == "cpu" || config.device == "cuda",
          "the device ({device}) must be auto, cpu or cuda, not '" + config.device + "'");
  validateSplitOptions(config.split);
  Corruption::parse(config.corruption);
}

std::string trainConfigToJson(const TrainConfig& config) {
  json root;
  root["dataset"] = config.dataset;
  root["limit"] = config.limit;
  root["loss"] = lossName(config.loss);
  root["optimizer"] = optimizerName(config.optimizer);
  root["lr"] = config.learningRate;
  root["weight_decay"] = config.weightDecay;
  root["momentum"] = config.momentum;
  root["adam_beta1"] = config.adamBeta1;
  root["adam_beta2"] = config.adamBeta2;
  root["beta"] = config.beta;
  root["batch"] = config.batchSize;
  root["epochs"] = config.epochs;
  root["early_stop"] = config.earlyStopPatience;
  root["corrupt"] = config.corruption;
  root["val_fraction"] = config.split.validationFraction;
  root["test_fraction"] = config.split.testFraction;
  root["use_official_test"] = config.split.useOfficialTest;
  root["seed"] = config.seed;
  root["device"] = config.device;
  root["threads"] = config.threads;
  root["film_samples"] = config.filmSamples;
  if (config.imageSize > 0) root["image_size"] = config.imageSize;  // absent: the images' own size
  return root.dump(2) + "\n";
}

void applyTrainingDefaults(TrainConfig& config, const std::string& text, const std::string& source) {
  json root;
  try {
    root = parseJsonText(text);
  } catch (const JsonTextError& error) {
    throw inputError(source + " is not valid JSON: " + error.what() + "; it may be damaged or hand-edited");
  }
  if (!root.is_object()) throw inputError(source + " is not a JSON object; it may be damaged or hand-edited");
  try {
    config.dataset = stringSetting(root, "dataset", config.dataset);
    config.limit = std::size_t(wholeNumberSetting(root, "limit", (long long)config.limit, 0));
    if (root.contains("loss")) config.loss = parseLoss(stringSetting(root, "loss", ""));
    if (root.contains("optimizer")) config.optimizer = parseOptimizer(stringSetting(root, "optimizer", ""));
    config.learningRate = numberSetting(root, "lr", config.learningRate);
    config.weightDecay = numberSetting(root, "weight_decay", config.weightDecay);
    config.momentum = numberSetting(root, "momentum", config.momentum);
    config.adamBeta1 = numberSetting(root, "adam_beta1", config.adamBeta1);
    config.adamBeta2 = numberSetting(root, "adam_beta2", config.adamBeta2);
    config.beta = numberSetting(root, "beta", config.beta);
    config.batchSize = intSetting(root, "batch", config.batchSize);
    config.epochs = intSetting(root, "epochs", config.epochs);
    config.earlyStopPatience = intSetting(root, "early_stop", config.earlyStopPatience);
    config.corruption = stringSetting(root, "corrupt", config.corruption);
    config.split.validationFraction = numberSetting(root, "val_fraction", config.split.validationFraction);
    config.split.testFraction = numberSetting(root, "test_fraction", config.split.testFraction);
    config.split.useOfficialTest = boolSetting(root, "use_official_test", config.split.useOfficialTest);
    config.seed = unsignedSetting(root, "seed", config.seed);
    config.device = stringSetting(root, "device", config.device);
    config.threads = intSetting(root, "threads", config.threads);
    config.filmSamples = intSetting(root, "film_samples", config.filmSamples);
    config.imageSize = intSetting(root, "image_size", config.imageSize);
  } catch (const JsonSettingError& error) {
    throw inputError(source + ": " + error.what());
  } catch (const json::exception& error) {
    throw inputError(source + " has a setting of the wrong type (" + error.what() + ")");
  } catch (const Error& error) {
    throw Error(error.kind(), source + ": " + error.what());
  }
  config.split.seed = config.seed;
}

DatasetLoadOptions datasetLoadOptions(const TrainConfig& config, bool ownDataset) {
  DatasetLoadOptions options;
  options.limit = ownDataset ? config.limit : 0;  // the run's own items, so its split holds
  options.imageFolder.size = config.imageSize;
  return options;
}

TrainConfig trainConfigFromJson(const std::string& text, const std::string& source) {
  TrainConfig config;
  applyTrainingDefaults(config, text, source);
  return config;
}

}  // namespace latentlab
