#pragma once

// A GoogleTest fixture whose suite shares one small trained run (trainSmallRun): the
// CLI suites that read a run (embed/project, probe, report) train it once.

#include "clirunner.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

namespace latentlab::test {

class SmallRunSuite : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    sDir = std::make_unique<TempDir>();
    const auto result = trainSmallRun(sDir->path());
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  static void TearDownTestSuite() { sDir.reset(); }
  static const std::filesystem::path& dir() { return sDir->path(); }
  static std::filesystem::path run() { return *sDir / "run"; }

private:
  static inline std::unique_ptr<TempDir> sDir;  // one suite at a time: each makes its own
};

}  // namespace latentlab::test
