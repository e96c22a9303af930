#pragma once

// How often a GAN makes each class: generated images counted by the domain classifier's
// prediction. A class the generator (almost) never makes is mode collapse, seed 002's
// "some digits never come out". Torch-free.

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct ClassHistogram {
  std::vector<std::string> classNames;  // one per bar
  std::vector<std::int64_t> counts;     // generated images predicted as each class

  std::int64_t total() const;
  // count / total for each class (0 everywhere when nothing was counted).
  std::vector<double> shares() const;
};

// Counts `predictions` (class indices in [0, classNames.size())); a usage error names an
// index outside the classes.
ClassHistogram classHistogram(const std::vector<int>& predictions, std::vector<std::string> classNames);

// The default share below which a class counts as never generated: 1 % of the samples.
constexpr double kNeverGeneratedShare = 0.01;

// Classes whose share of the samples is below `minimumShare` (mode collapse), in class
// order; none when the histogram is empty.
std::vector<int> classesNeverGenerated(const ClassHistogram& histogram, double minimumShare = kNeverGeneratedShare);

}  // namespace latentlab
