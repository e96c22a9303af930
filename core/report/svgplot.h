#pragma once

// Small SVG charts for the lab report, drawn for print: 680 px wide (A4 text width at
// 96 dpi), sans-serif text of at least 11 px, axis titles with units, and legends
// outside the plot area so they never hide data. Torch-free and Qt-free.

#include "sweep/sweepparallel.h"

#include <string>
#include <vector>

namespace latentlab {

inline constexpr int kSvgWidth = 680;

struct LineSeries {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;  // non-finite values leave a gap
};

struct LineChart {
  std::string title;
  std::string xTitle;  // with the unit: "Epoch", "PSNR (dB)"
  std::string yTitle;
  std::vector<LineSeries> series;
  bool logY = false;      // non-positive values are left out
  bool integerX = false;  // ticks on whole numbers only (epochs)
  int height = 360;
};

// One chart, or several stacked into one SVG (panels share nothing but the width).
std::string lineChartSvg(const LineChart& chart);
std::string lineChartsSvg(const std::vector<LineChart>& panels);

struct ScatterChart {
  std::string title;
  std::string xTitle;
  std::string yTitle;
  std::vector<float> positions;  // count x 2
  std::vector<int> classes;      // count; the legend's class of each point
  std::vector<std::string> classNames;
};
std::string scatterSvg(const ScatterChart& chart);

struct BarChart {
  std::string title;
  std::string yTitle;
  std::vector<std::string> labels;  // one per bar, under it
  std::vector<double> values;
  std::vector<bool> warn;  // bars drawn in the warning colour (e.g. classes a GAN never makes)
  int height = 300;
};
std::string barChartSvg(const BarChart& chart);

struct ConfusionChart {
  std::string title;
  std::vector<std::string> classNames;
  std::vector<std::vector<long long>> counts;  // [true][predicted]
};
// Counts in the cells; the colour is the share of the true class (row-normalised).
std::string confusionSvg(const ConfusionChart& chart);

// Parallel coordinates of a sweep (see sweep/sweepparallel.h): one axis per setting and
// the metric last, a line per run coloured by the metric (dark is low), the best run on
// top in thick red.
std::string parallelCoordinatesSvg(const ParallelData& data, const std::string& title);

// Ticks at 1, 2 or 5 times a power of ten covering [low, high], about `target` of them.
std::vector<double> niceTicks(double low, double high, int target = 6);
std::string formatTick(double value, double step);

// The colour of series or class `index` (a print-safe palette, repeated).
std::string chartColor(int index);
std::string xmlEscape(const std::string& text);

}  // namespace latentlab
