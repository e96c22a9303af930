#include "common/error.h"
#include "corrupt/applycorruption.h"
#include "corrupt/corruptimages.h"
#include "fixtures.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

TEST(Corruption, ParsesAChain) {
  const Corruption corruption = Corruption::parse("gaussian:0.3+saltpepper:0.1+occlude:8+gray");
  ASSERT_EQ(corruption.steps.size(), 4u);
  EXPECT_EQ(corruption.steps[0].kind, CorruptionKind::Gaussian);
  EXPECT_DOUBLE_EQ(corruption.steps[0].amount, 0.3);
  EXPECT_EQ(corruption.steps[1].kind, CorruptionKind::SaltPepper);
  EXPECT_DOUBLE_EQ(corruption.steps[1].amount, 0.1);
  EXPECT_EQ(corruption.steps[2].kind, CorruptionKind::Occlude);
  EXPECT_DOUBLE_EQ(corruption.steps[2].amount, 8);
  EXPECT_EQ(corruption.steps[3].kind, CorruptionKind::Gray);
  EXPECT_TRUE(corruption.hasGray());
  EXPECT_EQ(corruption.toString(), "gaussian:0.3+saltpepper:0.1+occlude:8+gray");
  EXPECT_EQ(Corruption::parse(corruption.toString()).toString(), corruption.toString());
  EXPECT_TRUE(Corruption::parse("").empty());
  EXPECT_TRUE(Corruption::parse("none").empty());
}

TEST(Corruption, BadSpecsAreUsageErrorsQuotingThePart) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"blur:3", "blur:3"},      {"gaussian:abc", "abc"},  {"gaussian", "gaussian"},
      {"gaussian:5", "sigma"},   {"gaussian:-1", "sigma"}, {"saltpepper:1.5", "P"},
      {"occlude:2.5", "SIZE"},   {"occlude:0", "SIZE"},    {"gaussian:0.3+wobble", "wobble"},
      {"gaussian:nan", "sigma"}, {"saltpepper:nan", "P"},
  };
  for (const auto& [text, named] : cases) {
    SCOPED_TRACE(text);
    try {
      Corruption::parse(text);
      ADD_FAILURE() << "'" << text << "' was accepted";
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_EQ(error.kind(), ErrorKind::Usage);
      EXPECT_NE(message.find("corruption"), std::string::npos) << message;
      EXPECT_NE(message.find(named), std::string::npos) << message;
    }
  }
}

torch::Tensor midGrayBatch(std::int64_t batch, std::int64_t channels, std::int64_t side) {
  torch::manual_seed(3);
  return torch::rand({batch, channels, side, side}).mul_(0.5).add_(0.25);  // in [0.25, 0.75]: no pixel is 0 or 1
}

TEST(Corruption, OcclusionChangesOnlyOneBox) {
  const auto images = midGrayBatch(6, 3, 20);
  const auto corrupted = applyCorruption(images, Corruption::parse("occlude:8"), 11);
  ASSERT_EQ(corrupted.sizes(), images.sizes());
  for (std::int64_t item = 0; item < 6; ++item) {
    const auto changed = (corrupted[item] != images[item]).any(0);  // [H, W]
    EXPECT_EQ(changed.sum().item<std::int64_t>(), 64) << "item " << item;
    const auto where = changed.nonzero();
    const auto rows = where.select(1, 0), cols = where.select(1, 1);
    EXPECT_EQ((rows.max() - rows.min()).item<std::int64_t>(), 7);
    EXPECT_EQ((cols.max() - cols.min()).item<std::int64_t>(), 7);
    EXPECT_EQ(corrupted[item].masked_select(changed.unsqueeze(0).expand({3, 20, 20})).abs().max().item<float>(), 0.0f);
  }
  // Seeded: the same boxes again, other boxes with another seed.
  EXPECT_TRUE(torch::equal(corrupted, applyCorruption(images, Corruption::parse("occlude:8"), 11)));
  EXPECT_FALSE(torch::equal(corrupted, applyCorruption(images, Corruption::parse("occlude:8"), 12)));
}

TEST(Corruption, SaltAndPepperHitsAboutTheFraction) {
  const auto images = midGrayBatch(8, 1, 64);
  const auto corrupted = applyCorruption(images, Corruption::parse("saltpepper:0.1"), 5);
  const double total = double(images.numel());
  const double changed = (corrupted != images).sum().item<double>() / total;
  const double black = (corrupted == 0).sum().item<double>() / total;
  const double white = (corrupted == 1).sum().item<double>() / total;
  EXPECT_NEAR(changed, 0.1, 0.01);
  EXPECT_NEAR(black, 0.05, 0.01);
  EXPECT_NEAR(white, 0.05, 0.01);
}

TEST(Corruption, GaussianNoiseHasTheSigmaAndStaysInRange) {
  const auto images = torch::full({4, 1, 64, 64}, 0.5);
  const auto corrupted = applyCorruption(images, Corruption::parse("gaussian:0.1"), 9);
  EXPECT_NEAR((corrupted - images).std().item<double>(), 0.1, 0.01);
  EXPECT_GE(applyCorruption(images, Corruption::parse("gaussian:2"), 9).min().item<float>(), 0.0f);
  EXPECT_LE(applyCorruption(images, Corruption::parse("gaussian:2"), 9).max().item<float>(), 1.0f);
}

TEST(Corruption, GrayGivesOneLuminanceChannel) {
  auto images = torch::zeros({2, 3, 4, 4});
  images.select(1, 0).fill_(1.0);  // pure red
  const auto gray = applyCorruption(images, Corruption::parse("gray"), 1);
  ASSERT_EQ(gray.sizes(), torch::IntArrayRef({2, 1, 4, 4}));
  EXPECT_NEAR(gray.max().item<float>(), 0.299f, 1e-6);
}

TEST(Corruption, ExplicitMaskSetsOnlyItsPixels) {
  const auto images = midGrayBatch(2, 3, 10);
  auto mask = torch::zeros({10, 10}, torch::kBool);
  mask.index_put_({torch::indexing::Slice(2, 5), torch::indexing::Slice(3, 9)}, true);
  const auto masked = applyMask(images, mask, 1.0f);
  const auto hole = mask.view({1, 1, 10, 10}).expand_as(images);
  EXPECT_TRUE(torch::equal(masked.masked_select(hole), torch::ones({2 * 3 * 18})));
  EXPECT_TRUE(torch::equal(masked.masked_select(~hole), images.masked_select(~hole)));

  // One mask per image.
  auto perImage = torch::zeros({2, 10, 10}, torch::kBool);
  perImage[1][0][0] = true;
  const auto single = applyMask(images, perImage);
  EXPECT_EQ((single != images).sum().item<std::int64_t>(), 3);
  EXPECT_EQ(single[1][2][0][0].item<float>(), 0.0f);
}

TEST(Corruption, DatasetPreviewsMatchTheBatchPath) {
  const Dataset data = test::makeBlobDataset(4, ImageShape{3, 8, 8});
  const auto bytes = corruptDatasetImages(data, {0, 3}, Corruption::parse("gray"), 1);
  EXPECT_EQ(bytes.count, 2u);
  EXPECT_EQ(bytes.shape, (ImageShape{1, 8, 8}));
  EXPECT_EQ(bytes.pixels.size(), 2u * 64);
}

}  // namespace
}  // namespace latentlab
