#include "metrics/singleimagequality.h"
#include "metrics/imagemetrics.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

TEST(SingleImageQuality, MatchesTheBatchMetricsOnOneImage) {
  torch::manual_seed(4);
  const auto target = torch::rand({1, 3, 20, 24});
  const auto output = (target + 0.1 * torch::randn_like(target)).clamp(0, 1);
  const ImageQuality batch = measureQuality(output, target);
  const ImageQuality single = measureImage(output.data_ptr<float>(), target.data_ptr<float>(), ImageShape{3, 20, 24});
  EXPECT_EQ(single.count, 1u);
  EXPECT_DOUBLE_EQ(single.mse, batch.mse);
  EXPECT_DOUBLE_EQ(single.bce, batch.bce);
  EXPECT_DOUBLE_EQ(single.psnr, batch.psnr);
  EXPECT_DOUBLE_EQ(single.snrDb, batch.snrDb);
  EXPECT_DOUBLE_EQ(single.ssim, batch.ssim);
  EXPECT_GT(single.psnr, 15.0);
  EXPECT_LT(single.ssim, 1.0);
}

}  // namespace
}  // namespace latentlab
