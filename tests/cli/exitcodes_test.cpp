#include "clirunner.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace latentlab::test {
namespace {

TEST(CliExitCodes, UnknownSubcommandIsAUsageError) {
  const auto result = runCli({"frobnicate"});
  EXPECT_EQ(result.exitCode, 2);
}

TEST(CliExitCodes, PresetsListsEveryPreset) {
  const auto result = runCli({"presets"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("mnist-conv"), std::string::npos);
  EXPECT_NE(result.out.find("cifar-19383"), std::string::npos);
}

}  // namespace
}  // namespace latentlab::test

namespace latentlab::test {
namespace {

// One line, prefixed with the program name, on stderr.
void expectOneLine(const CliResult& result) {
  ASSERT_FALSE(result.err.empty());
  EXPECT_EQ(result.err.back(), '\n') << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.err.rfind("latentlab-cli: ", 0), 0u) << result.err;
}

TEST(CliExitCodes, UnknownOptionIsAUsageError) {
  const auto result = runCli({"train", "--frobnicate", "3"});
  EXPECT_EQ(result.exitCode, 2);
  expectOneLine(result);
  EXPECT_NE(result.err.find("--frobnicate"), std::string::npos) << result.err;
}

TEST(CliExitCodes, MissingSubcommandIsAUsageError) {
  const auto result = runCli({});
  EXPECT_EQ(result.exitCode, 2);
  expectOneLine(result);
}

TEST(CliExitCodes, TrainWithoutOutIsAUsageError) {
  const auto result = runCli({"train", "--preset", "mnist-conv"});
  EXPECT_EQ(result.exitCode, 2);
  expectOneLine(result);
  EXPECT_NE(result.err.find("--out"), std::string::npos) << result.err;
}

TEST(CliExitCodes, UnknownPresetIsAUsageErrorListingThePresets) {
  TempDir dir;
  for (const auto& arguments :
       std::vector<std::vector<std::string>>{{"summary", "--preset", "no-such-model"},
                                             {"train", "--preset", "no-such-model", "--out", (dir / "run").string()}}) {
    SCOPED_TRACE(arguments.front());
    const auto result = runCli(arguments);
    EXPECT_EQ(result.exitCode, 2);
    expectOneLine(result);
    EXPECT_NE(result.err.find("no-such-model"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("mnist-conv"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "run"));
}

TEST(CliExitCodes, BadDatasetPathIsARuntimeError) {
  TempDir dir;
  const std::string missing = (dir / "no-such-dataset").string();
  const auto result =
      runCli({"train", "--preset", "mnist-conv", "--dataset", missing, "--out", (dir / "run").string(), "--quiet"});
  EXPECT_EQ(result.exitCode, 1);
  expectOneLine(result);
  EXPECT_NE(result.err.find(missing), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "run")) << "a run folder was left for a run that never started";
}

TEST(CliExitCodes, BadOptionValueIsAUsageError) {
  TempDir dir;
  const auto result = runCli({"train", "--preset", "mnist-conv", "--out", (dir / "run").string(), "--lr", "0"});
  EXPECT_EQ(result.exitCode, 2);
  expectOneLine(result);
  EXPECT_NE(result.err.find("--lr"), std::string::npos) << result.err;
}

// --limit is a count: -3 must not wrap around to "all but unlimited".
TEST(CliExitCodes, NegativeLimitIsAUsageError) {
  TempDir dir;
  for (const std::vector<std::string>& arguments :
       {std::vector<std::string>{"train", "--preset", "mnist-conv", "--out", (dir / "run").string(), "--limit", "-3"},
        std::vector<std::string>{"eval", "--run", (dir / "run").string(), "--limit", "-3"}}) {
    const auto result = runCli(arguments);
    EXPECT_EQ(result.exitCode, 2) << arguments.front();
    expectOneLine(result);
    EXPECT_NE(result.err.find("--limit"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "run"));
}

TEST(CliExitCodes, EvalOfAMissingRunIsARuntimeError) {
  TempDir dir;
  const auto result = runCli({"eval", "--run", (dir / "nothing").string()});
  EXPECT_EQ(result.exitCode, 1);
  expectOneLine(result);
  EXPECT_NE(result.err.find((dir / "nothing").string()), std::string::npos) << result.err;
}

}  // namespace
}  // namespace latentlab::test
