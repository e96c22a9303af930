#pragma once

// How well a low-dimensional map keeps neighbourhoods. Torch-free.

#include <cstddef>
#include <cstdint>

namespace latentlab {

// Trustworthiness (Venna & Kaski 2001), as scikit-learn's
// sklearn.manifold.trustworthiness: 1 - 2 / (n k (2n - 3k - 1)) times the sum,
// over every point i and each of its k nearest neighbours j in the map, of
// max(0, r(i, j) - k), where r(i, j) is j's rank by distance from i in the
// original space (1 = nearest; equal distances rank by index). 1 when every map
// neighbour is also a neighbour originally. With 0 < sample < count the sum runs
// over that many seeded random points (against all points) and is scaled by
// count / sample: an unbiased estimate for large sets. Uses all cores.
// Throws a usage Error unless 1 <= k < count / 2 and both dims are at least 1,
// and an input Error for non-finite coordinates.
double trustworthiness(const float* high, int highDim, const float* low, int lowDim, std::size_t count, int k = 10,
                       std::size_t sample = 0, std::uint64_t seed = 1);

}  // namespace latentlab
