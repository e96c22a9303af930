#include "data/datasplit.h"
#include "common/error.h"
#include "fixtures.h"

#include <gtest/gtest.h>

#include <set>

namespace latentlab {
namespace {

void expectDisjointAndComplete(const DatasetSplit& split, std::size_t total) {
  std::set<std::size_t> seen;
  for (const auto* part : {&split.train, &split.validation, &split.test}) {
    EXPECT_TRUE(std::is_sorted(part->begin(), part->end()));
    for (auto index : *part) {
      EXPECT_LT(index, total);
      EXPECT_TRUE(seen.insert(index).second) << "index " << index << " is in two parts";
    }
  }
  EXPECT_EQ(seen.size(), total);
}

TEST(DataSplit, PooledSplitIsDisjointCompleteAndSeeded) {
  const Dataset data = test::makeBlobDataset(1000, ImageShape{1, 4, 4});
  SplitOptions options;
  options.validationFraction = 0.1;
  options.testFraction = 0.2;
  options.seed = 42;
  const DatasetSplit split = makeSplit(data, options);
  expectDisjointAndComplete(split, 1000);
  EXPECT_EQ(split.test.size(), 200u);
  EXPECT_EQ(split.validation.size(), 80u);
  EXPECT_EQ(split.train.size(), 720u);

  const DatasetSplit again = makeSplit(data, options);
  EXPECT_EQ(again.train, split.train);
  EXPECT_EQ(again.validation, split.validation);
  EXPECT_EQ(again.test, split.test);

  options.seed = 43;
  const DatasetSplit other = makeSplit(data, options);
  EXPECT_NE(other.validation, split.validation);
  expectDisjointAndComplete(other, 1000);
}

TEST(DataSplit, OfficialTestPartIsKeptUnlessPooled) {
  Dataset data = test::makeBlobDataset(100, ImageShape{1, 4, 4});
  data.officialTrainCount = 80;
  SplitOptions options;
  options.validationFraction = 0.25;
  const DatasetSplit split = makeSplit(data, options);
  expectDisjointAndComplete(split, 100);
  ASSERT_EQ(split.test.size(), 20u);
  EXPECT_EQ(split.test.front(), 80u);
  EXPECT_EQ(split.validation.size(), 20u);
  for (auto index : split.validation) EXPECT_LT(index, 80u);

  // Seed 001's CIFAR split pools everything: 50k/5k/5k.
  Dataset cifarLike = test::makeBlobDataset(600, ImageShape{1, 2, 2});
  cifarLike.officialTrainCount = 500;
  options.useOfficialTest = false;
  options.validationFraction = 0.0909;
  options.testFraction = 0.0833;
  const DatasetSplit pooled = makeSplit(cifarLike, options);
  expectDisjointAndComplete(pooled, 600);
  EXPECT_EQ(pooled.test.size(), 50u);
  EXPECT_EQ(pooled.validation.size(), 50u);
  EXPECT_EQ(pooled.train.size(), 500u);
}

TEST(DataSplit, BadFractionsNameTheSetting) {
  const Dataset data = test::makeBlobDataset(10, ImageShape{1, 4, 4});
  SplitOptions options;
  options.validationFraction = 0.95;
  try {
    makeSplit(data, options);
    FAIL() << "a validation fraction of 0.95 was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("{val-fraction}"), std::string::npos) << error.what();
  }
  options.validationFraction = 0.5;
  options.testFraction = 0.6;
  EXPECT_THROW(makeSplit(data, options), Error);
}

TEST(DataSplit, TinySetStillTrains) {
  const Dataset data = test::makeBlobDataset(2, ImageShape{1, 4, 4});
  const DatasetSplit split = makeSplit(data, SplitOptions{});
  expectDisjointAndComplete(split, 2);
  EXPECT_FALSE(split.train.empty());
}

}  // namespace
}  // namespace latentlab
