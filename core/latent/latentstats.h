#pragma once

#include "latent/datasetencoding.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace latentlab {

// The spread of one latent dimension over the encoded data: the sliders' range.
struct DimensionRange {
  float low = -1.0f;
  float high = 1.0f;
  float median = 0.0f;
};
std::vector<DimensionRange> dimensionRanges(const EncodedSet& codes, double lowPercentile = 1,
                                            double highPercentile = 99);

// A Gaussian over codes (all of them, or one class's) to sample new codes from.
struct GaussianFit {
  std::vector<float> mean;
  std::vector<float> covariance;  // d x d
};
// Throws a usage Error when fewer than two codes (of that class) exist.
GaussianFit fitGaussian(const EncodedSet& codes, std::optional<std::int64_t> label = {});
std::vector<float> sampleGaussian(const GaussianFit& fit, int count, std::uint64_t seed);  // count x d
std::vector<float> samplePrior(int codeSize, int count, std::uint64_t seed);               // N(0, I)

// How much a VAE uses each latent dimension (seed 004): the mean KL divergence of the
// posteriors from the prior, KL(N(mu, s^2) || N(0, 1)) = (mu^2 + s^2 - 1 - log s^2) / 2 nats,
// and the spread of the means over the data (Burda et al.'s activity). A dimension is
// active when its activity exceeds 0.01; the rest carry (almost) no information.
struct DimensionUsage {
  std::vector<double> kl;        // nats, per dimension
  std::vector<double> activity;  // variance of the posterior means over the items
  int activeCount = 0;
  static constexpr double kActiveThreshold = 0.01;
};
// Empty for codes without log-variances (not a VAE).
std::optional<DimensionUsage> dimensionUsage(const EncodedSet& codes);

}  // namespace latentlab
