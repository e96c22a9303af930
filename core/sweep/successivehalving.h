#pragma once

// Successive halving (as in Hyperband): every run trains `rungEpochs`, the better half
// (by best validation loss) goes on to twice the epochs, and so on until the full
// epochs; the rest are pruned. The schedule is known up front, so a user sees how many
// epochs it saves before starting.

#include <vector>

namespace latentlab {

struct HalvingRung {
  int epochs = 0;  // every survivor of this rung has trained this many epochs after it
  int runs = 0;    // how many runs train in this rung
};

// Rungs at rungEpochs, 2·rungEpochs, 4·rungEpochs, … capped at maxEpochs (the last rung).
// One rung of every run when rungEpochs <= 0 or >= maxEpochs (or there is one run); once a
// single run survives it trains straight on to maxEpochs. Empty for no runs.
// 12 runs, rungEpochs 2, maxEpochs 20: {2, 12}, {4, 6}, {8, 3}, {20, 1}: 60 epochs, not 240.
std::vector<HalvingRung> halvingSchedule(int runs, int rungEpochs, int maxEpochs);
// How many runs of `runs` go on to the next rung (the better half rounded down, at least one).
int halvingSurvivors(int runs);
long long scheduleEpochs(const std::vector<HalvingRung>& schedule);  // epochs trained in all

}  // namespace latentlab
