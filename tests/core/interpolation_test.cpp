// Code arithmetic behind the latent tab's tools: interpolation (L4), slider
// ranges (L3) and generation from a prior or a fitted Gaussian (L5).

#include "latent/interpolation.h"
#include "common/error.h"
#include "latent/latentstats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace latentlab {
namespace {

double norm(const float* v, int size) {
  double sum = 0;
  for (int i = 0; i < size; ++i) sum += double(v[i]) * v[i];
  return std::sqrt(sum);
}

TEST(Interpolation, LinearHasExactEndsAndEvenSteps) {
  const std::vector<float> a{0.1f, -2.0f, 3.0f}, b{1.1f, 2.0f, -1.0f};
  const auto path = interpolate(a.data(), b.data(), 3, 5, InterpolationKind::Linear);
  ASSERT_EQ(path.size(), 15u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(path[std::size_t(i)], a[std::size_t(i)]);
    EXPECT_EQ(path[12 + std::size_t(i)], b[std::size_t(i)]);
  }
  // In order from a to b, equally spaced.
  for (int s = 0; s < 5; ++s)
    for (int i = 0; i < 3; ++i)
      EXPECT_NEAR(path[std::size_t(s * 3 + i)], a[std::size_t(i)] + (b[std::size_t(i)] - a[std::size_t(i)]) * s / 4.0,
                  1e-6);
}

TEST(Interpolation, SphericalKeepsTheNormOfEqualNormEnds) {
  std::mt19937_64 random(1);
  std::normal_distribution<float> normal;
  std::vector<float> a(16), b(16);
  for (float& v : a) v = normal(random);
  for (float& v : b) v = normal(random);
  const double length = norm(a.data(), 16);
  const double scale = length / norm(b.data(), 16);
  for (float& v : b) v = float(v * scale);
  const auto path = interpolate(a.data(), b.data(), 16, 9, InterpolationKind::Spherical);
  ASSERT_EQ(path.size(), 9u * 16u);
  for (int s = 0; s < 9; ++s) EXPECT_NEAR(norm(&path[std::size_t(s) * 16], 16), length, 1e-4 * length) << s;
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(path[std::size_t(i)], a[std::size_t(i)]);
    EXPECT_EQ(path[8 * 16 + std::size_t(i)], b[std::size_t(i)]);
  }
  // The linear path dips inside the sphere in the middle.
  const auto straight = interpolate(a.data(), b.data(), 16, 9, InterpolationKind::Linear);
  EXPECT_LT(norm(&straight[4 * 16], 16), length * 0.99);
  // The angle to a grows steadily (the great circle, in order).
  double previous = -1;
  for (int s = 0; s < 9; ++s) {
    const float* p = &path[std::size_t(s) * 16];
    double dot = 0;
    for (int i = 0; i < 16; ++i) dot += double(p[i]) * a[std::size_t(i)];
    const double angle = std::acos(std::clamp(dot / (length * norm(p, 16)), -1.0, 1.0));
    EXPECT_GT(angle, previous - 1e-6);
    previous = angle;
  }
}

TEST(Interpolation, SphericalFallsBackToLinearForDegenerateEnds) {
  const std::vector<float> zero{0, 0}, b{2, 0}, parallel{4, 0};
  auto path = interpolate(zero.data(), b.data(), 2, 3, InterpolationKind::Spherical);
  EXPECT_EQ(path, std::vector<float>({0, 0, 1, 0, 2, 0}));
  path = interpolate(b.data(), parallel.data(), 2, 3, InterpolationKind::Spherical);
  EXPECT_EQ(path, std::vector<float>({2, 0, 3, 0, 4, 0}));
  for (float v : interpolate(b.data(), parallel.data(), 2, 2, InterpolationKind::Spherical))
    EXPECT_TRUE(std::isfinite(v));
}

TEST(Interpolation, FewerThanTwoStepsIsAUsageError) {
  const std::vector<float> a{0, 0};
  EXPECT_THROW(interpolate(a.data(), a.data(), 2, 1, InterpolationKind::Linear), Error);
}

EncodedSet codesFrom(const std::vector<float>& values, int codeSize, const std::vector<std::int64_t>& labels) {
  EncodedSet set;
  set.codeSize = codeSize;
  set.codes = values;
  for (std::size_t i = 0; i < values.size() / std::size_t(codeSize); ++i) set.indices.push_back(i);
  set.labels = labels;
  return set;
}

TEST(LatentStats, DimensionRangesArePercentiles) {
  std::vector<float> values;
  std::vector<std::int64_t> labels;
  for (int i = 0; i <= 100; ++i) {  // dimension 0: 0..100; dimension 1: constant
    values.push_back(float(i));
    values.push_back(7.0f);
    labels.push_back(0);
  }
  const auto ranges = dimensionRanges(codesFrom(values, 2, labels));
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_FLOAT_EQ(ranges[0].low, 1.0f);
  EXPECT_FLOAT_EQ(ranges[0].high, 99.0f);
  EXPECT_FLOAT_EQ(ranges[0].median, 50.0f);
  EXPECT_FLOAT_EQ(ranges[1].low, 7.0f);
  EXPECT_GT(ranges[1].high, ranges[1].low);  // a dead dimension still gets a usable slider
  const auto wide = dimensionRanges(codesFrom(values, 2, labels), 0, 100);
  EXPECT_FLOAT_EQ(wide[0].low, 0.0f);
  EXPECT_FLOAT_EQ(wide[0].high, 100.0f);
}

TEST(LatentStats, GaussianFitRecoversMeanAndCovariance) {
  // Samples of a known 2-D Gaussian for class 1, and a far-away class 0.
  std::mt19937_64 random(2);
  std::normal_distribution<double> normal;
  std::vector<float> values;
  std::vector<std::int64_t> labels;
  for (int i = 0; i < 20000; ++i) {
    const double z0 = normal(random), z1 = normal(random);
    values.push_back(float(1.0 + 2.0 * z0));              // var 4
    values.push_back(float(-3.0 + 0.5 * z0 + 1.0 * z1));  // var 1.25, cov 1.0
    labels.push_back(1);
    values.push_back(float(100 + normal(random)));
    values.push_back(float(100 + normal(random)));
    labels.push_back(0);
  }
  const EncodedSet set = codesFrom(values, 2, labels);
  const GaussianFit fit = fitGaussian(set, std::int64_t(1));
  ASSERT_EQ(fit.mean.size(), 2u);
  ASSERT_EQ(fit.covariance.size(), 4u);
  EXPECT_NEAR(fit.mean[0], 1.0, 0.05);
  EXPECT_NEAR(fit.mean[1], -3.0, 0.05);
  EXPECT_NEAR(fit.covariance[0], 4.0, 0.15);
  EXPECT_NEAR(fit.covariance[1], 1.0, 0.08);
  EXPECT_EQ(fit.covariance[1], fit.covariance[2]);
  EXPECT_NEAR(fit.covariance[3], 1.25, 0.05);
  // All classes together: the mean sits between the two clusters.
  EXPECT_NEAR(fitGaussian(set).mean[0], (1.0 + 100.0) / 2, 0.2);
  EXPECT_THROW(fitGaussian(set, std::int64_t(5)), Error);

  // Samples drawn from the fit have its moments (Cholesky), and a seed repeats them.
  const auto samples = sampleGaussian(fit, 20000, 3);
  ASSERT_EQ(samples.size(), 40000u);
  const GaussianFit again = fitGaussian(codesFrom(samples, 2, std::vector<std::int64_t>(20000, 0)));
  EXPECT_NEAR(again.mean[0], 1.0, 0.06);
  EXPECT_NEAR(again.covariance[0], 4.0, 0.2);
  EXPECT_NEAR(again.covariance[1], 1.0, 0.1);
  EXPECT_NEAR(again.covariance[3], 1.25, 0.06);
  EXPECT_EQ(sampleGaussian(fit, 5, 3), sampleGaussian(fit, 5, 3));
  EXPECT_NE(sampleGaussian(fit, 5, 3), sampleGaussian(fit, 5, 4));
}

TEST(LatentStats, DegenerateCovarianceStillSamples) {
  GaussianFit fit;
  fit.mean = {1, 2, 3};
  fit.covariance = {1, 1, 0, 1, 1, 0, 0, 0, 0};  // rank 1
  for (float v : sampleGaussian(fit, 50, 1)) EXPECT_TRUE(std::isfinite(v));
}

TEST(LatentStats, PriorSamplesAreStandardNormal) {
  const auto samples = samplePrior(4, 10000, 5);
  ASSERT_EQ(samples.size(), 40000u);
  double sum = 0, sq = 0;
  for (float v : samples) sum += v, sq += double(v) * v;
  EXPECT_NEAR(sum / 40000, 0.0, 0.02);
  EXPECT_NEAR(sq / 40000, 1.0, 0.03);
  EXPECT_EQ(samplePrior(4, 3, 5), samplePrior(4, 3, 5));
}

// KL(N(mu, s^2) || N(0, 1)) per dimension, averaged, and the activity of the means.
TEST(DimensionUsage, KlAndActiveUnitsByHand) {
  EncodedSet codes;
  codes.codeSize = 2;
  codes.indices = {0, 1};
  codes.labels = {0, 0};
  // z0: means -1 and 1 with unit variance: KL 0.5 each, activity 1 (active).
  // z1: means 0 and 0 with log-variance log(0.5): KL (0.5 - 1 - log 0.5) / 2, activity 0 (inactive).
  codes.codes = {-1.0f, 0.0f, 1.0f, 0.0f};
  const float half = std::log(0.5f);
  codes.logVariances = {0.0f, half, 0.0f, half};
  const auto usage = dimensionUsage(codes);
  ASSERT_TRUE(usage);
  EXPECT_NEAR(usage->kl[0], 0.5, 1e-6);
  EXPECT_NEAR(usage->kl[1], 0.5 * (0.5 - 1.0 - std::log(0.5)), 1e-6);
  EXPECT_NEAR(usage->activity[0], 1.0, 1e-6);
  EXPECT_NEAR(usage->activity[1], 0.0, 1e-9);
  EXPECT_EQ(usage->activeCount, 1);
  // Codes of a plain autoencoder have no log-variances: nothing to say.
  codes.logVariances.clear();
  EXPECT_FALSE(dimensionUsage(codes));
}

}  // namespace
}  // namespace latentlab
