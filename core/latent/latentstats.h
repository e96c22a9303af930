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

}  // namespace latentlab
