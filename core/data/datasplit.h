#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct SplitOptions {
  double validationFraction = 0.1;  // of the training part
  double testFraction = 0.1;        // of everything; used only when the set has no official test part
  bool useOfficialTest = true;      // false pools all items (seed 001's 50k/5k/5k of CIFAR-10)
  std::uint64_t seed = 1;
};

// Indices into a dataset, disjoint, each sorted ascending for cache-friendly reads.
struct DatasetSplit {
  std::vector<std::size_t> train;
  std::vector<std::size_t> validation;
  std::vector<std::size_t> test;
};

// Throws a usage Error naming the setting when the fractions leave no training data.
// Why the fractions cannot split a dataset, or nothing when they can.
std::optional<std::string> whySplitOptionsAreInvalid(const SplitOptions& options);
// Throws whySplitOptionsAreInvalid's reason as a usage Error.
void validateSplitOptions(const SplitOptions& options);

// A seeded split: the same dataset, options and seed give the same indices anywhere.
DatasetSplit makeSplit(const Dataset& dataset, const SplitOptions& options);

// The part named `name` (test, val/validation, train or all) of makeSplit's split;
// throws a usage Error naming --split for any other name.
std::vector<std::size_t> splitIndices(const Dataset& dataset, const SplitOptions& options, const std::string& name);

// Up to `count` items of `pool` spread over the classes: the first item of each
// class in label order, then the second of each, and so on. Deterministic, so
// the reconstruction film shows the same varied samples every epoch.
std::vector<std::size_t> pickAcrossClasses(const Dataset& dataset, const std::vector<std::size_t>& pool,
                                           std::size_t count);

}  // namespace latentlab
