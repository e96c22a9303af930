#pragma once

// A grid search's axes and their expansion into runs. An axis is one training or
// model setting with a list of values; the grid is every combination, the first axis
// varying slowest. Keys are the CLI's option names: lr, weight-decay, latent, loss,
// batch, corruption, beta, dropout, optimizer, momentum, seed.

#include "modelspec.h"
#include "train/trainconfig.h"

#include <string>
#include <utility>
#include <vector>

namespace latentlab {

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;  // canonical text, e.g. "0.001", "mse"
};

using SweepSettings = std::vector<std::pair<std::string, std::string>>;  // key, value (axis order)

// A grid this large is only started after the user confirms (the CLI's --yes).
constexpr long long kSweepRunsNeedingConfirmation = 1000;
// expandGrid refuses grids larger than this.
constexpr long long kMaxSweepRuns = 100000;

// The keys an axis can have, with a short description each.
const std::vector<std::pair<std::string, std::string>>& sweepKeys();

// "lr=0.001,0.02" (a list), "lr=1e-4:1e-2:3:log" (3 values spaced evenly on a log scale),
// "batch=32:128:3" (evenly spaced, rounded for whole-number keys). Range values are rounded to
// 4 significant digits (whole numbers for whole-number keys) and repeats dropped. Usage Error naming the
// key for an unknown key, a value of the wrong type or an empty list.
SweepAxis parseSweepAxis(const std::string& text);
// Checks every value of the axis against its key (usage Error naming key and value);
// normalises the texts.
SweepAxis checkedSweepAxis(const SweepAxis& axis);

// How many runs the grid has (1 for no axes); saturates instead of overflowing.
long long gridSize(const std::vector<SweepAxis>& axes);
// Every combination; usage Error when an axis repeats a key or the grid is empty.
std::vector<SweepSettings> expandGrid(const std::vector<SweepAxis>& axes);

// Sets one value on the spec or config (usage Error naming the key when it does not fit).
void applySweepSetting(ModelSpec& spec, TrainConfig& config, const std::string& key, const std::string& value);
// A folder name for a run: "003-lr0.02-weight-decay0.0001-latent2" for index 2 (0-based; names
// count from 001). Characters other than letters, digits and .-+_ become _.
std::string sweepRunName(int index, const SweepSettings& settings);

}  // namespace latentlab
