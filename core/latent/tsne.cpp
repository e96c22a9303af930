#include "latent/tsne.h"

#include "common/error.h"
#include "latent/neighbors.h"
#include "latent/pca.h"
#include "latent/tsneaffinities.h"
#include "latent/tsnegradient.h"
#include "latent/tsneparallel.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>

namespace latentlab {

namespace {

std::string number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

void validate(const float* data, std::size_t count, int dim, const TsneOptions& options,
              const std::vector<float>* initial) {
  if (count < 4)
    throw usageError("t-SNE needs at least 4 points, got " + std::to_string(count) + "; map more items or use PCA");
  if (dim < 1) throw usageError("t-SNE: the codes must have at least 1 value each (got " + std::to_string(dim) + ")");
  if (options.dimensions != 2 && options.dimensions != 3)
    throw usageError("t-SNE dimensions must be 2 or 3, got " + std::to_string(options.dimensions));
  const double maxPerplexity = double(count - 1) / 3.0;
  if (!(options.perplexity >= 1.0) || options.perplexity > maxPerplexity)
    throw usageError("t-SNE perplexity " + number(options.perplexity) + " does not fit " + std::to_string(count) +
                     " points: it must be between 1 and (points - 1) / 3 = " +
                     number(std::floor(maxPerplexity * 100) / 100) + "; lower the perplexity or map more items");
  if (options.iterations < 1 || options.exaggerationIterations < 0)
    throw usageError("t-SNE iterations must be at least 1 and exaggeration iterations at least 0 (got " +
                     std::to_string(options.iterations) + " and " + std::to_string(options.exaggerationIterations) +
                     ")");
  if (!(options.exaggeration > 0.0) || !std::isfinite(options.exaggeration))
    throw usageError("t-SNE exaggeration must be positive (got " + number(options.exaggeration) + "); 12 is usual");
  if (!(options.learningRate >= 0.0) || !std::isfinite(options.learningRate))
    throw usageError("t-SNE learning rate must be positive, or 0 for automatic (got " + number(options.learningRate) +
                     ")");
  if (!(options.theta >= 0.0) || !std::isfinite(options.theta))
    throw usageError("t-SNE theta (Barnes-Hut accuracy) must be 0 or more (got " + number(options.theta) +
                     "); 0.5 is usual");
  if (options.gradient == TsneOptions::Gradient::Fft && options.dimensions != 2)
    throw usageError("the FFT t-SNE gradient makes 2-D maps only; use Barnes-Hut for 3-D");
  for (std::size_t i = 0; i < count * std::size_t(dim); ++i)
    if (!std::isfinite(data[i]))
      throw inputError("t-SNE: code " + std::to_string(i / std::size_t(dim)) + " has a non-finite value (" +
                       number(double(data[i])) + ") in dimension " + std::to_string(i % std::size_t(dim)) +
                       "; the model's codes diverged: retrain it or pick an earlier checkpoint");
  if (initial) {
    if (initial->size() != count * std::size_t(options.dimensions))
      throw usageError("the t-SNE starting layout holds " + std::to_string(initial->size()) + " values; " +
                       std::to_string(count) + " points in " + std::to_string(options.dimensions) + "-D need " +
                       std::to_string(count * std::size_t(options.dimensions)));
    for (float value : *initial)
      if (!std::isfinite(value)) throw usageError("the t-SNE starting layout holds a non-finite value; start from PCA");
  }
}

// scikit-learn's init="pca": the leading principal components, scaled so the
// first has a standard deviation of 1e-4.
std::vector<double> pcaStart(const float* data, std::size_t count, int dim, int dims, std::uint64_t seed) {
  std::vector<double> y(count * std::size_t(dims), 0.0);
  const int components = std::min(dim, dims);
  const Pca pca = Pca::fit(data, count, dim, components);
  const std::vector<float> projected = pca.transform(data, count);
  double mean = 0.0, squares = 0.0;
  for (std::size_t i = 0; i < count; ++i) mean += projected[i * std::size_t(components)];
  mean /= double(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double centred = projected[i * std::size_t(components)] - mean;
    squares += centred * centred;
  }
  const double deviation = std::sqrt(squares / double(count));
  const bool flat = !(deviation > 1e-30);
  const double scale = flat ? 0.0 : 1e-4 / deviation;
  for (std::size_t i = 0; i < count; ++i)
    for (int c = 0; c < components; ++c)
      y[i * std::size_t(dims) + std::size_t(c)] =
          double(projected[i * std::size_t(components) + std::size_t(c)]) * scale;
  // Axes PCA cannot give (codes shorter than the map, or all codes equal): small seeded noise.
  if (flat || components < dims) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal(0.0, 1e-4);
    for (std::size_t i = 0; i < count; ++i)
      for (int c = flat ? 0 : components; c < dims; ++c) y[i * std::size_t(dims) + std::size_t(c)] = normal(random);
  }
  return y;
}

void centre(std::vector<double>& y, std::size_t count, int dims) {
  for (int c = 0; c < dims; ++c) {
    double mean = 0.0;
    for (std::size_t i = 0; i < count; ++i) mean += y[i * std::size_t(dims) + std::size_t(c)];
    mean /= double(count);
    for (std::size_t i = 0; i < count; ++i) y[i * std::size_t(dims) + std::size_t(c)] -= mean;
  }
}

// Scales a centred layout so its first axis has the given standard deviation (as pcaStart does).
void scaleFirstAxisTo(std::vector<double>& y, std::size_t count, int dims, double deviation) {
  double squares = 0.0;
  for (std::size_t i = 0; i < count; ++i) squares += y[i * std::size_t(dims)] * y[i * std::size_t(dims)];
  const double current = std::sqrt(squares / double(count));
  if (!(current > 1e-30)) return;
  for (double& value : y) value *= deviation / current;
}

}  // namespace

std::vector<float> runTsne(const float* data, std::size_t count, int dim, const TsneOptions& options,
                           const std::vector<float>* initial, const JobContext& job,
                           const std::function<void(const TsneProgress&)>& onLayout) {
  validate(data, count, dim, options, initial);
  const int threads = tsnedetail::resolveThreads(options.threads);
  const int dims = options.dimensions;
  const std::size_t values = count * std::size_t(dims);

  const int k = std::min(int(count) - 1, int(3.0 * options.perplexity + 1.0));
  // The neighbour search is the first tenth of the progress (most of it for HNSW on 70,000 codes).
  constexpr double kNeighbourShare = 0.1;
  const SparseAffinities p =
      computeAffinities(findNeighbors(data, count, dim, k, options.seed, threads, job.part(0.0, kNeighbourShare)),
                        options.perplexity, threads);
  job.throwIfCancelled();

  const bool warm = initial != nullptr;
  std::vector<double> y;
  int iterations = options.iterations;
  int exaggerationIterations = std::min(options.exaggerationIterations, iterations);
  int momentumSwitch = exaggerationIterations;
  if (warm) {
    y.assign(initial->begin(), initial->end());
    centre(y, count, dims);
    if (options.regroup) {
      scaleFirstAxisTo(y, count, dims, 1e-4);
    } else {
      iterations = std::min(options.iterations, std::max(50, options.iterations / 3));
      exaggerationIterations = 0;
      momentumSwitch = std::min(25, iterations);
    }
  } else {
    y = pcaStart(data, count, dim, dims, options.seed);
  }

  // Auto: FFT while early exaggeration keeps the layout compact (its grid is small
  // then, and cheap), Barnes-Hut once it has spread (about ten times more accurate
  // forces, which keep neighbourhoods better, at about the FFT's cost by then).
  const bool autoFft = options.gradient == TsneOptions::Gradient::Auto && dims == 2 && count > 5000;
  auto fftAt = [&](int iteration) {
    return options.gradient == TsneOptions::Gradient::Fft || (autoFft && iteration < exaggerationIterations);
  };
  tsnedetail::FftRepulsion fft;
  const double learningRate =
      options.learningRate > 0.0 ? options.learningRate : std::max(double(count) / options.exaggeration / 4.0, 50.0);
  std::vector<double> update(values, 0.0), gains(values, 1.0);
  std::vector<double> attract(values), repulse(values);
  std::vector<float> layout(values);
  const int reportEvery = std::max(1, options.reportEvery);

  for (int iteration = 0; iteration < iterations; ++iteration) {
    job.throwIfCancelled();
    if (iteration == momentumSwitch && !warm) {  // a fresh start for the second phase, as scikit-learn
      std::fill(update.begin(), update.end(), 0.0);
      std::fill(gains.begin(), gains.end(), 1.0);
    }
    const double exaggeration = iteration < exaggerationIterations ? options.exaggeration : 1.0;
    const double momentum = iteration < momentumSwitch ? 0.5 : 0.8;
    const double z = std::max(fftAt(iteration) ? fft.compute(y.data(), count, repulse.data(), threads)
                                               : tsnedetail::barnesHutRepulsion(y.data(), count, dims, options.theta,
                                                                                repulse.data(), threads),
                              1e-300);
    tsnedetail::attraction(p, y.data(), dims, attract.data(), threads);
    const double inverseZ = 1.0 / z;
    int diverged = 0;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(| : diverged)
    for (long long c = 0; c < (long long)values; ++c) {
      const double gradient = 4.0 * (exaggeration * attract[c] - repulse[c] * inverseZ);
      double& gain = gains[c];
      gain = gradient * update[c] < 0.0 ? gain + 0.2 : gain * 0.8;  // still descending: grow
      gain = std::max(gain, 0.01);
      update[c] = momentum * update[c] - learningRate * gain * gradient;
      y[c] += update[c];
      diverged |= !(std::abs(y[c]) < 1e12);
    }
    if (diverged)
      throw runtimeError("t-SNE diverged at iteration " + std::to_string(iteration + 1) + " (learning rate " +
                         number(learningRate) + "); lower the learning rate or set it to 0 for automatic");
    centre(y, count, dims);
    if ((iteration + 1) % reportEvery == 0 || iteration + 1 == iterations) {
      job.report(kNeighbourShare + (1.0 - kNeighbourShare) * double(iteration + 1) / double(iterations));
      if (onLayout) {
        std::transform(y.begin(), y.end(), layout.begin(), [](double v) { return float(v); });
        onLayout(TsneProgress{iteration + 1, iterations, layout.data(), count, dims});
      }
    }
  }
  std::transform(y.begin(), y.end(), layout.begin(), [](double v) { return float(v); });
  return layout;
}

}  // namespace latentlab
