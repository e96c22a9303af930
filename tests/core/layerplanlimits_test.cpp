// Sizes are counted in 64 bits and absurd ones refused naming the layer: a Flatten of
// 2048x1024x1024 used to show as -2147483648 and 12 upsample-by-8 layers overflowed int.
#include "layerplan.h"
#include "modelspec.h"
#include "modelsummary.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

std::string planError(const std::string& json) {
  try {
    planModel(parseModelSpec(json, "big.json"));
  } catch (const ModelSpecError& error) {
    return error.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(LayerPlan, HugeFlattenIsRefusedWith64BitCount) {
  // 2048x1024x1024 = 2^31 values: one more than int holds.
  const std::string message = planError(R"({"input": [64, 1024, 1024],
    "encoder": [{"conv": 2048, "kernel": 3, "padding": 1}, {"linear": 5}], "latent": 2})");
  EXPECT_TRUE(has(message, "encoder layer 1 (conv 2048")) << message;
  EXPECT_TRUE(has(message, "2048x1024x1024 holds 2,147,483,648 values")) << message;
  EXPECT_FALSE(has(message, "-")) << message;
}

TEST(LayerPlan, FlattenOf2To32IsRefusedNotReadAsZero) {
  const std::string message = planError(R"({"input": [64, 1024, 1024],
    "encoder": [{"conv": 4096, "kernel": 1}, {"linear": 2}], "latent": 2})");
  EXPECT_TRUE(has(message, "4,294,967,296 values")) << message;
}

TEST(LayerPlan, TwelveUpsamplesByEightAreRefusedNotOverflowed) {
  std::string upsamples;
  for (int i = 0; i < 12; ++i) upsamples += R"({"upsample": 8}, )";
  // The code is a 1x3x3 map; 3 * 8^5 per side is past the limit, 3 * 8^12 past int.
  const std::string message = planError(R"({"input": [1, 8, 8], "encoder": [{"conv": 1, "kernel": 3, "stride": 2}],
    "latent": 0, "decoder": [)" + upsamples +
                                        R"({"conv": 1, "kernel": 1}]})");
  EXPECT_TRUE(has(message, "decoder layer 5 (upsample 8)")) << message;
  EXPECT_TRUE(has(message, "1x98304x98304")) << message;
  EXPECT_TRUE(has(message, "more than the limit")) << message;
}

TEST(LayerPlan, LargeFlattenCountsIn64Bits) {
  // 2^26 values flattened into 8 units: a billion parameters, still allowed and exact.
  const LayerPlan plan = planModel(parseModelSpec(R"({"input": [64, 1024, 1024], "encoder": [], "latent": 8})"));
  ASSERT_FALSE(plan.encoder.empty());
  EXPECT_EQ(plan.encoder.front().op, PlanOp::Flatten);
  EXPECT_EQ(plan.encoder.front().outShape.channels, 1 << 26);
  const long long flat = 1LL << 26;
  EXPECT_EQ(plan.totalParameters(), (flat * 8 + 8) + (8 * flat + flat));
}

TEST(LayerPlan, TooManyParametersAreRefusedNamingTheLayer) {
  const std::string message = planError(R"({"input": [64, 1024, 1024], "encoder": [{"linear": 64}], "latent": 2})");
  EXPECT_TRUE(has(message, "encoder layer 1 (linear 64)")) << message;
  EXPECT_TRUE(has(message, "4,294,967,360 parameters")) << message;
}

TEST(LayerPlan, SummaryOfTheLargestModelHasNoNegativeCounts) {
  const ModelSummary summary = summarizeModel(parseModelSpec(R"({"input": [64, 1024, 1024], "latent": 8})"));
  EXPECT_GT(summary.totalParameters, 1000000000LL);
  for (const auto& row : summary.rows) EXPECT_GE(row.parameters, 0) << row.layer;
  EXPECT_FALSE(has(formatSummaryTable(summary), "-1")) << formatSummaryTable(summary);
}

}  // namespace
}  // namespace latentlab
