#include "evaluate/snapshotevaluation.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "evaluate/runevaluation.h"
#include "fixtures.h"
#include "inference/snapshotaccess.h"
#include "quickruns.h"
#include "tempdir.h"
#include "tinyspecs.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {
namespace fs = std::filesystem;

std::vector<std::size_t> allItems(const Dataset& dataset) {
  std::vector<std::size_t> indices(dataset.size());
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  return indices;
}

// A denoising AE trained for a few seconds on blobs beats the noisy input by a
// wide margin, and `eval` on its run folder reports exactly evaluateSnapshot's numbers.
TEST(SnapshotEvaluation, DenoisingRunBeatsTheNoisyInputAndMatchesEvaluateRun) {
  test::TempDir dir;
  const ImageShape shape{1, 16, 16};
  test::writeIdxFolder(dir / "blobs", test::makeBlobDataset(256, shape, 4, 1), test::makeBlobDataset(64, shape, 4, 2),
                       false);
  TrainingJob job = test::quickJob(test::tinyConvSpec(), (dir / "blobs").string(), dir / "run", 15);
  job.config.corruption = "gaussian:0.3";
  job.config.seed = 3;
  ASSERT_EQ(test::trainQuickly(job).status, TrainingStatus::Finished);

  const auto snapshot = loadRunSnapshot(job.runDir);
  std::vector<std::size_t> test;
  for (std::size_t i = job.dataset->officialTrainCount; i < job.dataset->size(); ++i) test.push_back(i);
  std::vector<double> fractions;
  const SnapshotEvaluation result =
      evaluateSnapshot(*snapshot, *job.dataset, test, Corruption::parse("gaussian:0.3"), job.config.seed ^ 0xE7A1ULL,
                       JobContext([&](double fraction, const std::string&) { fractions.push_back(fraction); }, {}));
  EXPECT_EQ(result.count, 64u);
  EXPECT_EQ(result.corrupted.count, 64u);
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  EXPECT_GT(result.output.psnr, result.corrupted.psnr + 3.0)
      << "output " << result.output.psnr << " dB, noisy " << result.corrupted.psnr << " dB";
  EXPECT_GT(result.output.ssim, result.corrupted.ssim);

  const RunEvaluation run = evaluateRun(job.runDir, {});
  EXPECT_EQ(run.corruption, "gaussian:0.3");
  EXPECT_EQ(run.count, result.count);
  EXPECT_DOUBLE_EQ(run.output.psnr, result.output.psnr);
  EXPECT_DOUBLE_EQ(run.output.ssim, result.output.ssim);
  EXPECT_DOUBLE_EQ(run.corrupted.mse, result.corrupted.mse);
}

TEST(SnapshotEvaluation, ColorizationSeesGrayAndHasNoInputQuality) {
  torch::manual_seed(1);
  const auto model = makeSnapshot(Autoencoder(test::tinyConvSpec(1, 3)), 0);
  const Dataset rgb = test::makeBlobDataset(10, ImageShape{3, 16, 16}, 2, 5);
  const SnapshotEvaluation result = evaluateSnapshot(*model, rgb, allItems(rgb), Corruption{}, 1);
  EXPECT_EQ(result.count, 10u);
  EXPECT_EQ(result.output.count, 10u);
  EXPECT_GT(result.output.mse, 0.0);
  EXPECT_EQ(result.corrupted.count, 0u);  // gray input vs RGB target: not comparable
}

TEST(SnapshotEvaluation, CleanInputsAndCancel) {
  torch::manual_seed(1);
  const auto model = makeSnapshot(Autoencoder(test::tinyConvSpec()), 0);
  const Dataset gray = test::makeBlobDataset(300, ImageShape{1, 16, 16}, 2, 5);
  const SnapshotEvaluation clean = evaluateSnapshot(*model, gray, allItems(gray), Corruption{}, 1);
  EXPECT_EQ(clean.count, 300u);
  EXPECT_EQ(clean.corrupted.count, 0u);
  CancellationToken cancelled;
  cancelled.cancel();
  EXPECT_THROW(evaluateSnapshot(*model, gray, allItems(gray), Corruption{}, 1, JobContext({}, cancelled)),
               JobCancelled);
  const Dataset wrong = test::makeBlobDataset(3, ImageShape{1, 28, 28}, 2, 5);
  EXPECT_THROW(evaluateSnapshot(*model, wrong, allItems(wrong), Corruption{}, 1), Error);
}

}  // namespace
}  // namespace latentlab
