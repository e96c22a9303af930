#pragma once

// The parallel-coordinates view of a sweep, as numbers: one axis per grid setting
// (categorical for words, log-scaled where the values span a decade, on the sweep's
// range so runs stay put as more finish), the metric last, one line per run that has a
// value. The Sweeps page draws it with Qt, the sweep report as SVG.

#include "sweep/sweepplan.h"

#include <string>
#include <vector>

namespace latentlab {

struct ParallelAxisData {
  std::string title;
  std::vector<std::string> categories;  // non-empty: categorical (values are category indices)
  bool logScale = false;
  bool fixedRange = false;  // numeric: min..max are the sweep's values (else the lines' span)
  double min = 0.0;
  double max = 1.0;
  std::vector<double> ticks;  // numeric sweep axes: the grid's values, labelled on the axis
};

struct ParallelLineData {
  std::string name;            // the run
  int run = -1;                // its index in the plan
  std::vector<double> values;  // one per axis; NaN where unknown
};

struct ParallelData {
  std::vector<ParallelAxisData> axes;  // the settings, then the metric
  std::vector<ParallelLineData> lines;
  int bestLine = -1;  // index into lines
};

// `metric` holds one value per plan run (NaN: not yet, left out); `best` is a plan index or -1.
ParallelData sweepParallelData(const SweepPlan& plan, const std::vector<double>& metric, const std::string& metricTitle,
                               int best);

}  // namespace latentlab
