#pragma once

// t-SNE for the latent map: 2-D (or 3-D) layouts of codes. Torch-free.

#include "jobs/jobcontext.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace latentlab {

struct TsneOptions {
  int dimensions = 2;  // 2 or 3
  double perplexity = 30.0;
  int iterations = 1000;             // in all, early exaggeration included (scikit-learn's n_iter)
  int exaggerationIterations = 250;  // the first iterations, with momentum 0.5 (then 0.8)
  double exaggeration = 12.0;
  double learningRate = 0.0;  // 0 = automatic: max(count / exaggeration / 4, 50)
  std::uint64_t seed = 1;
  int threads = 0;       // 0 = all cores
  int reportEvery = 25;  // iterations between callbacks
  // Auto: for 2-D maps of more than 5,000 points the FFT during early exaggeration
  // (the layout is compact, so its grid is small and cheap), then Barnes-Hut (about
  // ten times more accurate forces, which keep neighbourhoods better, and by then
  // about as fast); Barnes-Hut throughout otherwise. Fft: FFT throughout (2-D only).
  enum class Gradient { Auto, BarnesHut, Fft } gradient = Gradient::Auto;
  // Barnes-Hut accuracy: 0 is exact, larger is faster. 0.6 rather than the usual 0.5: as
  // trustworthy on 10k and 70k codes (a little more, measured), and a third faster.
  double theta = 0.6;
  // Warm start only: shrink the given layout to the PCA start's scale and run the
  // whole schedule, early exaggeration included. The arrangement of the previous
  // map is kept, but clusters that an early epoch split apart can merge again
  // (a plain warm start only refines, and keeps such fragments).
  bool regroup = false;
};

struct TsneProgress {
  int iteration = 0;              // iterations done
  int iterations = 0;             // iterations this run will do
  const float* layout = nullptr;  // count x dimensions, valid during the callback only
  std::size_t count = 0;
  int dimensions = 2;
};

// Returns the layout, count x options.dimensions, centred on 0.
//
// Affinities: k = min(count - 1, 3 perplexity) nearest neighbours
// (findNeighbors), a perplexity-calibrated Gaussian per point, symmetrized.
// Start: PCA of the codes scaled to a standard deviation of 1e-4 on the first
// axis (scikit-learn's init="pca"); the seed only matters where the neighbour
// search is approximate (HNSW) and for codes with fewer values than the map's
// dimensions, where the missing axes start as small seeded noise.
// Optimization: gradient descent with momentum 0.5 during early exaggeration,
// then 0.8, and per-coordinate gains (+0.2 / x0.8, at least 0.01), reset when
// exaggeration ends, as scikit-learn and the reference implementation do; the
// layout is re-centred on 0 after every step. Forces: see Gradient and
// latent/tsnegradient.h.
//
// Warm start: `initial` (count x dimensions) replaces the PCA start and the run
// skips early exaggeration and does max(50, iterations / 3) iterations at
// momentum 0.8 (0.5 for its first 25), so a map re-projected after a training
// epoch moves smoothly from the previous one instead of being redrawn. With
// options.regroup it is instead scaled down like the PCA start and the full
// schedule runs.
//
// `job` gets the fraction done (neighbour search, then iterations) and is checked
// every iteration: a cancelled run throws JobCancelled. `onLayout` gets the layout
// every reportEvery iterations and at the end. Deterministic: the same inputs,
// options and seed give the same layout, bit for bit, for any thread count.
//
// Throws a usage Error for fewer than 4 points, a perplexity too large for the
// count, dimensions other than 2 or 3, bad iteration counts or a wrongly sized
// `initial`; an input Error for non-finite codes.
std::vector<float> runTsne(const float* data, std::size_t count, int dim, const TsneOptions& options,
                           const std::vector<float>* initial = nullptr, const JobContext& job = {},
                           const std::function<void(const TsneProgress&)>& onLayout = {});

}  // namespace latentlab
