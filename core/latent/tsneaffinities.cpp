#include "latent/tsneaffinities.h"

#include "latent/tsneparallel.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace latentlab {

namespace {

// One row's conditional probabilities over its k neighbours (squared distances given).
void calibrateRow(const float* distances, int k, double targetEntropy, double* squared, double* p) {
  const double nearest = double(distances[0]) * double(distances[0]);
  double mean = 0.0;
  for (int j = 0; j < k; ++j) {
    squared[j] = std::max(0.0, double(distances[j]) * double(distances[j]) - nearest);  // shift: same p, no underflow
    mean += squared[j];
  }
  mean /= double(k);
  double beta = mean > 0.0 ? 1.0 / mean : 1.0;
  double low = 0.0, high = HUGE_VAL;
  for (int attempt = 0; attempt < 200; ++attempt) {
    double sum = 0.0, weighted = 0.0;
    for (int j = 0; j < k; ++j) {
      p[j] = std::exp(-beta * squared[j]);
      sum += p[j];
      weighted += squared[j] * p[j];
    }
    const double entropy = std::log(sum) + beta * weighted / sum;
    for (int j = 0; j < k; ++j) p[j] /= sum;
    const double error = entropy - targetEntropy;
    if (std::abs(error) < 1e-5) break;
    if (error > 0.0) {  // too flat: sharpen
      low = beta;
      beta = std::isinf(high) ? beta * 2.0 : (beta + high) / 2.0;
    } else {
      high = beta;
      beta = (beta + low) / 2.0;
    }
    if (beta > 1e200 || beta < 1e-200) break;  // coincident neighbours: keep the last (uniform-ish) row
  }
}

}  // namespace

SparseAffinities computeAffinities(const KnnGraph& graph, double perplexity, int threads) {
  threads = tsnedetail::resolveThreads(threads);
  const std::size_t n = graph.count;
  const std::size_t k = std::size_t(graph.k);
  const double target = std::log(perplexity);

  // Conditional rows, sorted by column for the merge below.
  std::vector<std::pair<std::uint32_t, float>> conditional(n * k);
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> squared(k), p(k);
#pragma omp for schedule(static)
    for (long long i = 0; i < (long long)n; ++i) {
      calibrateRow(graph.neighborDistances(std::size_t(i)), int(k), target, squared.data(), p.data());
      const std::uint32_t* neighbors = graph.neighbors(std::size_t(i));
      auto* row = conditional.data() + std::size_t(i) * k;
      for (std::size_t j = 0; j < k; ++j) row[j] = {neighbors[j], float(p[j])};
      std::sort(row, row + k, [](const auto& a, const auto& b) { return a.first < b.first; });
    }
  }

  // The transpose (p_i|j stored at row j), in compressed rows; filling in row
  // order leaves each transposed row sorted by column.
  std::vector<std::size_t> transposedStart(n + 1, 0);
  for (const auto& entry : conditional) ++transposedStart[entry.first + 1];
  std::partial_sum(transposedStart.begin(), transposedStart.end(), transposedStart.begin());
  std::vector<std::pair<std::uint32_t, float>> transposed(n * k);
  {
    std::vector<std::size_t> fill(transposedStart.begin(), transposedStart.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < k; ++j) {
        const auto& entry = conditional[i * k + j];
        transposed[fill[entry.first]++] = {std::uint32_t(i), entry.second};
      }
  }

  // Merge each row with its transposed row: first the sizes, then the values.
  auto merge = [&](std::size_t i, std::uint32_t* columns, float* values) {
    const auto* a = conditional.data() + i * k;
    const auto* aEnd = a + k;
    const auto* b = transposed.data() + transposedStart[i];
    const auto* bEnd = transposed.data() + transposedStart[i + 1];
    const double scale = 1.0 / (2.0 * double(n));
    std::size_t written = 0;
    while (a != aEnd || b != bEnd) {
      std::uint32_t column;
      double sum = 0.0;
      if (b == bEnd || (a != aEnd && a->first < b->first)) {
        column = a->first;
        sum = a++->second;
      } else if (a == aEnd || b->first < a->first) {
        column = b->first;
        sum = b++->second;
      } else {
        column = a->first;
        sum = double(a++->second) + double(b++->second);
      }
      if (columns) {
        columns[written] = column;
        values[written] = float(sum * scale);
      }
      ++written;
    }
    return written;
  };
  SparseAffinities result;
  result.count = n;
  result.rowStart.assign(n + 1, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (long long i = 0; i < (long long)n; ++i)
    result.rowStart[std::size_t(i) + 1] = merge(std::size_t(i), nullptr, nullptr);
  std::partial_sum(result.rowStart.begin(), result.rowStart.end(), result.rowStart.begin());
  result.columns.resize(result.rowStart.back());
  result.values.resize(result.rowStart.back());
#pragma omp parallel for num_threads(threads) schedule(static)
  for (long long i = 0; i < (long long)n; ++i)
    merge(std::size_t(i), result.columns.data() + result.rowStart[std::size_t(i)],
          result.values.data() + result.rowStart[std::size_t(i)]);
  return result;
}

}  // namespace latentlab
