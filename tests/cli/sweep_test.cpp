#include "clirunner.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <sys/wait.h>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

// A tiny MNIST-shaped IDX folder (48 training and 16 test digits) for mnist-conv sweeps.
class CliSweep : public ::testing::Test {
protected:
  void SetUp() override {
    writeIdxFolder(mDir / "digits", makeBlobDataset(48, ImageShape{1, 28, 28}, 10, 1),
                   makeBlobDataset(16, ImageShape{1, 28, 28}, 10, 2), true);
  }
  std::vector<std::string> sweepArguments(std::vector<std::string> extra) const {
    std::vector<std::string> arguments = {
        "sweep",    "--preset", "mnist-conv", "--dataset", (mDir / "digits").string(), "--out", out().string(),
        "--device", "cpu",      "--threads",  "1"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
  }
  fs::path out() const { return mDir / "sweep"; }

  TempDir mDir;
};

nlohmann::json parseJson(const CliResult& result) {
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::exception& error) {
    ADD_FAILURE() << "not JSON (" << error.what() << "):\n" << result.out << "\n" << result.err;
    return {};
  }
}

TEST_F(CliSweep, JsonReportRefusesAnExistingFolderAndResumes) {
  auto result = runCli(sweepArguments({"--grid", "lr=0.001,0.01", "--epochs", "1", "--json"}));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  auto report = parseJson(result);
  ASSERT_TRUE(report["runs"].is_array());
  ASSERT_EQ(report["runs"].size(), 2u);
  std::vector<std::string> names;
  for (const auto& run : report["runs"]) {
    names.push_back(run["name"].get<std::string>());
    EXPECT_TRUE(run["settings"]["lr"].is_number()) << run.dump();
    EXPECT_EQ(run["status"], "finished") << run.dump();
    EXPECT_EQ(run["epochs"], 1);
    EXPECT_TRUE(run["metrics"]["best_val_loss"].is_number()) << run.dump();
    EXPECT_TRUE(run["metrics"]["val_loss"].is_number()) << run.dump();
    EXPECT_TRUE(fs::exists(out() / names.back() / "checkpoint.pt")) << names.back();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"001-lr0.001", "002-lr0.01"}));
  ASSERT_TRUE(report["best"].is_string());
  EXPECT_NE(std::find(names.begin(), names.end(), report["best"].get<std::string>()), names.end());
  EXPECT_EQ(report["epochs_trained"], 2);
  EXPECT_EQ(report["cancelled"], false);

  // The same command again: refused, nothing changed.
  const std::string plan = readBytes(out() / "sweep.json");
  const std::string checkpoint = readBytes(out() / names[0] / "checkpoint.pt");
  result = runCli(sweepArguments({"--grid", "lr=0.001,0.01", "--epochs", "1", "--json"}));
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_NE(result.err.find("--resume"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_EQ(readBytes(out() / "sweep.json"), plan);

  // As if killed before the second run: it is pending again and its folder is gone.
  auto edited = nlohmann::json::parse(plan);
  edited["runs"][1]["state"] = "running";
  edited["runs"][1]["epochs_done"] = 0;
  edited["runs"][1]["best_val_loss"] = nullptr;
  writeBytes(out() / "sweep.json", edited.dump(2));
  fs::remove_all(out() / names[1]);

  // --resume takes its settings from sweep.json: a grid is refused.
  result = runCli({"sweep", "--resume", out().string(), "--grid", "lr=0.1"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("--grid"), std::string::npos) << result.err;

  result = runCli({"sweep", "--resume", out().string(), "--json", "--threads", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  report = parseJson(result);
  ASSERT_EQ(report["runs"].size(), 2u);
  EXPECT_EQ(report["runs"][1]["status"], "finished");
  EXPECT_EQ(report["runs"][1]["epochs"], 1);
  EXPECT_TRUE(fs::exists(out() / names[1] / "checkpoint.pt"));
  EXPECT_EQ(readBytes(out() / names[0] / "checkpoint.pt"), checkpoint);  // not trained again
}

// kill -9 mid-run: the runs library sees the killed run as stopped, and --resume finishes the
// sweep, training the killed run on from its last epoch and the finished one not at all.
TEST_F(CliSweep, ResumesAfterKillNine) {
  writeIdxFolder(mDir / "digits", makeBlobDataset(480, ImageShape{1, 28, 28}, 10, 1),
                 makeBlobDataset(48, ImageShape{1, 28, 28}, 10, 2), true);
  const int pid = startCli(sweepArguments({"--grid", "lr=0.001,0.002", "--epochs", "6"}));
  ASSERT_GT(pid, 0);
  // Wait until the first run is finished and the second has an epoch on disk, then kill.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  nlohmann::json plan;
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!fs::exists(out() / "sweep.json")) continue;
    plan = nlohmann::json::parse(readBytes(out() / "sweep.json"));
    if (plan["runs"][0]["state"] == "finished" && plan["runs"][1]["epochs_done"].get<int>() >= 1) break;
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_EQ(plan["runs"][0]["state"], "finished") << plan.dump(2);
  const std::string first = plan["runs"][0]["name"];
  const std::string second = plan["runs"][1]["name"];
  const int epochsBefore = nlohmann::json::parse(readBytes(out() / "sweep.json"))["runs"][1]["epochs_done"];
  ASSERT_GE(epochsBefore, 1);
  ASSERT_LT(epochsBefore, 6) << "the second run finished before the kill; the test needs a slower run";

  auto runs = nlohmann::json::parse(runCli({"runs", "--root", out().string(), "--json"}).out);
  ASSERT_EQ(runs["runs"].size(), 2u);
  for (const auto& run : runs["runs"]) {
    EXPECT_EQ(run["sweep"], "sweep");
    EXPECT_EQ(run["status"], run["folder"] == first ? "finished" : "stopped") << run.dump();
  }

  const std::string checkpoint = readBytes(out() / first / "checkpoint.pt");
  auto firstLines = [](const std::string& text, int count) {
    std::size_t at = 0;
    for (int line = 0; line <= count && at != std::string::npos; ++line) at = text.find('\n', at + 1);
    return text.substr(0, at);
  };
  const std::string metricsBefore = firstLines(readBytes(out() / second / "metrics.csv"), epochsBefore);
  const auto result = runCli({"sweep", "--resume", out().string(), "--json", "--threads", "1"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = parseJson(result);
  EXPECT_EQ(report["runs"][0]["status"], "finished");
  EXPECT_EQ(report["runs"][1]["status"], "finished");
  EXPECT_EQ(report["runs"][1]["epochs"], 6);
  EXPECT_EQ(readBytes(out() / first / "checkpoint.pt"), checkpoint);
  // The killed run went on from its last checkpoint: its first epochs (their times too) are
  // the ones from before the kill, not trained again.
  EXPECT_EQ(firstLines(readBytes(out() / second / "metrics.csv"), epochsBefore), metricsBefore);
  runs = nlohmann::json::parse(runCli({"runs", "--root", out().string(), "--json"}).out);
  for (const auto& run : runs["runs"]) EXPECT_EQ(run["status"], "finished") << run.dump();
}

TEST_F(CliSweep, TableMarksTheBestAndHalvingSavesEpochs) {
  const auto result =
      runCli(sweepArguments({"--grid", "lr=0.001,0.005", "--grid", "batch=16", "--epochs", "2", "--halving", "1"}));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("successive halving: 2 runs to epoch 1, 1 run to epoch 2: 3 epochs instead of 4"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("pruned"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\n* 00"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("best: 00"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("successive halving trained 3 epochs instead of 4 (saved 1, 25%)"), std::string::npos)
      << result.out;
}

TEST_F(CliSweep, BadGridsAreUsageErrorsNamingTheKey) {
  auto result = runCli(sweepArguments({"--grid", "size=1,2"}));
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("'size'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--grid"), std::string::npos) << result.err;
  result = runCli(sweepArguments({"--grid", "lr=abc"}));
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("lr=abc"), std::string::npos) << result.err;
  result = runCli(sweepArguments({"--grid", "latent=2.5"}));
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("latent"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliSweep, LargeGridsNeedYes) {
  // 50 x 30 = 1,500 runs need --yes; with it the grid is planned (and the missing dataset is the error).
  const std::vector<std::string> large = {"--grid", "lr=1e-4:1e-2:50:log", "--grid", "latent=1:30:30"};
  auto result = runCli(sweepArguments(large));
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("1,500 runs"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--yes"), std::string::npos) << result.err;
  auto confirmed = large;
  confirmed.insert(confirmed.end(), {"--yes", "--dataset", (mDir / "no-such-set").string()});
  result = runCli(sweepArguments(confirmed));
  EXPECT_NE(result.exitCode, 0);
  EXPECT_EQ(result.err.find("--yes"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliSweep, UnknownBuiltinAndFoldersWithoutASweepAreRefused) {
  auto result = runCli({"sweep", "--builtin", "seed-999", "--out", out().string()});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("seed-002-grid"), std::string::npos) << result.err;
  result = runCli({"sweep", "--resume", (mDir / "digits").string()});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("sweep.json"), std::string::npos) << result.err;
  result = runCli({"sweep", "--grid", "lr=0.1", "--out", out().string()});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("--preset"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliSweep, ListsTheBuiltinSweeps) {
  auto result = runCli({"sweep", "--list", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto list = parseJson(result);
  ASSERT_TRUE(list.is_array());
  bool found = false;
  for (const auto& sweep : list) {
    if (sweep["name"] != "seed-002-grid") continue;
    found = true;
    EXPECT_EQ(sweep["runs"], 12);
    EXPECT_EQ(sweep["preset"], "mnist-conv");
    EXPECT_EQ(sweep["epochs"], 20);
  }
  EXPECT_TRUE(found) << result.out;
  result = runCli({"sweep", "--list"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("--grid lr=0.001,0.02 --grid weight-decay=0.0001,0.005 --grid latent=2,10,100"),
            std::string::npos)
      << result.out;

  // A built-in sweep with its grid shrunk on the command line, planned but not run.
  result = runCli({"sweep", "--builtin", "seed-002-grid", "--dataset", (mDir / "digits").string(), "--grid", "latent=2",
                   "--epochs", "1", "--dry-run", "--json", "--threads", "1", "--device", "cpu"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto estimate = parseJson(result);
  EXPECT_EQ(estimate["runs"], 4);
  EXPECT_EQ(estimate["epochs"], 4);
  EXPECT_GT(estimate["seconds"].get<double>(), 0.0);
}

}  // namespace
}  // namespace latentlab::test
