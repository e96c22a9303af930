#include "latent/latentstats.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace latentlab {

std::vector<DimensionRange> dimensionRanges(const EncodedSet& codes, double lowPercentile, double highPercentile) {
  std::vector<DimensionRange> ranges(std::size_t(std::max(codes.codeSize, 0)));
  if (codes.count() == 0) return ranges;
  if (lowPercentile > highPercentile) std::swap(lowPercentile, highPercentile);
  std::vector<float> values(codes.count());
  // Nearest rank: the value below which `percentile` percent of the codes lie.
  auto at = [&](double percentile) {
    const double fraction = std::clamp(std::isfinite(percentile) ? percentile / 100.0 : 0.5, 0.0, 1.0);
    const std::size_t k = std::min(values.size() - 1, std::size_t(fraction * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return values[k];
  };
  for (int d = 0; d < codes.codeSize; ++d) {
    for (std::size_t i = 0; i < codes.count(); ++i) values[i] = codes.code(i)[d];
    DimensionRange& range = ranges[std::size_t(d)];
    range.low = at(lowPercentile);
    range.high = at(highPercentile);
    range.median = at(50.0);
    if (range.high <= range.low) range.high = range.low + 1e-3f;  // a dead dimension still gets a usable slider
  }
  return ranges;
}

GaussianFit fitGaussian(const EncodedSet& codes, std::optional<std::int64_t> label) {
  const std::size_t d = std::size_t(std::max(codes.codeSize, 0));
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < codes.count(); ++i)
    if (!label || (i < codes.labels.size() && codes.labels[i] == *label)) rows.push_back(i);
  if (rows.size() < 2)
    throw usageError(label ? "class " + std::to_string(*label) + " has fewer than 2 encoded points; encode more points"
                           : std::string("fitting a Gaussian needs at least 2 encoded points"));
  std::vector<double> mean(d, 0.0), cov(d * d, 0.0), centred(d);
  for (std::size_t row : rows)
    for (std::size_t i = 0; i < d; ++i) mean[i] += codes.code(row)[i];
  for (double& m : mean) m /= double(rows.size());
  for (std::size_t row : rows) {
    for (std::size_t i = 0; i < d; ++i) centred[i] = double(codes.code(row)[i]) - mean[i];
    for (std::size_t i = 0; i < d; ++i) {
      const double ci = centred[i];
      double* out = cov.data() + i * d;
      for (std::size_t j = i; j < d; ++j) out[j] += ci * centred[j];
    }
  }
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = i; j < d; ++j) cov[j * d + i] = cov[i * d + j] /= double(rows.size() - 1);
  GaussianFit fit;
  fit.mean.assign(mean.begin(), mean.end());
  fit.covariance.assign(cov.begin(), cov.end());
  return fit;
}

std::vector<float> sampleGaussian(const GaussianFit& fit, int count, std::uint64_t seed) {
  count = std::max(count, 0);
  const int d = int(fit.mean.size());
  // Cholesky factor of the covariance, with a little jitter for degenerate directions.
  if (fit.covariance.size() != std::size_t(d) * std::size_t(d))
    throw usageError("a Gaussian fit needs a " + std::to_string(d) + " x " + std::to_string(d) + " covariance");
  double trace = 0.0;
  for (int i = 0; i < d; ++i) trace += fit.covariance[std::size_t(i) * std::size_t(d) + std::size_t(i)];
  const double jitter = std::max(1e-12, 1e-9 * trace / std::max(1, d));
  std::vector<double> l(std::size_t(d) * std::size_t(d), 0.0);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j <= i; ++j) {
      double sum = fit.covariance[std::size_t(i) * std::size_t(d) + std::size_t(j)];
      for (int k = 0; k < j; ++k)
        sum -=
            l[std::size_t(i) * std::size_t(d) + std::size_t(k)] * l[std::size_t(j) * std::size_t(d) + std::size_t(k)];
      if (i == j)
        l[std::size_t(i) * std::size_t(d) + std::size_t(i)] = std::sqrt(std::max(sum, jitter));
      else
        l[std::size_t(i) * std::size_t(d) + std::size_t(j)] = sum / l[std::size_t(j) * std::size_t(d) + std::size_t(j)];
    }
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal;
  std::vector<float> samples(std::size_t(count) * std::size_t(d));
  std::vector<double> z(static_cast<std::size_t>(d));
  for (int n = 0; n < count; ++n) {
    for (double& v : z) v = normal(random);
    for (int i = 0; i < d; ++i) {
      double value = fit.mean[std::size_t(i)];
      for (int k = 0; k <= i; ++k) value += l[std::size_t(i) * std::size_t(d) + std::size_t(k)] * z[std::size_t(k)];
      samples[std::size_t(n) * std::size_t(d) + std::size_t(i)] = float(value);
    }
  }
  return samples;
}

std::vector<float> samplePrior(int codeSize, int count, std::uint64_t seed) {
  codeSize = std::max(codeSize, 0);
  count = std::max(count, 0);
  std::mt19937_64 random(seed);
  std::normal_distribution<float> normal;
  std::vector<float> samples(std::size_t(count) * std::size_t(codeSize));
  for (float& v : samples) v = normal(random);
  return samples;
}

std::optional<DimensionUsage> dimensionUsage(const EncodedSet& codes) {
  const std::size_t count = codes.count();
  const std::size_t d = std::size_t(codes.codeSize);
  if (count == 0 || d == 0 || codes.logVariances.size() != count * d) return std::nullopt;
  DimensionUsage usage;
  usage.kl.assign(d, 0.0);
  usage.activity.assign(d, 0.0);
  std::vector<double> meanOfMeans(d, 0.0);
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double mu = codes.codes[i * d + j];
      const double logVariance = codes.logVariances[i * d + j];
      usage.kl[j] += 0.5 * (mu * mu + std::exp(logVariance) - 1.0 - logVariance);
      meanOfMeans[j] += mu;
    }
  for (std::size_t j = 0; j < d; ++j) {
    usage.kl[j] /= double(count);
    meanOfMeans[j] /= double(count);
  }
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double centred = codes.codes[i * d + j] - meanOfMeans[j];
      usage.activity[j] += centred * centred;
    }
  for (std::size_t j = 0; j < d; ++j) {
    usage.activity[j] /= double(count);
    if (usage.activity[j] > DimensionUsage::kActiveThreshold) ++usage.activeCount;
  }
  return usage;
}

}  // namespace latentlab
