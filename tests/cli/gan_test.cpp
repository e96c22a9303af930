// A GAN through the command line: train prints its figures, eval reports the domain FID per
// epoch and the class histogram, sample draws from the prior, report and project work, and
// what needs an autoencoder is refused with a message.

#include "clirunner.h"
#include "smallrunsuite.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

class CliGan : public SmallRunSuite {
protected:
  static fs::path gan() {
    const fs::path folder = dir() / "gan";
    if (!fs::exists(folder / "metrics.csv")) {
      const auto trained =
          runCli({"train", "--preset", "mnist-dcgan", "--dataset", (dir() / "digits").string(), "--out",
                  folder.string(), "--epochs", "2", "--batch", "32", "--device", "cpu", "--threads", "1"});
      EXPECT_EQ(trained.exitCode, 0) << trained.err;
      sTrainOutput = trained.out;
    }
    return folder;
  }
  static inline std::string sTrainOutput;
};

std::string readAll(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(CliGan, TrainPrintsBothLossesTheFidAndTheClassesPerEpoch) {
  const fs::path run = gan();
  EXPECT_NE(sTrainOutput.find("epoch 2/2  G "), std::string::npos) << sTrainOutput;
  EXPECT_NE(sTrainOutput.find("D(G(z))"), std::string::npos) << sTrainOutput;
  EXPECT_NE(sTrainOutput.find("FID "), std::string::npos) << sTrainOutput;
  EXPECT_NE(sTrainOutput.find("best domain FID"), std::string::npos) << sTrainOutput;
  for (const char* file : {"checkpoint.pt", "best.pt", "classifier.pt", "metrics.csv", "samples/epoch-0002.png"})
    EXPECT_TRUE(fs::exists(run / file)) << file;
}

TEST_F(CliGan, EvalReportsTheFidPerEpochAndTheClassHistogram) {
  const fs::path run = gan();
  const auto result = runCli({"eval", "--run", run.string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["kind"], "gan");
  ASSERT_TRUE(report["fid"].is_number()) << result.out;
  EXPECT_GE(report["fid"].get<double>(), 0.0);
  ASSERT_EQ(report["fid_per_epoch"].size(), 2u);
  EXPECT_DOUBLE_EQ(report["fid_per_epoch"][1].get<double>(), report["fid"].get<double>());
  const auto histogram = report["class_histogram"].get<std::vector<long long>>();
  ASSERT_EQ(histogram.size(), 10u);
  EXPECT_EQ(std::accumulate(histogram.begin(), histogram.end(), 0LL), 10000);  // kGanQualitySamples
  EXPECT_EQ(report["class_names"].size(), 10u);
  EXPECT_TRUE(report["never_generated"].is_array());

  const auto text = runCli({"eval", "--run", run.string()});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("not Inception"), std::string::npos) << text.out;

  const auto ood = runCli({"eval", "--run", run.string(), "--ood", "fashion-mnist"});
  EXPECT_EQ(ood.exitCode, 2) << ood.out;
  EXPECT_NE(ood.err.find("is a GAN run"), std::string::npos) << ood.err;
}

TEST_F(CliGan, SampleDrawsFromThePriorAndReportHasTheGanSections) {
  const fs::path run = gan();
  const auto sample =
      runCli({"sample", "--run", run.string(), "--n", "8", "--out", (dir() / "gan.png").string(), "--json"});
  ASSERT_EQ(sample.exitCode, 0) << sample.err;
  EXPECT_TRUE(nlohmann::json::parse(sample.out)["prior"].get<bool>());
  EXPECT_TRUE(fs::exists(dir() / "gan.png"));

  const auto report = runCli({"report", "--run", run.string(), "--out", (dir() / "gan.html").string()});
  ASSERT_EQ(report.exitCode, 0) << report.err;
  const std::string html = readAll(dir() / "gan.html");
  for (const char* section : {"GAN losses", "Domain FID", "Class histogram", "Sample film", "Generated samples"})
    EXPECT_NE(html.find(section), std::string::npos) << section;
  EXPECT_EQ(html.find("Reconstruction quality"), std::string::npos) << "an autoencoder section in a GAN's report";
  EXPECT_TRUE(fs::exists(dir() / "gan-figures" / "class-histogram.svg"));
}

TEST_F(CliGan, SweepRefusesAGanWithWhatToDoInstead) {
  const auto result = runCli({"sweep", "--preset", "mnist-dcgan", "--dataset", (dir() / "digits").string(), "--grid",
                              "lr=0.001,0.002", "--out", (dir() / "gan-sweep").string(), "--yes"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("latentlab-cli train --preset mnist-dcgan"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace latentlab::test
