#include "gan/classhistogram.h"

#include "common/error.h"

#include <numeric>

namespace latentlab {

std::int64_t ClassHistogram::total() const {
  return std::accumulate(counts.begin(), counts.end(), std::int64_t(0));
}

std::vector<double> ClassHistogram::shares() const {
  const std::int64_t all = total();
  std::vector<double> out(counts.size(), 0.0);
  if (all == 0) return out;
  for (std::size_t k = 0; k < counts.size(); ++k) out[k] = double(counts[k]) / double(all);
  return out;
}

ClassHistogram classHistogram(const std::vector<int>& predictions, std::vector<std::string> classNames) {
  ClassHistogram histogram;
  histogram.counts.assign(classNames.size(), 0);
  histogram.classNames = std::move(classNames);
  const int classes = int(histogram.counts.size());
  for (const int predicted : predictions) {
    if (predicted < 0 || predicted >= classes)
      throw usageError("class histogram: prediction " + std::to_string(predicted) + " is outside the " +
                       std::to_string(classes) + " classes; pass the class names of the classifier's dataset");
    ++histogram.counts[std::size_t(predicted)];
  }
  return histogram;
}

std::vector<int> classesNeverGenerated(const ClassHistogram& histogram, double minimumShare) {
  if (!(minimumShare >= 0.0 && minimumShare <= 1.0))
    throw usageError("class histogram: the never-generated share must be in [0, 1], not " +
                     std::to_string(minimumShare));
  std::vector<int> missing;
  const std::int64_t all = histogram.total();
  if (all == 0) return missing;
  for (std::size_t k = 0; k < histogram.counts.size(); ++k)
    if (double(histogram.counts[k]) < minimumShare * double(all)) missing.push_back(int(k));
  return missing;
}

}  // namespace latentlab
