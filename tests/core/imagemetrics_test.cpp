#include "metrics/imagemetrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace latentlab {
namespace {

torch::Tensor texturedBatch() {
  torch::manual_seed(8);
  return torch::rand({3, 2, 16, 16}).mul_(0.8).add_(0.1);
}

TEST(ImageMetrics, IdenticalImagesArePerfect) {
  const auto images = texturedBatch();
  const ImageQuality quality = measureQuality(images, images);
  EXPECT_EQ(quality.count, 3u);
  EXPECT_DOUBLE_EQ(quality.mse, 0.0);
  EXPECT_NEAR(quality.ssim, 1.0, 1e-5);
  EXPECT_GT(quality.psnr, 90.0);
  EXPECT_GT(quality.snrDb, 90.0);
}

TEST(ImageMetrics, KnownOffsetGivesKnownNumbers) {
  const auto target = torch::full({2, 1, 16, 16}, 0.5);
  const auto output = torch::full({2, 1, 16, 16}, 0.6);
  EXPECT_TRUE(torch::allclose(perImageMse(output, target), torch::full({2}, 0.01), 1e-5, 1e-7));
  const ImageQuality quality = measureQuality(output, target);
  EXPECT_NEAR(quality.mse, 0.01, 1e-6);
  EXPECT_NEAR(quality.psnr, 20.0, 1e-3);                      // 10 log10(1 / 0.01)
  EXPECT_NEAR(quality.snrDb, 10.0 * std::log10(25.0), 1e-3);  // 0.25 / 0.01 per pixel
  const double bce = -(0.5 * std::log(0.6) + 0.5 * std::log(0.4));
  EXPECT_NEAR(quality.bce, bce, 1e-5);
}

TEST(ImageMetrics, SsimDropsWithDamage) {
  const auto images = texturedBatch();
  torch::manual_seed(2);
  const auto slightly = (images + 0.02 * torch::randn_like(images)).clamp(0, 1);
  const auto badly = (images + 0.3 * torch::randn_like(images)).clamp(0, 1);
  const double ssimSlight = measureQuality(slightly, images).ssim;
  const double ssimBad = measureQuality(badly, images).ssim;
  EXPECT_LT(ssimSlight, 1.0);
  EXPECT_GT(ssimSlight, 0.95);
  EXPECT_GT(ssimSlight, ssimBad);
  EXPECT_LT(ssimBad, 0.8);
  EXPECT_LT(measureQuality(1.0 - images, images).ssim, 0.0);  // inverted structure
}

TEST(ImageMetrics, AccumulatorAveragesPerImage) {
  const auto target = torch::full({1, 1, 8, 8}, 0.5);
  QualityAccumulator accumulator;
  accumulator.add(torch::full({1, 1, 8, 8}, 0.6), target);  // mse 0.01
  accumulator.add(torch::full({1, 1, 8, 8}, 0.8), target);  // mse 0.09
  const ImageQuality mean = accumulator.mean();
  EXPECT_EQ(mean.count, 2u);
  EXPECT_NEAR(mean.mse, 0.05, 1e-6);
  EXPECT_NEAR(mean.psnr, (20.0 + 10.0 * std::log10(1.0 / 0.09)) / 2.0, 1e-3);
  EXPECT_EQ(QualityAccumulator().mean().count, 0u);
}

}  // namespace
}  // namespace latentlab
