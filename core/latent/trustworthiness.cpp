#include "latent/trustworthiness.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace latentlab {

namespace {

// Points stored dimension-major, so the squared distances from one point to all
// run over contiguous floats.
class Columns {
public:
  Columns(const float* points, std::size_t count, int dim)
      : mCount(count), mDim(std::size_t(dim)), mData(count * mDim) {
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t c = 0; c < mDim; ++c) mData[c * count + i] = points[i * mDim + c];
  }
  void distancesFrom(std::size_t i, float* out) const {
    std::fill(out, out + mCount, 0.0f);
    for (std::size_t c = 0; c < mDim; ++c) {
      const float* column = mData.data() + c * mCount;
      const float a = column[i];
      for (std::size_t j = 0; j < mCount; ++j) {
        const float diff = column[j] - a;
        out[j] += diff * diff;
      }
    }
  }

private:
  std::size_t mCount, mDim;
  std::vector<float> mData;
};

void checkFinite(const float* points, std::size_t values, const char* which) {
  for (std::size_t i = 0; i < values; ++i)
    if (!std::isfinite(points[i]))
      throw inputError(std::string("trustworthiness: the ") + which + " points hold a non-finite value at position " +
                       std::to_string(i));
}

}  // namespace

double trustworthiness(const float* high, int highDim, const float* low, int lowDim, std::size_t count, int k,
                       std::size_t sample, std::uint64_t seed) {
  if (highDim < 1 || lowDim < 1)
    throw usageError("trustworthiness: both spaces need at least 1 dimension (got " + std::to_string(highDim) +
                     " and " + std::to_string(lowDim) + ")");
  if (k < 1 || 2 * std::size_t(k) >= count)
    throw usageError("trustworthiness: k (" + std::to_string(k) +
                     ") must be at least 1 and below half the number of points (" + std::to_string(count) +
                     "); lower k or use more points");
  checkFinite(high, count * std::size_t(highDim), "original");
  checkFinite(low, count * std::size_t(lowDim), "embedded");

  std::vector<std::size_t> rows(count);
  std::iota(rows.begin(), rows.end(), std::size_t(0));
  if (sample > 0 && sample < count) {
    std::mt19937_64 random(seed);
    for (std::size_t r = 0; r < sample; ++r) {  // a partial Fisher-Yates shuffle
      std::uniform_int_distribution<std::size_t> pick(r, count - 1);
      std::swap(rows[r], rows[pick(random)]);
    }
    rows.resize(sample);
    std::sort(rows.begin(), rows.end());
  }
  const Columns highColumns(high, count, highDim), lowColumns(low, count, lowDim);
  std::vector<double> penalties(rows.size(), 0.0);
#pragma omp parallel
  {
    std::vector<float> highDistances(count), lowDistances(count);
    std::vector<std::pair<float, std::size_t>> nearest;    // the map's k nearest: (distance, index)
    std::vector<std::pair<float, std::size_t>> originals;  // their original distances, ascending
    std::vector<std::size_t> ranks(static_cast<std::size_t>(k));
#pragma omp for schedule(dynamic, 4)
    for (long long r = 0; r < (long long)rows.size(); ++r) {
      const std::size_t i = rows[std::size_t(r)];
      // The map's k nearest neighbours of i (equal distances: lower index first).
      lowColumns.distancesFrom(i, lowDistances.data());
      nearest.clear();
      for (std::size_t j = 0; j < count; ++j) {
        if (j == i) continue;
        const std::pair<float, std::size_t> candidate{lowDistances[j], j};
        if (nearest.size() < std::size_t(k)) {
          nearest.push_back(candidate);
          std::push_heap(nearest.begin(), nearest.end());
        } else if (candidate < nearest.front()) {
          std::pop_heap(nearest.begin(), nearest.end());
          nearest.back() = candidate;
          std::push_heap(nearest.begin(), nearest.end());
        }
      }
      // Their original ranks: 1 + how many points are strictly closer to i (ties by index).
      highColumns.distancesFrom(i, highDistances.data());
      originals.clear();
      for (const auto& entry : nearest) originals.emplace_back(highDistances[entry.second], entry.second);
      std::sort(originals.begin(), originals.end());
      std::fill(ranks.begin(), ranks.end(), std::size_t(1));
      const std::pair<float, std::size_t> farthest = originals.back();
      for (std::size_t m = 0; m < count; ++m) {
        if (m == i) continue;
        const std::pair<float, std::size_t> point{highDistances[m], m};
        if (!(point < farthest)) continue;  // closer than none of them: the common case
        for (std::size_t n = 0; n < originals.size(); ++n)
          if (point < originals[n]) ++ranks[n];
      }
      double penalty = 0.0;
      for (std::size_t n = 0; n < originals.size(); ++n)
        if (ranks[n] > std::size_t(k)) penalty += double(ranks[n] - std::size_t(k));
      penalties[std::size_t(r)] = penalty;
    }
  }
  const double total = std::accumulate(penalties.begin(), penalties.end(), 0.0) * double(count) / double(rows.size());
  const double n = double(count), kk = double(k);
  return 1.0 - total * 2.0 / (n * kk * (2.0 * n - 3.0 * kk - 1.0));
}

}  // namespace latentlab
