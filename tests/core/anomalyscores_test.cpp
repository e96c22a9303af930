#include "anomaly/anomalyscores.h"
#include "common/error.h"
#include "fixtures.h"
#include "inference/snapshotaccess.h"
#include "metrics/imagemetrics.h"

#include <gtest/gtest.h>

#include <random>

namespace latentlab {
namespace {

// Mann-Whitney U / (m n): the chance an outlier scores above an inlier, ties counted half.
double mannWhitney(const std::vector<float>& inliers, const std::vector<float>& outliers) {
  double wins = 0.0;
  for (float outlier : outliers)
    for (float inlier : inliers) wins += outlier > inlier ? 1.0 : outlier == inlier ? 0.5 : 0.0;
  return wins / (double(inliers.size()) * double(outliers.size()));
}

TEST(RocCurve, SeparatedScoresGiveOne) {
  const RocCurve curve = rocCurve({0.1f, 0.2f, 0.3f}, {0.5f, 0.7f});
  EXPECT_DOUBLE_EQ(curve.auc, 1.0);
  ASSERT_EQ(curve.thresholds.size(), 6u);  // +infinity and five distinct scores
  EXPECT_EQ(curve.falsePositiveRate.front(), 0.0);
  EXPECT_EQ(curve.truePositiveRate.front(), 0.0);
  EXPECT_EQ(curve.falsePositiveRate.back(), 1.0);
  EXPECT_EQ(curve.truePositiveRate.back(), 1.0);
  EXPECT_FLOAT_EQ(float(curve.thresholds[1]), 0.7f);
  EXPECT_DOUBLE_EQ(rocCurve({0.5f, 0.7f}, {0.1f, 0.2f}).auc, 0.0);  // swapped: every outlier below
}

TEST(RocCurve, IdenticalScoresGiveOneHalf) {
  const RocCurve curve = rocCurve({0.4f, 0.4f, 0.4f}, {0.4f, 0.4f});
  EXPECT_DOUBLE_EQ(curve.auc, 0.5);
  EXPECT_EQ(curve.thresholds.size(), 2u);  // one diagonal step
}

TEST(RocCurve, TiesCountHalfByHand) {
  // Pairs (outlier vs inlier): 0.3 beats 0.1 and 0.2, ties 0.3, loses to 0.5 -> 2.5;
  // 0.5 beats 0.1, 0.2, 0.3, ties 0.5 -> 3.5; together 6 of 8 pairs.
  const RocCurve curve = rocCurve({0.1f, 0.2f, 0.3f, 0.5f}, {0.3f, 0.5f});
  EXPECT_DOUBLE_EQ(curve.auc, 6.0 / 8.0);
  ASSERT_EQ(curve.thresholds.size(), 5u);
  EXPECT_DOUBLE_EQ(curve.falsePositiveRate[1], 0.25);  // at 0.5: one inlier and one outlier flagged
  EXPECT_DOUBLE_EQ(curve.truePositiveRate[1], 0.5);
  EXPECT_DOUBLE_EQ(curve.falsePositiveRate[2], 0.5);  // at 0.3
  EXPECT_DOUBLE_EQ(curve.truePositiveRate[2], 1.0);
}

TEST(RocCurve, MatchesMannWhitneyOnRandomScores) {
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 20; ++trial) {
    std::uniform_int_distribution<int> level(0, 12);  // few levels: many ties
    std::vector<float> inliers(std::size_t(30 + trial)), outliers(std::size_t(17 + 2 * trial));
    for (float& score : inliers) score = float(level(random)) * 0.1f;
    for (float& score : outliers) score = float(level(random) + 3) * 0.1f;
    EXPECT_NEAR(rocCurve(inliers, outliers).auc, mannWhitney(inliers, outliers), 1e-12) << "trial " << trial;
  }
}

TEST(RocCurve, EmptySetIsAUsageError) {
  try {
    rocCurve({}, {0.5f});
    FAIL() << "no error for an empty inlier set";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
  }
}

TEST(RatesAtThreshold, FlagsScoresAtOrAboveTheThreshold) {
  const std::vector<float> inliers{0.1f, 0.2f, 0.3f, 0.5f}, outliers{0.3f, 0.5f, 0.9f};
  ThresholdRates rates = ratesAtThreshold(inliers, outliers, 0.5f);
  EXPECT_DOUBLE_EQ(rates.truePositiveRate, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(rates.falsePositiveRate, 0.25);
  rates = ratesAtThreshold(inliers, outliers, 0.0);
  EXPECT_DOUBLE_EQ(rates.truePositiveRate, 1.0);
  EXPECT_DOUBLE_EQ(rates.falsePositiveRate, 1.0);
  rates = ratesAtThreshold(inliers, outliers, 2.0);
  EXPECT_DOUBLE_EQ(rates.truePositiveRate, 0.0);
  EXPECT_DOUBLE_EQ(rates.falsePositiveRate, 0.0);
}

ModelSnapshotPtr randomModel() {
  torch::manual_seed(3);
  return makeSnapshot(Autoencoder(parseModelSpec(R"({"name": "tiny", "input": [1, 16, 16],
    "encoder": [{"conv": 4, "kernel": 3, "stride": 2, "padding": 1}], "latent": 4, "decoder": "mirror"})",
                                                 "tiny")),
                      0);
}

TEST(ReconstructionErrors, MatchPerImageMseInBatchesWithProgress) {
  const auto model = randomModel();
  const Dataset dataset = test::makeBlobDataset(300, ImageShape{1, 16, 16}, 4, 9);
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < dataset.size(); i += 1) indices.push_back(dataset.size() - 1 - i);
  std::vector<double> fractions;
  const auto errors = reconstructionErrors(
      *model, dataset, indices, JobContext([&](double f, const std::string&) { fractions.push_back(f); }, {}));
  ASSERT_EQ(errors.size(), indices.size());
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

  const std::size_t item = indices[7];
  const auto input = torch::from_blob(const_cast<std::uint8_t*>(dataset.image(item)), {1, 1, 16, 16}, torch::kUInt8)
                         .to(torch::kFloat)
                         .div(255.0f);
  torch::NoGradGuard noGrad;
  const float expected = perImageMse(snapshotModule(*model)->forward(input).reconstruction, input).item<float>();
  EXPECT_NEAR(errors[7], expected, 1e-6f);
}

TEST(ReconstructionErrors, ConvertsOtherShapesAndCancels) {
  const auto model = randomModel();
  const Dataset rgb = test::makeBlobDataset(5, ImageShape{3, 32, 32}, 2, 4);
  const auto errors = reconstructionErrors(*model, rgb, {0, 1, 2, 3, 4});
  ASSERT_EQ(errors.size(), 5u);
  for (float error : errors) EXPECT_TRUE(std::isfinite(error) && error > 0.0f);
  CancellationToken cancelled;
  cancelled.cancel();
  EXPECT_THROW(reconstructionErrors(*model, rgb, {0, 1}, JobContext({}, cancelled)), JobCancelled);
}

}  // namespace
}  // namespace latentlab
