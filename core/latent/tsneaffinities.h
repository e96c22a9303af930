#pragma once

// t-SNE's input affinities: perplexity-calibrated Gaussians over each point's
// nearest neighbours, symmetrized into a sparse joint distribution P. Torch-free.

#include "latent/neighbors.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace latentlab {

// Symmetric P in compressed rows (columns ascending within a row); all values sum to 1.
struct SparseAffinities {
  std::size_t count = 0;
  std::vector<std::size_t> rowStart;  // count + 1 offsets into columns / values
  std::vector<std::uint32_t> columns;
  std::vector<float> values;
};

// p_j|i = exp(-beta_i d_ij^2) / sum over i's k neighbours, with beta_i found by
// bisection so the row's perplexity (exp of its entropy in nats) matches
// `perplexity` (to 1e-5 in entropy); then p_ij = (p_j|i + p_i|j) / (2 count).
// Deterministic for any thread count.
SparseAffinities computeAffinities(const KnnGraph& graph, double perplexity, int threads = 0);

}  // namespace latentlab
