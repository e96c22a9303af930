#pragma once

#include "train/trainingevents.h"

#include <string>
#include <vector>

namespace latentlab {

// Reads the rows of a run's metrics.csv (`source` names the file in messages). Strict,
// because the file may be hand-edited: every field must be a whole number (the epoch,
// 1..kMaxMetricsEpoch) or a number (empty = not measured), and epochs must rise with no
// repeats. Anything else is an input Error naming the file and the line; a repeated epoch
// is refused rather than guessed at, since nothing tells which of its rows is right.
std::vector<EpochStats> parseMetricsCsv(const std::string& text, const std::string& source);

// As many epochs as a run may have (validateTrainConfig's limit).
constexpr int kMaxMetricsEpoch = 100000;

}  // namespace latentlab
