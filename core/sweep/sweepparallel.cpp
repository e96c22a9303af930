#include "sweep/sweepparallel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace latentlab {

namespace {

bool parseNumber(const std::string& text, double* value) {
  if (text.empty()) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*value);
}

std::string settingOf(const SweepRun& run, const std::string& key) {
  for (const auto& [name, value] : run.settings)
    if (name == key) return value;
  return {};
}

}  // namespace

ParallelData sweepParallelData(const SweepPlan& plan, const std::vector<double>& metric, const std::string& metricTitle,
                               int best) {
  ParallelData data;
  for (const auto& axis : plan.axes) {
    ParallelAxisData plotAxis;
    plotAxis.title = axis.key;
    bool numeric = true;
    double low = INFINITY, high = -INFINITY;
    for (const auto& value : axis.values) {
      double number = 0;
      numeric = numeric && parseNumber(value, &number);
      low = std::min(low, number);
      high = std::max(high, number);
    }
    if (!numeric) {
      plotAxis.categories = axis.values;
    } else {
      plotAxis.logScale = low > 0 && high / low >= 10;
      plotAxis.fixedRange = true;
      plotAxis.min = low;
      plotAxis.max = high;
      for (const auto& value : axis.values) {
        double number = 0;
        parseNumber(value, &number);
        plotAxis.ticks.push_back(number);
      }
    }
    data.axes.push_back(plotAxis);
  }
  ParallelAxisData metricAxis;
  metricAxis.title = metricTitle;
  double metricLow = INFINITY, metricHigh = -INFINITY;
  for (std::size_t i = 0; i < plan.runs.size() && i < metric.size(); ++i) {
    if (!std::isfinite(metric[i])) continue;
    metricLow = std::min(metricLow, metric[i]);
    metricHigh = std::max(metricHigh, metric[i]);
    ParallelLineData line;
    line.name = plan.runs[i].name;
    line.run = int(i);
    for (std::size_t a = 0; a < plan.axes.size(); ++a) {
      const std::string text = settingOf(plan.runs[i], plan.axes[a].key);
      double number = NAN;
      const auto& categories = data.axes[a].categories;
      if (categories.empty()) {
        parseNumber(text, &number);
      } else {
        const auto found = std::find(categories.begin(), categories.end(), text);
        if (found != categories.end()) number = double(found - categories.begin());
      }
      line.values.push_back(number);
    }
    line.values.push_back(metric[i]);
    if (int(i) == best) data.bestLine = int(data.lines.size());
    data.lines.push_back(std::move(line));
  }
  metricAxis.logScale = metricLow > 0 && metricHigh / metricLow >= 10;
  if (std::isfinite(metricLow)) {
    metricAxis.min = metricLow;
    metricAxis.max = metricHigh;
  }
  data.axes.push_back(metricAxis);
  return data;
}

}  // namespace latentlab
