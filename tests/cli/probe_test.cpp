// probe on a tiny trained run: JSON keys, probe.json, the text report, errors.

#include "clirunner.h"
#include "fixtures.h"
#include "smallrunsuite.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

// One run trained for the whole suite (SmallRunSuite).
class CliProbe : public SmallRunSuite {};

TEST_F(CliProbe, JsonReportsAccuracyAndWritesProbeJson) {
  fs::remove(run() / "probe.json");
  const auto result = runCli({"probe", "--run", run().string(), "--epochs", "10", "--threads", "1", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  for (const char* key : {"accuracy", "knn_accuracy", "knn_k", "per_class", "confusion", "class_names", "history",
                          "train_items", "label_fraction", "fine_tuned", "code_size", "epoch", "seconds", "saved"})
    EXPECT_TRUE(report.contains(key)) << key;
  const double accuracy = report["accuracy"].get<double>();
  EXPECT_GE(accuracy, 0.0);
  EXPECT_LE(accuracy, 1.0);
  EXPECT_GT(report["knn_accuracy"].get<double>(), 0.5);  // ten well-apart blobs
  EXPECT_EQ(report["knn_k"], 5);
  EXPECT_EQ(report["code_size"], 10);
  EXPECT_EQ(report["epoch"], 2);
  EXPECT_EQ(report["fine_tuned"], false);
  EXPECT_EQ(report["history"].size(), 10u);
  ASSERT_EQ(report["class_names"].size(), 10u);
  ASSERT_EQ(report["per_class"].size(), 10u);
  EXPECT_TRUE(report["per_class"].contains("7"));
  ASSERT_EQ(report["confusion"].size(), 10u);
  long long total = 0;
  for (const auto& row : report["confusion"]) {
    ASSERT_EQ(row.size(), 10u);
    for (const auto& count : row) total += count.get<long long>();
  }
  EXPECT_EQ(total, 100);
  EXPECT_FALSE(report.contains("predicted"));  // the per-item lists stay in the file

  ASSERT_TRUE(fs::exists(run() / "probe.json"));
  EXPECT_EQ(report["saved"], (run() / "probe.json").string());
  const auto saved = nlohmann::json::parse(readBytes(run() / "probe.json"));
  EXPECT_DOUBLE_EQ(saved["accuracy"].get<double>(), accuracy);
  EXPECT_EQ(saved["test_items"].size(), 100u);
  EXPECT_EQ(saved["predicted"].size(), 100u);
  EXPECT_EQ(saved["truth"].size(), 100u);
}

TEST_F(CliProbe, TextReportWithFineTuningOnATenthOfTheLabels) {
  const auto result = runCli({"probe", "--run", run().string(), "--epochs", "2", "--threads", "1", "--fine-tune",
                              "--label-fraction", "0.1", "--no-save"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  for (const char* text : {"test accuracy", "frozen encoder", "kNN accuracy (k = 5", "per class",
                           "confusion matrix (rows = true class", "10 % of the labels", "not saved"})
    EXPECT_NE(result.out.find(text), std::string::npos) << text << "\n" << result.out;
}

TEST_F(CliProbe, BadLabelFractionIsAUsageErrorNamingIt) {
  for (const char* fraction : {"0", "1.5"}) {
    const auto result = runCli({"probe", "--run", run().string(), "--label-fraction", fraction});
    EXPECT_EQ(result.exitCode, 2) << fraction << ": " << result.err;
    EXPECT_NE(result.err.find("--label-fraction"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(run() / "probe.json.tmp"));
  }
}

TEST_F(CliProbe, RunWithoutWeightsFailsNamingTheFolder) {
  TempDir dir;
  const fs::path empty = dir / "no-weights";
  fs::create_directories(empty);
  fs::copy_file(run() / "spec.json", empty / "spec.json");
  fs::copy_file(run() / "config.json", empty / "config.json");
  const auto result = runCli({"probe", "--run", empty.string()});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_NE(result.err.find(empty.string()), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(empty / "probe.json"));

  const auto missing = runCli({"probe", "--run", (dir / "nothing").string()});
  EXPECT_EQ(missing.exitCode, 1) << missing.err;
  EXPECT_NE(missing.err.find((dir / "nothing").string()), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace latentlab::test
