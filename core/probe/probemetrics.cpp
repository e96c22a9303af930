// The probe's torch-free parts: its settings, the labelled subset, the confusion
// matrix and the k-nearest-neighbour vote.

#include "common/error.h"
#include "common/openmpthreads.h"
#include "probe/linearprobe.h"
#include "probe/probeshuffle.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace latentlab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string shortNumber(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

}  // namespace

void validateProbeOptions(const ProbeOptions& options) {
  if (options.epochs < 1)
    throw usageError("the probe needs at least 1 epoch ({epochs}), not " + std::to_string(options.epochs));
  if (!(std::isfinite(options.learningRate) && options.learningRate > 0.0))
    throw usageError("the probe's learning rate ({lr}) must be more than 0, not " + shortNumber(options.learningRate));
  if (options.batchSize < 1)
    throw usageError("the probe's batch size ({batch}) must be at least 1, not " + std::to_string(options.batchSize));
  if (options.knnK < 1)
    throw usageError("the k of the nearest-neighbour accuracy must be at least 1, not " + std::to_string(options.knnK));
  if (!(options.labelFraction > 0.0 && options.labelFraction <= 1.0))
    throw usageError("the label fraction ({label-fraction}) must be more than 0 and at most 1, not " +
                     shortNumber(options.labelFraction));
  if (options.threads < 0)
    throw usageError("the thread count ({threads}) must be 0 (all cores) or more, not " +
                     std::to_string(options.threads));
}

std::vector<std::size_t> labelledSubset(const std::vector<std::int64_t>& labels, int classes, double fraction,
                                        std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw usageError("the label fraction ({label-fraction}) must be more than 0 and at most 1, not " +
                     shortNumber(fraction));
  std::vector<std::vector<std::size_t>> byClass(std::size_t(std::max(0, classes)));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes)
      throw usageError("label " + std::to_string(labels[i]) + " of item " + std::to_string(i) + " is outside the " +
                       std::to_string(classes) + " classes");
    byClass[std::size_t(labels[i])].push_back(i);
  }
  std::vector<std::size_t> subset;
  if (fraction >= 1.0) {
    subset.resize(labels.size());
    std::iota(subset.begin(), subset.end(), std::size_t(0));
    return subset;
  }
  probedetail::SeededOrder order(seed, probedetail::kSubsetStream);
  for (auto& items : byClass) {
    if (items.empty()) continue;
    order.shuffle(items);
    const auto keep =
        std::clamp<std::size_t>(std::size_t(std::llround(fraction * double(items.size()))), 1, items.size());
    subset.insert(subset.end(), items.begin(), items.begin() + std::ptrdiff_t(keep));
  }
  std::sort(subset.begin(), subset.end());
  return subset;
}

std::vector<std::vector<long long>> confusionMatrix(const std::vector<int>& truth, const std::vector<int>& predicted,
                                                    int classes) {
  if (truth.size() != predicted.size())
    throw usageError("confusion matrix: " + std::to_string(truth.size()) + " true labels but " +
                     std::to_string(predicted.size()) + " predictions");
  if (classes < 1) throw usageError("confusion matrix: needs at least one class");
  std::vector<std::vector<long long>> counts(std::size_t(classes), std::vector<long long>(std::size_t(classes), 0));
  for (std::size_t i = 0; i < truth.size(); ++i) {
    for (const int label : {truth[i], predicted[i]})
      if (label < 0 || label >= classes)
        throw usageError("confusion matrix: label " + std::to_string(label) + " of item " + std::to_string(i) +
                         " is outside the " + std::to_string(classes) + " classes");
    ++counts[std::size_t(truth[i])][std::size_t(predicted[i])];
  }
  return counts;
}

std::vector<double> perClassAccuracy(const std::vector<std::vector<long long>>& confusion) {
  std::vector<double> recall(confusion.size(), kNaN);
  for (std::size_t c = 0; c < confusion.size(); ++c) {
    const long long total = std::accumulate(confusion[c].begin(), confusion[c].end(), 0LL);
    if (total > 0 && c < confusion[c].size()) recall[c] = double(confusion[c][c]) / double(total);
  }
  return recall;
}

double knnAccuracy(const EncodedSet& train, const EncodedSet& test, int k, const JobContext& job, int threads) {
  if (k < 1) throw usageError("k nearest neighbours: k must be at least 1, not " + std::to_string(k));
  if (test.count() == 0) return kNaN;
  if (train.count() == 0) throw usageError("k nearest neighbours: there are no training codes to vote");
  if (train.codeSize != test.codeSize || train.codeSize < 1)
    throw usageError("k nearest neighbours: training codes of " + std::to_string(train.codeSize) +
                     " values but test codes of " + std::to_string(test.codeSize));
  if (train.labels.size() != train.count() || test.labels.size() != test.count())
    throw usageError("k nearest neighbours: the codes need one label per item");
  if (train.count() > std::numeric_limits<std::uint32_t>::max())
    throw usageError("k nearest neighbours: at most 4,294,967,295 training codes");
  const std::size_t n = train.count(), m = test.count(), d = std::size_t(train.codeSize);
  const std::size_t kk = std::min(std::size_t(k), n);
  std::int64_t maxLabel = 0;
  for (const auto label : train.labels) {
    if (label < 0) throw usageError("k nearest neighbours: negative label " + std::to_string(label));
    maxLabel = std::max(maxLabel, label);
  }
  // Dimension-major training codes: the inner loop runs over contiguous floats.
  std::vector<float> columns(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) columns[c * n + i] = train.codes[i * d + c];

  constexpr std::size_t kBlock = 32, kChunk = 2048;
  const long long blocks = (long long)((m + kBlock - 1) / kBlock);
  std::atomic<long long> finished{0};
  long long correct = 0;
  const int threadCount = std::max(1, std::min(openMpThreads(threads), int(blocks)));
#pragma omp parallel num_threads(threadCount) reduction(+ : correct)
  {
    std::vector<float> distances(kBlock * kChunk);
    std::vector<float> bestDistance(kBlock * kk);
    std::vector<std::uint32_t> bestItem(kBlock * kk);
    std::vector<int> votes(std::size_t(maxLabel) + 1, 0);
#ifdef _OPENMP
    const bool reporter = omp_get_thread_num() == 0;
#else
    const bool reporter = true;
#endif
#pragma omp for schedule(dynamic, 1)
    for (long long block = 0; block < blocks; ++block) {
      if (job.isCancelled()) continue;  // an OpenMP loop cannot be left early: skip the rest
      const std::size_t first = std::size_t(block) * kBlock, last = std::min(m, first + kBlock);
      std::fill(bestDistance.begin(), bestDistance.end(), std::numeric_limits<float>::infinity());
      std::fill(bestItem.begin(), bestItem.end(), std::uint32_t(0));
      for (std::size_t start = 0; start < n; start += kChunk) {
        const std::size_t width = std::min(kChunk, n - start);
        for (std::size_t q = first; q < last; ++q) {
          float* row = distances.data() + (q - first) * kChunk;
          std::fill(row, row + width, 0.0f);
          const float* query = test.code(q);
          for (std::size_t c = 0; c < d; ++c) {
            const float a = query[c];
            const float* column = columns.data() + c * n + start;
            for (std::size_t j = 0; j < width; ++j) {
              const float diff = column[j] - a;
              row[j] += diff * diff;
            }
          }
          float* best = bestDistance.data() + (q - first) * kk;
          std::uint32_t* items = bestItem.data() + (q - first) * kk;
          for (std::size_t j = 0; j < width; ++j) {
            const float distance = row[j];
            if (!(distance < best[kk - 1])) continue;  // ties keep the lower index, seen first
            std::size_t at = kk - 1;
            for (; at > 0 && best[at - 1] > distance; --at) {
              best[at] = best[at - 1];
              items[at] = items[at - 1];
            }
            best[at] = distance;
            items[at] = std::uint32_t(start + j);
          }
        }
      }
      for (std::size_t q = first; q < last; ++q) {
        const std::uint32_t* items = bestItem.data() + (q - first) * kk;
        int most = 0;
        for (std::size_t i = 0; i < kk; ++i) most = std::max(most, ++votes[std::size_t(train.labels[items[i]])]);
        // Of the labels with the most votes, the one of the nearest neighbour.
        std::int64_t winner = train.labels[items[0]];
        for (std::size_t i = 0; i < kk; ++i)
          if (votes[std::size_t(train.labels[items[i]])] == most) {
            winner = train.labels[items[i]];
            break;
          }
        for (std::size_t i = 0; i < kk; ++i) votes[std::size_t(train.labels[items[i]])] = 0;
        if (winner == test.labels[q]) ++correct;
      }
      const long long done = ++finished;
      if (reporter) job.report(double(done) / double(blocks), "k nearest neighbours");
    }
  }
  job.throwIfCancelled();
  job.report(1.0, "k nearest neighbours");
  return double(correct) / double(m);
}

}  // namespace latentlab
