#pragma once

// The Fréchet distance between two sets of feature vectors, each summarised as a Gaussian
// (mean and covariance): ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^{1/2}). The formula of
// FID; which features it is computed on decides what the number means (see domainfid.h).
// Double precision throughout; torch-free header.

#include <cstddef>
#include <vector>

namespace latentlab {

// Mean and (unbiased, n - 1) covariance of `count` feature vectors of `dim` values.
// Computed once for the real images, reused for every epoch's generated ones.
struct FeatureStatistics {
  int dim = 0;
  std::size_t count = 0;
  std::vector<double> mean;        // dim
  std::vector<double> covariance;  // dim x dim, row-major, symmetric
};

// `features` holds count x dim floats, row-major; needs count >= 2 and finite values.
FeatureStatistics featureStatistics(const float* features, std::size_t count, int dim);

// >= 0; a usage error when the dimensions differ.
double frechetDistance(const FeatureStatistics& a, const FeatureStatistics& b);

double frechetDistance(const float* featuresA, std::size_t countA, const float* featuresB, std::size_t countB, int dim);

}  // namespace latentlab
