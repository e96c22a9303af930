#include "latent/trustworthiness.h"
#include "common/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace latentlab {
namespace {

TEST(Trustworthiness, IdentityEmbeddingIsOne) {
  std::mt19937 random(3);
  std::normal_distribution<float> normal;
  std::vector<float> points(200 * 3);
  for (float& value : points) value = normal(random);
  EXPECT_DOUBLE_EQ(trustworthiness(points.data(), 3, points.data(), 3, 200, 10), 1.0);
  EXPECT_DOUBLE_EQ(trustworthiness(points.data(), 3, points.data(), 3, 200, 10, 50, 7), 1.0);
}

TEST(Trustworthiness, MatchesAHandComputedExample) {
  // Six points on a line, k = 2. Original ranks from each point (1 = nearest):
  //   p0 (0):  p1 1, p2 2, p3 3, p4 4, p5 5      p3 (7):  p2 1, p4 2, p1 3, p0 4, p5 5
  //   p1 (1):  p0 1, p2 2, p3 3, p4 4, p5 5      p4 (12): p3 1, p5 2, p2 3, p1 4, p0 5
  //   p2 (3):  p1 1, p0 2, p3 3, p4 4, p5 5      p5 (20): p4 1, p3 2, p2 3, p1 4, p0 5
  // Map neighbours and their penalties max(0, rank - 2):
  //   p0: p2, p4 -> 0 + 2    p1: p5, p3 -> 3 + 1    p2: p0, p4 -> 0 + 2
  //   p3: p1, p5 -> 1 + 3    p4: p2, p0 -> 1 + 3    p5: p1, p4 -> 2 + 0
  // Sum 18; T = 1 - 2 / (6 * 2 * (12 - 6 - 1)) * 18 = 0.4 (scikit-learn agrees).
  const std::vector<float> high{0, 1, 3, 7, 12, 20};
  const std::vector<float> low{0, 10, 1.5f, 14, 3.5f, 7.5f};
  EXPECT_NEAR(trustworthiness(high.data(), 1, low.data(), 1, 6, 2), 0.4, 1e-12);
}

TEST(Trustworthiness, MatchesScikitLearn) {
  // sklearn.manifold.trustworthiness(X, Y, n_neighbors=5) = 0.50890625 for these points.
  const int n = 40;
  std::vector<float> high, low;
  for (int i = 0; i < n; ++i) {
    high.push_back(float(std::sin(i * 0.7) * 3 + i * 0.1));
    high.push_back(float(std::cos(i * 1.3) * 2));
    high.push_back(float((i * 7 % 13) / 5.0));
    low.push_back(float(std::cos(i * 0.9) * 2 + i * 0.05));
    low.push_back(float(std::sin(i * 0.4)));
  }
  EXPECT_NEAR(trustworthiness(high.data(), 3, low.data(), 2, n, 5), 0.50890625, 1e-9);
}

TEST(Trustworthiness, SampledEstimateIsCloseAndSeeded) {
  std::mt19937 random(5);
  std::normal_distribution<float> normal;
  const std::size_t n = 600;
  std::vector<float> high(n * 5), low(n * 2);
  for (float& value : high) value = normal(random);
  for (std::size_t i = 0; i < n; ++i) {  // a noisy projection: partly trustworthy
    low[2 * i] = high[5 * i] + 0.3f * normal(random);
    low[2 * i + 1] = high[5 * i + 1] + 0.3f * normal(random);
  }
  const double full = trustworthiness(high.data(), 5, low.data(), 2, n, 10);
  EXPECT_GT(full, 0.5);
  EXPECT_LT(full, 0.99);
  EXPECT_DOUBLE_EQ(trustworthiness(high.data(), 5, low.data(), 2, n, 10, n), full);
  const double sampled = trustworthiness(high.data(), 5, low.data(), 2, n, 10, 200, 9);
  EXPECT_NEAR(sampled, full, 0.02);
  EXPECT_DOUBLE_EQ(trustworthiness(high.data(), 5, low.data(), 2, n, 10, 200, 9), sampled);
}

TEST(Trustworthiness, BadSettingsAreUsageErrors) {
  const std::vector<float> points(10 * 2, 1.0f);
  try {
    trustworthiness(points.data(), 2, points.data(), 2, 10, 5);
    FAIL() << "k = 5 was accepted for 10 points";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("half the number of points"), std::string::npos) << error.what();
  }
  std::vector<float> broken = points;
  broken[3] = std::nanf("");
  EXPECT_THROW(trustworthiness(broken.data(), 2, points.data(), 2, 10, 2), Error);
}

}  // namespace
}  // namespace latentlab
