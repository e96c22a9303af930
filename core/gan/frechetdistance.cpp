#include "gan/frechetdistance.h"

#include "common/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace latentlab {

namespace {

torch::Tensor doubleTensor(const std::vector<double>& values, std::vector<std::int64_t> shape) {
  auto tensor = torch::empty(shape, torch::kFloat64);
  std::memcpy(tensor.data_ptr<double>(), values.data(), values.size() * sizeof(double));
  return tensor;
}

void checkStatistics(const FeatureStatistics& stats, const char* which) {
  const std::size_t dim = std::size_t(std::max(0, stats.dim));
  if (stats.dim < 1 || stats.mean.size() != dim || stats.covariance.size() != dim * dim)
    throw usageError(std::string("Fréchet distance: the ") + which +
                     " statistics are incomplete; build them with featureStatistics()");
}

// A symmetric positive semi-definite matrix's square root through its eigendecomposition;
// rounding can make tiny eigenvalues negative, which are taken as zero.
torch::Tensor symmetricSquareRoot(const torch::Tensor& matrix) {
  auto [values, vectors] = torch::linalg::eigh(matrix, "L");
  return vectors.matmul(torch::diag(values.clamp_min(0.0).sqrt())).matmul(vectors.transpose(0, 1));
}

}  // namespace

FeatureStatistics featureStatistics(const float* features, std::size_t count, int dim) {
  if (dim < 1)
    throw usageError("Fréchet distance: feature vectors need at least one value, not " + std::to_string(dim));
  if (count < 2)
    throw usageError("Fréchet distance: a set needs at least two feature vectors for a covariance, not " +
                     std::to_string(count) + "; generate more samples");
  const auto rows =
      torch::from_blob(const_cast<float*>(features), {std::int64_t(count), std::int64_t(dim)}, torch::kFloat32)
          .to(torch::kFloat64);
  if (!torch::isfinite(rows).all().item<bool>())
    throw inputError("Fréchet distance: the features hold a non-finite value; the generator diverged");
  const auto mean = rows.mean(0);
  const auto centered = rows - mean;
  const auto covariance = centered.transpose(0, 1).matmul(centered).div_(double(count - 1)).contiguous();

  FeatureStatistics stats;
  stats.dim = dim;
  stats.count = count;
  stats.mean.assign(mean.data_ptr<double>(), mean.data_ptr<double>() + dim);
  stats.covariance.assign(covariance.data_ptr<double>(), covariance.data_ptr<double>() + std::size_t(dim) * dim);
  return stats;
}

double frechetDistance(const FeatureStatistics& a, const FeatureStatistics& b) {
  checkStatistics(a, "first");
  checkStatistics(b, "second");
  if (a.dim != b.dim)
    throw usageError("Fréchet distance: the sets have " + std::to_string(a.dim) + " and " + std::to_string(b.dim) +
                     " features; compute both with the same classifier");
  const std::int64_t dim = a.dim;
  const auto meanA = doubleTensor(a.mean, {dim}), meanB = doubleTensor(b.mean, {dim});
  const auto covA = doubleTensor(a.covariance, {dim, dim}), covB = doubleTensor(b.covariance, {dim, dim});

  // Tr((S1 S2)^{1/2}) = Tr((sqrt(S1) S2 sqrt(S1))^{1/2}): the latter matrix is symmetric
  // PSD, so a symmetric eigendecomposition gives it stably (no complex parts, no scipy sqrtm).
  const auto rootA = symmetricSquareRoot(covA);
  auto inner = rootA.matmul(covB).matmul(rootA);
  inner = (inner + inner.transpose(0, 1)) * 0.5;
  const double crossTrace = torch::linalg::eigvalsh(inner, "L").clamp_min(0.0).sqrt().sum().item<double>();

  const double meanTerm = (meanA - meanB).pow(2).sum().item<double>();
  const double distance = meanTerm + covA.trace().item<double>() + covB.trace().item<double>() - 2.0 * crossTrace;
  if (!std::isfinite(distance))
    throw runtimeError("Fréchet distance: the result is not finite; the feature statistics overflowed");
  return std::max(0.0, distance);  // rounding can leave a tiny negative for identical sets
}

double frechetDistance(const float* featuresA, std::size_t countA, const float* featuresB, std::size_t countB,
                       int dim) {
  return frechetDistance(featureStatistics(featuresA, countA, dim), featureStatistics(featuresB, countB, dim));
}

}  // namespace latentlab
