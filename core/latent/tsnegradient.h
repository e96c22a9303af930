#pragma once

// The forces of t-SNE's gradient on a layout (count x dims doubles, row-major):
// attraction along the sparse affinities, and repulsion from all points by
// Barnes-Hut (2-D and 3-D) or by FFT-accelerated interpolation (2-D; after
// FIt-SNE, Linderman et al. 2019). Torch-free. Deterministic for any thread
// count: every per-point result is computed by one thread in a fixed order, and
// sums over points are taken in point order.

#include "latent/tsneaffinities.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace latentlab::tsnedetail {

// attract_i = sum_j p_ij q_ij (y_i - y_j), q_ij = 1 / (1 + |y_i - y_j|^2); single
// precision inside (vectorized), double out.
void attraction(const SparseAffinities& p, const double* y, int dims, double* attract, int threads);

// repulse_i ~ sum_j q_ij^2 (y_i - y_j); returns Z ~ sum_{i != j} q_ij. The
// gradient is 4 (exaggeration attract_i - repulse_i / Z). A cell of the tree
// counts as one mass when its width is below theta times its distance from the
// points asking (0: exact). About 0.5% relative force error at theta 0.5.
double barnesHutRepulsion(const double* y, std::size_t count, int dims, double theta, double* repulse, int threads);

// The same sums (2-D) by interpolating the kernels onto an equispaced grid
// (3 nodes per box and axis, boxes one layout unit wide, 50 to 320 a side) and
// convolving with single-precision FFTW: cost set by the layout's width, not the
// point count; about 5% relative force error. Keeps its FFT plans, buffers and
// kernel spectra between iterations (plans are FFTW_ESTIMATE: the same every run).
class FftRepulsion {
public:
  FftRepulsion();
  ~FftRepulsion();
  FftRepulsion(const FftRepulsion&) = delete;
  FftRepulsion& operator=(const FftRepulsion&) = delete;

  double compute(const double* y, std::size_t count, double* repulse, int threads);

private:
  struct Buffers;
  std::unique_ptr<Buffers> mBuffers;
};

// Exact O(n^2) sums, for tests.
double exactRepulsion(const double* y, std::size_t count, int dims, double* repulse);

}  // namespace latentlab::tsnedetail
