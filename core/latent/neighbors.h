#pragma once

// Nearest-neighbour graphs of codes, for t-SNE's affinities. Torch-free.

#include "jobs/jobcontext.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace latentlab {

// The k nearest neighbours of every point (itself excluded), closest first,
// with Euclidean (not squared) distances: count x k, row-major.
struct KnnGraph {
  std::size_t count = 0;
  int k = 0;
  std::vector<std::uint32_t> indices;
  std::vector<float> distances;

  const std::uint32_t* neighbors(std::size_t i) const { return indices.data() + i * std::size_t(k); }
  const float* neighborDistances(std::size_t i) const { return distances.data() + i * std::size_t(k); }
};

// Picks the method by cost: exact for up to 3 dimensions (a k-d tree) or while
// count^2 * dim stays at most 4e9 (blocked brute force: 20,000 codes of 10
// values), else an HNSW index (hnswlib; M 16, construction effort 48, search
// effort max(64, 4k/3): recall 0.999 on 70,000 autoencoder codes with k = 90),
// built one point at a time with `seed` so the graph is the same on every run
// and queried in parallel. `threads` 0 = all cores. Deterministic: the result
// does not depend on the thread count. Throws a usage Error unless
// 1 <= k < count, and an input Error for non-finite coordinates. Checks `job`
// every few hundred points and throws JobCancelled when it is cancelled.
KnnGraph findNeighbors(const float* points, std::size_t count, int dim, int k, std::uint64_t seed = 1, int threads = 0,
                       const JobContext& job = {});

// The two methods behind findNeighbors, for tests and benchmarks. Ties in
// distance go to the lower index in the exact search.
KnnGraph findNeighborsExact(const float* points, std::size_t count, int dim, int k, int threads = 0,
                            const JobContext& job = {});
KnnGraph findNeighborsHnsw(const float* points, std::size_t count, int dim, int k, std::uint64_t seed = 1,
                           int threads = 0, const JobContext& job = {});

}  // namespace latentlab
