// A run's config.json and a preset's "training" object.
#include "fuzzsupport.h"
#include "train/trainconfig.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json = fuzz::text(data, size);
  fuzz::expectCleanErrors([&] {
    const TrainConfig config = trainConfigFromJson(json, "config.json");
    validateTrainConfig(config);
    (void)trainConfigToJson(config);
  });
  fuzz::expectCleanErrors([&] {
    TrainConfig config;
    applyTrainingDefaults(config, json, "fuzz.json");
  });
  return 0;
}
