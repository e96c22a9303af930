#include "clirunner.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace latentlab::test {
namespace {

nlohmann::json parseOutput(const CliResult& result) {
  EXPECT_EQ(result.exitCode, 0) << result.err;
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::exception& error) {
    ADD_FAILURE() << "not JSON (" << error.what() << "):\n" << result.out;
    return {};
  }
}

TEST(CliJson, SummaryOfCifar4911) {
  const auto summary = parseOutput(runCli({"summary", "--preset", "cifar-4911", "--json"}));
  EXPECT_EQ(summary["total_params"], 4911);
  EXPECT_EQ(summary["name"], "cifar-4911");
  ASSERT_TRUE(summary["layers"].is_array());
  ASSERT_FALSE(summary["layers"].empty());
  long long total = 0;
  for (const auto& layer : summary["layers"]) {
    EXPECT_TRUE(layer.contains("layer"));
    EXPECT_TRUE(layer.contains("output_shape"));
    total += layer["params"].get<long long>();
  }
  EXPECT_EQ(total, 4911);
}

TEST(CliJson, PresetsListsEveryPresetWithItsCount) {
  const auto presets = parseOutput(runCli({"presets", "--json"}));
  ASSERT_TRUE(presets.is_array());
  bool sawColorize = false;
  for (const auto& preset : presets) {
    EXPECT_TRUE(preset.contains("name"));
    EXPECT_GT(preset["total_params"].get<long long>(), 0);
    if (preset["name"] == "cifar-colorize-19167") {
      sawColorize = true;
      EXPECT_EQ(preset["total_params"], 19167);
    }
  }
  EXPECT_TRUE(sawColorize);
}

TEST(CliJson, DatasetsListsTheKnownNamesAndSearchDirs) {
  TempDir dir;
  const auto datasets = parseOutput(runCli({"datasets", "--json", "--data-dir", dir.path().string()}));
  ASSERT_TRUE(datasets["datasets"].is_array());
  std::vector<std::string> names;
  for (const auto& entry : datasets["datasets"]) {
    names.push_back(entry["name"]);
    EXPECT_TRUE(entry["found"].is_boolean());
  }
  for (const char* name : {"mnist", "fashion-mnist", "kmnist", "cifar10", "svhn", "colored-mnist"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  ASSERT_FALSE(datasets["search_dirs"].empty());
  EXPECT_EQ(datasets["search_dirs"][0], dir.path().string());
}

}  // namespace
}  // namespace latentlab::test
