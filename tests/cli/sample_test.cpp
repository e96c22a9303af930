// sample: a plain autoencoder's grid from codes fitted to its test images, a VAE's from
// its prior (no dataset needed), and the usage errors.

#include "clirunner.h"
#include "smallrunsuite.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

class CliSample : public SmallRunSuite {};

std::string pngSignature(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(4, '\0');
  in.read(head.data(), 4);
  return head.substr(1, 3);
}

TEST_F(CliSample, AutoencoderGridFromCodesFittedToItsTestImages) {
  const fs::path out = dir() / "samples.png";
  const auto result =
      runCli({"sample", "--run", run().string(), "--n", "12", "--columns", "4", "--out", out.string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["count"], 12);
  EXPECT_FALSE(report["prior"].get<bool>());
  // 4 columns x 3 rows of 28-pixel images scaled by 2 with 2-pixel gaps.
  EXPECT_EQ(report["width"], 4 * 56 + 3 * 2);
  EXPECT_EQ(report["height"], 3 * 56 + 2 * 2);
  EXPECT_EQ(pngSignature(out), "PNG");
}

TEST_F(CliSample, VaeSamplesItsPriorWithoutItsDataset) {
  const fs::path vae = dir() / "vae";
  if (!fs::exists(vae)) {
    const auto trained =
        runCli({"train", "--preset", "mnist-vae", "--dataset", (dir() / "digits").string(), "--out", vae.string(),
                "--epochs", "1", "--batch", "32", "--device", "cpu", "--threads", "1", "--quiet"});
    ASSERT_EQ(trained.exitCode, 0) << trained.err;
  }
  // The prior needs no images: sampling works with the dataset gone.
  fs::rename(dir() / "digits", dir() / "digits-away");
  const auto result =
      runCli({"sample", "--run", vae.string(), "--n", "8", "--out", (dir() / "vae.png").string(), "--json"});
  fs::rename(dir() / "digits-away", dir() / "digits");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(nlohmann::json::parse(result.out)["prior"].get<bool>());
  EXPECT_EQ(pngSignature(dir() / "vae.png"), "PNG");
}

TEST_F(CliSample, BadCountAndNotARunAreRefused) {
  EXPECT_EQ(runCli({"sample", "--run", run().string(), "--n", "0", "--out", (dir() / "x.png").string()}).exitCode, 2);
  const auto notRun = runCli({"sample", "--run", dir().string(), "--out", (dir() / "x.png").string()});
  EXPECT_EQ(notRun.exitCode, 1);
  EXPECT_NE(notRun.err.find(dir().string()), std::string::npos) << notRun.err;
  EXPECT_FALSE(fs::exists(dir() / "x.png"));
}

}  // namespace
}  // namespace latentlab::test
