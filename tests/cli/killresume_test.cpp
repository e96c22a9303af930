// kill -9 of `latentlab-cli train` at several moments, then `train --resume`: the run folder
// must end with one metrics row and one film frame per epoch, and no temp files; and damaged
// or disagreeing checkpoints are refused with one line.

#include "clirunner.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

std::vector<int> metricsEpochs(const fs::path& run) {
  std::istringstream in(readBytes(run / "metrics.csv"));
  std::string line;
  std::getline(in, line);
  std::vector<int> epochs;
  while (std::getline(in, line))
    if (!line.empty()) epochs.push_back(std::stoi(line.substr(0, line.find(','))));
  return epochs;
}

std::vector<std::string> tempFiles(const fs::path& run) {
  std::vector<std::string> names;
  for (const fs::path& folder : {run, run / "samples"})
    if (fs::is_directory(folder))
      for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().find(".tmp") != std::string::npos)
          names.push_back(entry.path().filename().string());
  return names;
}

class CliKillResume : public ::testing::Test {
protected:
  void SetUp() override {
    writeIdxFolder(mDir / "digits", makeBlobDataset(96, ImageShape{1, 28, 28}, 10, 1),
                   makeBlobDataset(16, ImageShape{1, 28, 28}, 10, 2), true);
  }
  std::vector<std::string> trainArguments(const fs::path& run, int epochs) const {
    return quickTrainArguments(mDir / "digits", run, epochs);
  }
  TempDir mDir;
};

TEST_F(CliKillResume, KillNineAtSeveralMomentsThenResumeKeepsEveryEpoch) {
  constexpr int kEpochs = 4;
  // Delays spread over start-up, the first epochs and their file writes.
  for (int delayMs : {150, 400, 700, 1000, 1300, 1700}) {
    SCOPED_TRACE("killed after " + std::to_string(delayMs) + " ms");
    const fs::path run = mDir / ("run" + std::to_string(delayMs));
    const int pid = startCli(trainArguments(run, kEpochs));
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);

    CliResult result;
    if (fs::exists(run / "spec.json"))
      result = runCli({"train", "--out", run.string(), "--resume", "--epochs", std::to_string(kEpochs), "--threads",
                       "1", "--quiet"});
    else
      result = runCli(trainArguments(run, kEpochs));  // killed before the run existed: start it
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(metricsEpochs(run), (std::vector<int>{1, 2, 3, 4}));
    for (int epoch = 1; epoch <= kEpochs; ++epoch) {
      char name[32];
      std::snprintf(name, sizeof(name), "epoch-%04d.png", epoch);
      EXPECT_TRUE(fs::exists(run / "samples" / name)) << name;
    }
    EXPECT_EQ(tempFiles(run), std::vector<std::string>{});
    const auto eval = runCli({"eval", "--run", run.string()});
    EXPECT_EQ(eval.exitCode, 0) << eval.err;
  }
}

TEST_F(CliKillResume, DamagedOrDisagreeingCheckpointIsRefusedWithOneLine) {
  const fs::path run = mDir / "run";
  ASSERT_EQ(runCli(trainArguments(run, 1)).exitCode, 0);
  const std::string checkpoint = readBytes(run / "checkpoint.pt");
  const std::string best = readBytes(run / "best.pt");
  std::string damaged = checkpoint;
  damaged[damaged.size() / 2] = char(damaged[damaged.size() / 2] ^ 0x01);
  writeBytes(run / "checkpoint.pt", damaged);
  std::string damagedBest = best;
  damagedBest[damagedBest.size() / 2] = char(damagedBest[damagedBest.size() / 2] ^ 0x01);
  writeBytes(run / "best.pt", damagedBest);
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"eval", "--run", run.string()},
        std::vector<std::string>{"embed", "--run", run.string(), "--out", (mDir / "codes.csv").string()},
        std::vector<std::string>{"train", "--out", run.string(), "--resume", "--epochs", "2", "--quiet"}}) {
    SCOPED_TRACE(command.front());
    const auto result = runCli(command);
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_NE(result.err.find(".pt is damaged (checksum mismatch)"), std::string::npos) << result.err;
    const std::string lastLine = result.err.substr(result.err.rfind("latentlab-cli:"));
    EXPECT_EQ(lastLine.find('\n'), lastLine.size() - 1) << result.err;
  }

  writeBytes(run / "checkpoint.pt", checkpoint);
  writeBytes(run / "best.pt", best);
  std::string spec = readBytes(run / "spec.json");
  const auto latent = spec.find("\"latent\"");
  ASSERT_NE(latent, std::string::npos);
  const auto value = spec.find_first_of("0123456789", latent);
  const auto valueEnd = spec.find_first_not_of("0123456789", value);
  spec.replace(value, valueEnd - value, std::to_string(std::stoi(spec.substr(value, valueEnd - value)) + 1));
  writeBytes(run / "spec.json", spec);
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"eval", "--run", run.string()},
        std::vector<std::string>{"embed", "--run", run.string(), "--out", (mDir / "codes.csv").string()}}) {
    SCOPED_TRACE(command.front());
    const auto result = runCli(command);
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_NE(result.err.find("does not match spec.json"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("tensor code.weight"), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace latentlab::test
