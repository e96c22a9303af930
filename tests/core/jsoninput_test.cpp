// Every JSON file LatentLab reads goes through parseJsonText: nesting is capped (deep nesting
// crashed nlohmann's recursive dump), and numbers/types are checked per key.
#include "common/error.h"
#include "jsonsettings.h"
#include "jsontext.h"
#include "modelspec.h"
#include "probe/linearprobe.h"
#include "run/runannotations.h"
#include "run/runstatus.h"
#include "sweep/sweepplan.h"
#include "tempdir.h"
#include "train/trainconfig.h"

#include <gtest/gtest.h>

#include <fstream>

namespace latentlab {
namespace {
namespace fs = std::filesystem;

std::string nestedArrays(int depth) {
  return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']');
}

std::string specWithTraining(const std::string& training) {
  return R"({"name": "t", "input": [1, 28, 28], "encoder": [{"linear": 16}], "latent": 2, "training": )" + training +
         "}";
}

std::string specWithLatent(const std::string& latent) {
  return R"({"name": "t", "input": [1, 28, 28], "encoder": [{"linear": 16}], "latent": )" + latent + "}";
}

// The message of `parse`'s ModelSpecError ("" when it parsed).
template <typename Parse>
std::string specError(Parse parse) {
  try {
    parse();
  } catch (const ModelSpecError& error) {
    return error.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(JsonText, DeepNestingIsRefusedBeforeParsing) {
  EXPECT_TRUE(jsonNestsDeeperThan(nestedArrays(100000), kMaxJsonDepth));
  EXPECT_FALSE(jsonNestsDeeperThan(nestedArrays(kMaxJsonDepth), kMaxJsonDepth));
  try {
    parseJsonText(nestedArrays(100000));
    FAIL() << "100,000 nested arrays were parsed";
  } catch (const JsonTextError& error) {
    EXPECT_TRUE(has(error.what(), "64 levels deep")) << error.what();
  }
}

TEST(JsonText, BracketsInsideStringsDoNotCount) {
  const std::string text = R"({"note": ")" + std::string(500, '[') + R"(\"[[[", "n": [[1]]})";
  const auto root = parseJsonText(text);
  EXPECT_EQ(root["n"][0][0], 1);
}

TEST(JsonText, NumberOverflowNamesTheKey) {
  try {
    parseJsonText(R"({"batch": 3, "latent": 1e400})");
    FAIL() << "1e400 was parsed";
  } catch (const JsonTextError& error) {
    EXPECT_TRUE(has(error.what(), "1e400")) << error.what();
    EXPECT_TRUE(has(error.what(), "\"latent\"")) << error.what();
    EXPECT_FALSE(has(error.what(), "[json.exception")) << error.what();
  }
}

TEST(SpecJson, DeeplyNestedTrainingIsRefusedNotACrash) {
  const std::string message = specError([] { parseModelSpec(specWithTraining(nestedArrays(100000)), "deep.json"); });
  EXPECT_TRUE(has(message, "deep.json")) << message;
  EXPECT_TRUE(has(message, "levels deep")) << message;
}

TEST(SpecJson, HugeLatentNamesTheFileAndTheKey) {
  const std::string message = specError([] { parseModelSpec(specWithLatent("1e400"), "huge.json"); });
  EXPECT_TRUE(has(message, "huge.json")) << message;
  EXPECT_TRUE(has(message, "latent")) << message;
}

TEST(SpecJson, FractionalOrBooleanLatentIsRefusedNotReadAsOne) {
  for (const char* value : {"1.5", "true", "\"4\""}) {
    const std::string message = specError([&] { parseModelSpec(specWithLatent(value), "s.json"); });
    EXPECT_TRUE(has(message, "s.json: 'latent' must be a whole number, not " + std::string(value))) << message;
  }
  for (const char* value : {"4294967297", "-9999999999999", "18446744073709551615"}) {
    const std::string message = specError([&] { parseModelSpec(specWithLatent(value), "s.json"); });
    EXPECT_TRUE(has(message, "s.json: 'latent' is out of range: " + std::string(value))) << message;
  }
  EXPECT_EQ(parseModelSpec(specWithLatent("7"), "s.json").latent, 7);
}

TEST(SpecJson, FractionalLayerNumbersAndInputAreRefused) {
  const std::string layer = specError([] {
    parseModelSpec(R"({"input": [1, 28, 28], "encoder": [{"conv": 8, "kernel": 2.5}], "latent": 2})", "l.json");
  });
  EXPECT_TRUE(has(layer, "encoder layer 1: 'kernel' must be a whole number")) << layer;
  const std::string size = specError(
      [] { parseModelSpec(R"({"input": [1, 28, 28], "encoder": [{"linear": true}], "latent": 2})", "l.json"); });
  EXPECT_TRUE(has(size, "'linear' must be a whole number")) << size;
  const std::string input = specError([] { parseModelSpec(R"({"input": [1, 28.5, 28], "latent": 2})", "i.json"); });
  EXPECT_TRUE(has(input, "i.json: 'input' must be [channels, height, width] in whole numbers")) << input;
  const std::string flag =
      specError([] { parseModelSpec(R"({"input": [1, 28, 28], "latent": 2, "batch_norm": 1})", "b.json"); });
  EXPECT_TRUE(has(flag, "'batch_norm' must be true or false")) << flag;
}

TEST(TrainConfigJson, FractionalOrBooleanSettingsAreRefusedNamingTheKey) {
  for (const auto& [json, key] : std::vector<std::pair<std::string, std::string>>{{R"({"batch": 1.5})", "batch"},
                                                                                  {R"({"epochs": true})", "epochs"},
                                                                                  {R"({"seed": -1})", "seed"},
                                                                                  {R"({"lr": "0.1"})", "lr"},
                                                                                  {R"({"limit": 2.5})", "limit"}}) {
    try {
      trainConfigFromJson(json, "config.json");
      ADD_FAILURE() << json << " was accepted";
    } catch (const Error& error) {
      EXPECT_TRUE(has(error.what(), "config.json: '" + key + "' must be")) << error.what();
    }
  }
}

TEST(TrainConfigJson, DeeplyNestedConfigIsRefusedNotACrash) {
  try {
    trainConfigFromJson(R"({"dataset": )" + nestedArrays(100000) + "}", "config.json");
    FAIL() << "a deeply nested config was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_TRUE(has(error.what(), "config.json")) << error.what();
    EXPECT_TRUE(has(error.what(), "levels deep")) << error.what();
  }
}

TEST(TrainConfigJson, ImageSizeRoundTripsAndIsOmittedWhenUnset) {
  TrainConfig config;
  EXPECT_FALSE(has(trainConfigToJson(config), "image_size"));
  config.imageSize = 48;
  EXPECT_EQ(trainConfigFromJson(trainConfigToJson(config), "config.json").imageSize, 48);
  EXPECT_EQ(datasetLoadOptions(config).imageFolder.size, 48);
  config.imageSize = 2048;
  EXPECT_THROW(validateTrainConfig(config), Error);
}

TEST(SidecarJson, DeeplyNestedSidecarsAreRefusedNotACrash) {
  const std::string deep = R"({"state": "running", "x": )" + nestedArrays(100000) + "}";
  EXPECT_THROW(parseRunStatus(deep, "status.json"), Error);
  EXPECT_THROW(probeResultFromJson(deep, "probe.json"), Error);
  EXPECT_THROW(SweepPlan::fromJson(deep, "sweep.json"), Error);
  test::TempDir dir;
  std::ofstream(runAnnotationsFile(dir.path())) << deep;
  try {
    readRunAnnotations(dir.path());
    FAIL() << "deep annotations were read";
  } catch (const Error& error) {
    EXPECT_TRUE(has(error.what(), "levels deep")) << error.what();
  }
}

}  // namespace
}  // namespace latentlab
