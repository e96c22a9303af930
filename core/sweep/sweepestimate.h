#pragma once

// How long a sweep will take, from a short measurement: a few training steps of each
// distinct model of the grid on the real data, scaled to the epochs of the schedule.

#include "data/dataset.h"
#include "jobs/jobcontext.h"
#include "sweep/sweepplan.h"

namespace latentlab {

// What is left to train: the whole sweep for a new plan, the rest for a resumed one.
struct SweepEstimate {
  double seconds = 0.0;          // the whole sweep (what is left of it)
  double secondsPerEpoch = 0.0;  // the mean over the runs still to train
  long long epochs = 0;          // scheduled epochs still to train (after halving)
};

// Measures one warm-up and three timed training steps per distinct model / batch size of the
// runs still to train (reporting progress, JobCancelled when cancelled) and scales the
// images per second to the training and validation split of `dataset`.
SweepEstimate estimateSweep(const SweepPlan& plan, DatasetPtr dataset, const JobContext& job = {});

}  // namespace latentlab
