#include "data/datasplit.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace latentlab {

namespace {
std::vector<std::size_t> range(std::size_t begin, std::size_t end) {
  std::vector<std::size_t> indices(end - begin);
  std::iota(indices.begin(), indices.end(), begin);
  return indices;
}

// Fisher-Yates with our own draw so the order does not depend on the standard library.
void seededShuffle(std::vector<std::size_t>& indices, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  for (std::size_t i = indices.size(); i > 1; --i) std::swap(indices[i - 1], indices[random() % i]);
}

std::size_t portion(std::size_t total, double fraction) {
  if (fraction <= 0.0 || total == 0) return 0;
  return std::max<std::size_t>(1, std::size_t(std::llround(double(total) * fraction)));
}

void sortAll(DatasetSplit& split) {
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.validation.begin(), split.validation.end());
  std::sort(split.test.begin(), split.test.end());
}
}  // namespace

std::optional<std::string> whySplitOptionsAreInvalid(const SplitOptions& options) {
  if (!(options.validationFraction >= 0.0 && options.validationFraction < 0.9))
    return "the validation fraction ({val-fraction}) must be in [0, 0.9), not " +
           std::to_string(options.validationFraction);
  if (!(options.testFraction >= 0.0 && options.testFraction < 0.9))
    return "the test fraction ({test-fraction}) must be in [0, 0.9), not " + std::to_string(options.testFraction);
  if (options.validationFraction + options.testFraction >= 0.95)
    return std::string(
        "the validation and test fractions together leave no training data; lower {val-fraction} or "
        "{test-fraction}");
  return std::nullopt;
}

void validateSplitOptions(const SplitOptions& options) {
  if (const auto reason = whySplitOptionsAreInvalid(options)) throw usageError(*reason);
}

DatasetSplit makeSplit(const Dataset& dataset, const SplitOptions& options) {
  validateSplitOptions(options);
  DatasetSplit split;
  std::vector<std::size_t> pool;
  if (options.useOfficialTest && dataset.hasOfficialTestPart()) {
    pool = range(0, dataset.officialTrainCount);
    split.test = range(dataset.officialTrainCount, dataset.size());
    seededShuffle(pool, options.seed);
  } else {
    pool = range(0, dataset.size());
    seededShuffle(pool, options.seed);
    const std::size_t testCount = std::min(portion(pool.size(), options.testFraction), pool.size() - 1);
    split.test.assign(pool.end() - std::ptrdiff_t(testCount), pool.end());
    pool.resize(pool.size() - testCount);
  }
  std::size_t validationCount = portion(pool.size(), options.validationFraction);
  if (validationCount >= pool.size()) validationCount = pool.size() > 1 ? pool.size() - 1 : 0;
  split.validation.assign(pool.end() - std::ptrdiff_t(validationCount), pool.end());
  pool.resize(pool.size() - validationCount);
  split.train = std::move(pool);
  if (split.train.empty())
    throw usageError("the dataset " + dataset.name + " is too small to split; it has " +
                     std::to_string(dataset.size()) + " items");
  sortAll(split);
  return split;
}

std::vector<std::size_t> splitIndices(const Dataset& dataset, const SplitOptions& options, const std::string& name) {
  if (name == "all") return range(0, dataset.size());
  if (name != "test" && name != "val" && name != "validation" && name != "train")
    throw usageError("the split ({split}) must be test, val, train or all, not '" + name + "'");
  DatasetSplit split = makeSplit(dataset, options);
  if (name == "test") return std::move(split.test);
  if (name == "train") return std::move(split.train);
  return std::move(split.validation);
}

std::vector<std::size_t> pickAcrossClasses(const Dataset& dataset, const std::vector<std::size_t>& pool,
                                           std::size_t count) {
  std::map<std::int64_t, std::vector<std::size_t>> byClass;
  for (std::size_t index : pool) byClass[dataset.labels[index]].push_back(index);
  std::vector<std::size_t> picked;
  for (std::size_t round = 0; picked.size() < count && picked.size() < pool.size(); ++round)
    for (const auto& [label, items] : byClass)
      if (round < items.size() && picked.size() < count) picked.push_back(items[round]);
  return picked;
}

}  // namespace latentlab
