#include "clirunner.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

// One tiny run trained on blobs (shared by the tests: training is the slow part),
// and a set of uniform-noise images that look nothing like them.
class CliEvalOod : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    sDir = new TempDir;
    const ImageShape shape{1, 16, 16};
    writeIdxFolder(*sDir / "blobs", makeBlobDataset(128, shape, 4, 1), makeBlobDataset(32, shape, 4, 2), false);
    writeIdxFolder(*sDir / "noise", makeNoiseDataset(24, shape, 4, 3), makeNoiseDataset(24, shape, 4, 4), false);
    writeBytes(*sDir / "tiny.json", R"({"name": "tiny", "input": [1, 16, 16], "output_activation": "sigmoid",
      "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1},
                  {"conv": 8, "kernel": 3, "stride": 2, "padding": 1}],
      "latent": 8, "decoder": "mirror"})");
    sTrain = runCli({"train",
                     "--spec",
                     (*sDir / "tiny.json").string(),
                     "--dataset",
                     (*sDir / "blobs").string(),
                     "--out",
                     run(),
                     "--epochs",
                     "8",
                     "--batch",
                     "16",
                     "--lr",
                     "0.005",
                     "--corrupt",
                     "gaussian:0.1",
                     "--device",
                     "cpu",
                     "--threads",
                     "1",
                     "--quiet"});
  }
  static void TearDownTestSuite() {
    delete sDir;
    sDir = nullptr;
  }
  void SetUp() override { ASSERT_EQ(sTrain.exitCode, 0) << sTrain.err; }
  static std::string run() { return (*sDir / "run").string(); }
  static std::string noise() { return (*sDir / "noise").string(); }

  static TempDir* sDir;
  static CliResult sTrain;
};
TempDir* CliEvalOod::sDir = nullptr;
CliResult CliEvalOod::sTrain;

TEST_F(CliEvalOod, JsonReportsAucAndErrorsOfBothSets) {
  const auto result = runCli({"eval", "--run", run(), "--ood", noise(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  for (const char* key : {"auc", "inlier_mean_error", "ood_mean_error", "inlier_count", "ood_count", "dataset", "ood"})
    ASSERT_TRUE(report.contains(key)) << key << " missing from\n" << result.out;
  const double auc = report["auc"].get<double>();
  EXPECT_GE(auc, 0.0);
  EXPECT_LE(auc, 1.0);
  EXPECT_GT(auc, 0.95) << "blobs vs noise should separate: " << result.out;
  EXPECT_EQ(report["inlier_count"], 32);  // the folder's t10k part
  EXPECT_EQ(report["ood_count"], 48);
  EXPECT_EQ(report["ood"], "noise");
  EXPECT_LT(report["inlier_mean_error"].get<double>(), report["ood_mean_error"].get<double>());

  const auto limited =
      nlohmann::json::parse(runCli({"eval", "--run", run(), "--ood", noise(), "--limit", "10", "--json"}).out);
  EXPECT_EQ(limited["inlier_count"], 10);
  EXPECT_EQ(limited["ood_count"], 10);
}

TEST_F(CliEvalOod, TextReportNamesTheAuc) {
  const auto result = runCli({"eval", "--run", run(), "--ood", noise()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("ROC AUC"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("noise"), std::string::npos) << result.out;
}

TEST_F(CliEvalOod, CorruptedEvalReportsOutputAndNoisyQuality) {
  const auto result = runCli({"eval", "--run", run(), "--corrupt", "gaussian:0.3", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  for (const char* key : {"mse", "psnr", "snr_db", "ssim", "noisy_mse", "noisy_psnr", "noisy_snr_db", "noisy_ssim"}) {
    ASSERT_TRUE(report.contains(key)) << key;
    EXPECT_TRUE(report[key].is_number()) << key;
  }
  EXPECT_EQ(report["corruption"], "gaussian:0.3");
  EXPECT_GT(report["noisy_mse"].get<double>(), 0.0) << result.out;  // (denoising gains: SnapshotEvaluation tests)
  // Clean inputs: no noisy_ figures.
  const auto clean = nlohmann::json::parse(runCli({"eval", "--run", run(), "--corrupt", "none", "--json"}).out);
  EXPECT_FALSE(clean.contains("noisy_mse"));
}

TEST_F(CliEvalOod, BadOodArgumentsGetClearMessages) {
  auto result = runCli({"eval", "--run", run(), "--ood", (*sDir / "nowhere").string()});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("nowhere"), std::string::npos) << result.err;
  result = runCli({"eval", "--run", run(), "--ood", noise(), "--dataset", noise()});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("--ood"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace latentlab::test
