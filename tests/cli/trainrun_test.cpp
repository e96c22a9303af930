#include "clirunner.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

std::size_t metricsRows(const fs::path& run) {
  const std::string csv = readBytes(run / "metrics.csv");
  return std::size_t(std::count(csv.begin(), csv.end(), '\n')) - 1;  // minus the header
}

// A tiny MNIST-shaped IDX folder, one train → refuse → resume → eval cycle.
class CliTrainRun : public ::testing::Test {
protected:
  void SetUp() override {
    writeIdxFolder(mDir / "digits", makeBlobDataset(48, ImageShape{1, 28, 28}, 10, 1),
                   makeBlobDataset(16, ImageShape{1, 28, 28}, 10, 2), true);
  }
  std::vector<std::string> trainArguments(int epochs) const {
    return quickTrainArguments(mDir / "digits", run(), epochs);
  }
  fs::path run() const { return mDir / "run"; }

  TempDir mDir;
};

TEST_F(CliTrainRun, TrainRefuseResumeEval) {
  auto result = runCli(trainArguments(2));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  for (const char* name : {"spec.json", "config.json", "metrics.csv", "checkpoint.pt", "best.pt"})
    EXPECT_TRUE(fs::exists(run() / name)) << name;
  EXPECT_EQ(readBytes(run() / "metrics.csv").rfind("epoch,train_loss,val_loss", 0), 0u);
  EXPECT_EQ(metricsRows(run()), 2u);
  EXPECT_EQ(nlohmann::json::parse(readBytes(run() / "config.json"))["epochs"], 2);
  EXPECT_EQ(nlohmann::json::parse(readBytes(run() / "spec.json"))["name"], "mnist-conv");

  // A second train into the same folder is refused and changes nothing.
  const std::string checkpoint = readBytes(run() / "checkpoint.pt");
  const std::string metrics = readBytes(run() / "metrics.csv");
  result = runCli(trainArguments(3));
  EXPECT_NE(result.exitCode, 0);
  EXPECT_NE(result.err.find("--resume"), std::string::npos) << result.err;
  EXPECT_EQ(readBytes(run() / "checkpoint.pt"), checkpoint);
  EXPECT_EQ(readBytes(run() / "metrics.csv"), metrics);

  // --resume continues at epoch 3, keeping the first two rows.
  result = runCli({"train", "--out", run().string(), "--resume", "--epochs", "3", "--threads", "1", "--quiet"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  // --quiet prints only the final line: no dataset/model lines, no epoch lines.
  EXPECT_EQ(result.out.rfind("done: 3 epochs", 0), 0u) << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
  EXPECT_EQ(metricsRows(run()), 3u);
  const std::string resumed = readBytes(run() / "metrics.csv");
  EXPECT_EQ(resumed.substr(0, resumed.find("\n3,")), metrics.substr(0, metrics.size() - 1));
  EXPECT_NE(readBytes(run() / "checkpoint.pt"), checkpoint);

  result = runCli({"eval", "--run", run().string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  for (const char* key : {"mse", "psnr", "snr_db", "ssim"}) {
    ASSERT_TRUE(report.contains(key)) << key;
    EXPECT_TRUE(report[key].is_number()) << key;
  }
  EXPECT_EQ(report["count"], 16);  // the folder's t10k part
  EXPECT_GT(report["mse"].get<double>(), 0.0);
  EXPECT_LT(report["mse"].get<double>(), 0.5);
}

TEST_F(CliTrainRun, ResumeWithoutARunIsAnError) {
  const auto result = runCli({"train", "--out", run().string(), "--resume"});
  EXPECT_NE(result.exitCode, 0);
  EXPECT_NE(result.err.find("cannot resume"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(run() / "spec.json"));
}

TEST_F(CliTrainRun, ShapeMismatchNamesTheFittingPresets) {
  writeIdxFolder(mDir / "small", makeBlobDataset(8, ImageShape{1, 16, 16}), makeBlobDataset(2, ImageShape{1, 16, 16}),
                 false);
  const auto result = runCli(
      {"train", "--preset", "cifar-4911", "--dataset", (mDir / "small").string(), "--out", run().string(), "--quiet"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("3x32x32"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("1x16x16"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(run() / "spec.json"));
}

}  // namespace
}  // namespace latentlab::test
