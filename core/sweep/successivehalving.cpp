#include "sweep/successivehalving.h"

#include <algorithm>

namespace latentlab {

std::vector<HalvingRung> halvingSchedule(int runs, int rungEpochs, int maxEpochs) {
  std::vector<HalvingRung> schedule;
  if (runs <= 0 || maxEpochs <= 0) return schedule;
  if (rungEpochs <= 0 || rungEpochs >= maxEpochs || runs == 1) {
    schedule.push_back(HalvingRung{maxEpochs, runs});
    return schedule;
  }
  long long epochs = rungEpochs;
  int count = runs;
  while (true) {
    if (epochs >= maxEpochs) {
      schedule.push_back(HalvingRung{maxEpochs, count});
      break;
    }
    schedule.push_back(HalvingRung{int(epochs), count});
    count = halvingSurvivors(count);
    // A single survivor trains straight on to the full epochs.
    epochs = count == 1 ? maxEpochs : std::min<long long>(epochs * 2, maxEpochs);
  }
  return schedule;
}

int halvingSurvivors(int runs) {
  return runs <= 1 ? std::max(runs, 0) : runs / 2;
}

long long scheduleEpochs(const std::vector<HalvingRung>& schedule) {
  long long total = 0;
  int previous = 0;
  for (const auto& rung : schedule) {
    total += (long long)rung.runs * (rung.epochs - previous);
    previous = rung.epochs;
  }
  return total;
}

}  // namespace latentlab
