#include "sweep/successivehalving.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

std::vector<std::pair<int, int>> rungs(const std::vector<HalvingRung>& schedule) {
  std::vector<std::pair<int, int>> pairs;
  for (const auto& rung : schedule) pairs.emplace_back(rung.epochs, rung.runs);
  return pairs;
}

using Rungs = std::vector<std::pair<int, int>>;

TEST(SweepHalving, TwelveRunsEveryTwoEpochsOfTwenty) {
  const auto schedule = halvingSchedule(12, 2, 20);
  // 12 runs train 2 epochs, the best 6 go on to 4, the best 3 to 8, the best one to 20.
  EXPECT_EQ(rungs(schedule), (Rungs{{2, 12}, {4, 6}, {8, 3}, {20, 1}}));
  EXPECT_EQ(scheduleEpochs(schedule), 12 * 2 + 6 * 2 + 3 * 4 + 1 * 12);
  EXPECT_EQ(scheduleEpochs(schedule), 60);
  EXPECT_EQ(scheduleEpochs(halvingSchedule(12, 0, 20)), 240);
}

TEST(SweepHalving, LastRungIsCappedAtTheFullEpochs) {
  EXPECT_EQ(rungs(halvingSchedule(8, 3, 10)), (Rungs{{3, 8}, {6, 4}, {10, 2}}));
  EXPECT_EQ(scheduleEpochs(halvingSchedule(8, 3, 10)), 24 + 12 + 8);
  EXPECT_EQ(rungs(halvingSchedule(4, 1, 4)), (Rungs{{1, 4}, {2, 2}, {4, 1}}));
  EXPECT_EQ(scheduleEpochs(halvingSchedule(4, 1, 4)), 8);
}

TEST(SweepHalving, NoHalvingIsOneRungOfEveryRun) {
  EXPECT_EQ(rungs(halvingSchedule(12, 0, 20)), (Rungs{{20, 12}}));
  EXPECT_EQ(rungs(halvingSchedule(12, -3, 20)), (Rungs{{20, 12}}));
  EXPECT_EQ(rungs(halvingSchedule(12, 20, 20)), (Rungs{{20, 12}}));
  EXPECT_EQ(rungs(halvingSchedule(12, 25, 20)), (Rungs{{20, 12}}));
  EXPECT_EQ(rungs(halvingSchedule(1, 2, 20)), (Rungs{{20, 1}}));
  EXPECT_TRUE(halvingSchedule(0, 2, 20).empty());
  EXPECT_EQ(scheduleEpochs({}), 0);
}

TEST(SweepHalving, SurvivorsAreTheBetterHalfAtLeastOne) {
  EXPECT_EQ(halvingSurvivors(0), 0);
  EXPECT_EQ(halvingSurvivors(1), 1);
  EXPECT_EQ(halvingSurvivors(2), 1);
  EXPECT_EQ(halvingSurvivors(3), 1);
  EXPECT_EQ(halvingSurvivors(7), 3);
  EXPECT_EQ(halvingSurvivors(12), 6);
}

}  // namespace
}  // namespace latentlab
