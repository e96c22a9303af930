#pragma once

#include <cstddef>
#include <vector>

namespace latentlab {

// Principal component analysis of codes: fit, project, and map map positions
// back to codes. The covariance is accumulated in one pass over the codes; its
// eigenvectors come from Jacobi rotations (exact, codes up to 128 values) or,
// for longer codes (flattened feature maps), block subspace iteration that finds
// just the leading axes. 70,000 codes of 10 values fit in a few milliseconds.
class Pca {
public:
  // Fits `components` axes (1..dim) to `count` codes of `dim` values (count >= 2).
  // With `alignTo` (a fit of the same dim) the axes follow that fit: for two or
  // more components the pairing with its axes is kept when the variances swap
  // order, and each axis's sign agrees with its partner, so a map re-projected
  // after an epoch does not flip or rotate. Without it, each axis's largest
  // entry is positive. Throws a usage Error for bad sizes.
  static Pca fit(const float* data, std::size_t count, int dim, int components = 2, const Pca* alignTo = nullptr);

  std::vector<float> transform(const float* data, std::size_t count) const;  // count x components
  std::vector<float> inverse(const float* points, std::size_t count) const;  // count x dim

  int dim() const { return mDim; }
  int components() const { return mComponents; }
  const std::vector<float>& mean() const { return mMean; }
  const std::vector<float>& axes() const { return mAxes; }  // components x dim, orthonormal rows
  // Each axis's share of the total variance (in axis order; descending unless an
  // alignment swapped two axes).
  std::vector<double> explainedVarianceRatio() const;

private:
  int mDim = 0;
  int mComponents = 0;
  std::vector<float> mMean;
  std::vector<float> mAxes;
  std::vector<double> mVariances;  // per component
  double mTotalVariance = 0.0;
};

}  // namespace latentlab
