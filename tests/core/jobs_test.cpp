// The job contract: progress parts, cancellation, failures as values and the
// setting names each front end renders.
#include "common/error.h"
#include "common/settingtext.h"
#include "jobs/jobcontext.h"
#include "jobs/jobfailure.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <new>
#include <vector>

using namespace latentlab;

TEST(JobContext, PartsMapTheirFractionsIntoTheWholeAndNameTheirStage) {
  std::vector<std::pair<double, std::string>> seen;
  const JobContext whole([&](double f, const std::string& stage) { seen.emplace_back(f, stage); }, {});
  const JobContext second = whole.part(0.5, 1.0, "t-SNE");
  second.report(0.5);
  second.report(2.0);  // clamped
  second.part(0.0, 0.5).report(1.0, "neighbours");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_DOUBLE_EQ(seen[0].first, 0.75);
  EXPECT_EQ(seen[0].second, "t-SNE");
  EXPECT_DOUBLE_EQ(seen[1].first, 1.0);
  EXPECT_DOUBLE_EQ(seen[2].first, 0.75);
  EXPECT_EQ(seen[2].second, "neighbours");
}

TEST(JobContext, ACancelledTokenStopsEveryPartThatSharesIt) {
  CancellationToken token;
  const JobContext job({}, token);
  const JobContext part = job.part(0.2, 0.4);
  EXPECT_NO_THROW(part.throwIfCancelled());
  token.cancel();
  EXPECT_TRUE(part.isCancelled());
  EXPECT_THROW(part.throwIfCancelled(), JobCancelled);
  EXPECT_FALSE(JobContext().isCancelled());  // a plain call is never cancelled
}

TEST(JobFailure, CudaOutOfMemorySaysSoAndSuggestsASmallerBatch) {
  const JobFailure failure = describeLibraryMessage(
      "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity; 13.10 GiB already "
      "allocated; 1.02 GiB free; 13.50 GiB reserved in total by PyTorch)\nException raised from malloc at "
      "../c10/cuda/CUDACachingAllocator.cpp:913 (most recent call first):\nframe #0: c10::Error::Error(...)");
  EXPECT_EQ(failure.kind, FailureKind::OutOfMemory);
  EXPECT_NE(failure.message.find("GPU ran out of memory"), std::string::npos) << failure.message;
  EXPECT_NE(failure.message.find("2.00 GiB"), std::string::npos) << failure.message;
  EXPECT_NE(failure.message.find("{batch}"), std::string::npos) << failure.message;
  EXPECT_NE(failure.details.find("frame #0"), std::string::npos);
}

TEST(JobFailure, ALibTorchErrorBecomesOneLineWithItsBacktraceInTheDetails) {
  std::exception_ptr thrown;
  try {
    // A real c10::Error: a tensor with a negative size.
    (void)torch::zeros({-1, 3});
  } catch (...) {
    thrown = std::current_exception();
  }
  ASSERT_TRUE(thrown);
  const JobFailure failure = describeFailure(thrown);
  EXPECT_EQ(failure.kind, FailureKind::Internal);
  EXPECT_EQ(failure.message.find('\n'), std::string::npos) << failure.message;
  EXPECT_EQ(failure.message.find("Exception raised from"), std::string::npos) << failure.message;
  EXPECT_NE(failure.message.find("negative dimension"), std::string::npos) << failure.message;
  EXPECT_GE(failure.details.size(), failure.message.size());
}

TEST(JobFailure, KindsFollowTheProjectsErrorsAndCancellation) {
  auto describe = [](auto&& thrower) {
    try {
      thrower();
    } catch (...) {
      return describeFailure(std::current_exception());
    }
    return JobFailure{};
  };
  EXPECT_EQ(describe([] { throw usageError("bad {lr}"); }).kind, FailureKind::Usage);
  EXPECT_EQ(describe([] { throw inputError("bad file"); }).kind, FailureKind::Input);
  EXPECT_EQ(describe([] { throw runtimeError("broke"); }).kind, FailureKind::Runtime);
  EXPECT_EQ(describe([] { throw JobCancelled(); }).kind, FailureKind::Cancelled);
  const JobFailure memory = describe([] { throw std::bad_alloc(); });
  EXPECT_EQ(memory.kind, FailureKind::OutOfMemory);
  EXPECT_NE(memory.message.find("{batch}"), std::string::npos);
  EXPECT_EQ(describe([] { throw 42; }).kind, FailureKind::Internal);
}

TEST(SettingText, EachFrontEndNamesSettingsInItsOwnWords) {
  const std::string message = "lower the learning rate ({lr}) or raise {epochs}";
  EXPECT_EQ(renderForCli(message), "lower the learning rate (--lr) or raise --epochs");
  EXPECT_EQ(renderSettings(message, [](const std::string& key) { return "<" + key + ">"; }),
            "lower the learning rate (<lr>) or raise <epochs>");
  // Braces that are no setting (JSON in a message) stay as they are.
  EXPECT_EQ(renderForCli(R"(expected {"conv": 8} near {lr)"), R"(expected {"conv": 8} near {lr)");
  EXPECT_EQ(renderForCli("{unknown} {{lr}}"), "{unknown} {--lr}");
}
