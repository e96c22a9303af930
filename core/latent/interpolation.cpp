#include "latent/interpolation.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace latentlab {

std::vector<float> interpolate(const float* a, const float* b, int codeSize, int steps, InterpolationKind kind) {
  if (steps < 2) throw usageError("interpolation needs at least 2 steps (both ends), not " + std::to_string(steps));
  std::vector<float> path(std::size_t(steps) * std::size_t(codeSize));
  double normA = 0, normB = 0, dot = 0;
  for (int i = 0; i < codeSize; ++i) {
    normA += double(a[i]) * a[i];
    normB += double(b[i]) * b[i];
    dot += double(a[i]) * b[i];
  }
  normA = std::sqrt(normA);
  normB = std::sqrt(normB);
  const double cosine = normA > 0 && normB > 0 ? std::clamp(dot / (normA * normB), -1.0, 1.0) : 1.0;
  const double omega = std::acos(cosine);
  const bool spherical = kind == InterpolationKind::Spherical && std::sin(omega) > 1e-6;
  for (int s = 0; s < steps; ++s) {
    const double t = double(s) / double(steps - 1);
    float* out = path.data() + std::size_t(s) * std::size_t(codeSize);
    if (spherical) {
      // Directions on the great circle, lengths blended linearly.
      const double wa = std::sin((1 - t) * omega) / std::sin(omega), wb = std::sin(t * omega) / std::sin(omega);
      const double length = (1 - t) * normA + t * normB;
      double norm = 0;
      for (int i = 0; i < codeSize; ++i) {
        out[i] = float(wa * a[i] / normA + wb * b[i] / normB);
        norm += double(out[i]) * out[i];
      }
      norm = std::sqrt(norm);
      for (int i = 0; i < codeSize; ++i) out[i] = float(out[i] / norm * length);
    } else {
      for (int i = 0; i < codeSize; ++i) out[i] = float((1 - t) * a[i] + t * b[i]);
    }
  }
  // The ends are exact, whatever the rounding above.
  std::copy(a, a + codeSize, path.begin());
  std::copy(b, b + codeSize, path.end() - codeSize);
  return path;
}

}  // namespace latentlab
