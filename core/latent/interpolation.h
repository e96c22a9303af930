#pragma once

#include <vector>

namespace latentlab {

enum class InterpolationKind { Linear, Spherical };

// `steps` codes from a to b, both ends included (steps >= 2). Spherical
// interpolation (slerp) follows the great circle and blends the lengths, which
// keeps Gaussian codes typical along the way; it falls back to linear when a and
// b are (anti)parallel or one is zero.
std::vector<float> interpolate(const float* a, const float* b, int codeSize, int steps, InterpolationKind kind);

}  // namespace latentlab
