#include "report/svgplot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace latentlab {

namespace {

constexpr const char* kFont = "font-family=\"sans-serif\"";

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", value);
  return text;
}

std::string text(double x, double y, const std::string& content, int size, const std::string& anchor = "start",
                 const std::string& extra = {}) {
  return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" " + kFont + " font-size=\"" + std::to_string(size) +
         "\" text-anchor=\"" + anchor + "\"" + (extra.empty() ? "" : " " + extra) + ">" + xmlEscape(content) +
         "</text>\n";
}

// Text turned by `degrees` (counter-clockwise when negative) about its anchor point.
std::string rotatedText(double x, double y, const std::string& content, int size, const std::string& anchor,
                        double degrees = -90) {
  return "<g transform=\"translate(" + number(x) + " " + number(y) + ") rotate(" + number(degrees) + ")\">" +
         text(0, 0, content, size, anchor) + "</g>\n";
}

std::string svgOpen(int width, int height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
         "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

// A rough width of `content` in px at font size `size` (sans-serif averages about 0.6 em).
double textWidth(const std::string& content, int size) {
  return 0.6 * size * double(content.size());
}

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  bool valid() const { return low <= high; }
  void widen() {
    if (!valid()) {
      low = 0.0;
      high = 1.0;
    } else if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
      const double pad = std::abs(high) > 0 ? 0.05 * std::abs(high) : 0.5;
      low -= pad;
      high += pad;
    }
  }
};

std::string legend(double x, double y, const std::vector<std::string>& names, bool lines) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double row = y + 18.0 * double(i);
    const std::string color = chartColor(int(i));
    if (lines)
      out += "<line x1=\"" + number(x) + "\" y1=\"" + number(row - 4) + "\" x2=\"" + number(x + 22) + "\" y2=\"" +
             number(row - 4) + "\" stroke=\"" + color + "\" stroke-width=\"2\"" +
             (i % 2 == 1 ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
    else
      out += "<circle cx=\"" + number(x + 8) + "\" cy=\"" + number(row - 4) + "\" r=\"4\" fill=\"" + color + "\"/>\n";
    out += text(x + 28, row, names[i], 12);
  }
  return out;
}

std::string lineChartBody(const LineChart& chart, int top) {
  const double left = 74, right = kSvgWidth - 170, plotTop = top + 34, bottom = top + chart.height - 52;
  Range xs, ys;
  for (const auto& s : chart.series)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.y[i]) || (chart.logY && s.y[i] <= 0)) continue;
      xs.add(s.x[i]);
      ys.add(chart.logY ? std::log10(s.y[i]) : s.y[i]);
    }
  xs.widen();
  ys.widen();
  std::vector<double> xTicks = niceTicks(xs.low, xs.high, 8);
  if (chart.integerX) {
    xTicks.erase(
        std::remove_if(xTicks.begin(), xTicks.end(), [](double v) { return std::abs(v - std::round(v)) > 1e-9; }),
        xTicks.end());
  }
  std::vector<double> yTicks;  // in plot units (log10 when logY)
  std::vector<std::string> yLabels;
  if (chart.logY) {
    for (int e = int(std::floor(ys.low)); e <= int(std::ceil(ys.high)); ++e)
      for (const double m : {1.0, 2.0, 5.0}) {
        const double v = std::log10(m) + e;
        if (v >= ys.low - 1e-9 && v <= ys.high + 1e-9) {
          yTicks.push_back(v);
          char label[32];
          std::snprintf(label, sizeof(label), "%g", m * std::pow(10.0, e));
          yLabels.push_back(label);
        }
      }
    if (yTicks.size() < 2) {
      yTicks = {ys.low, ys.high};
      yLabels.clear();
      for (const double v : yTicks) {
        char label[32];
        std::snprintf(label, sizeof(label), "%.3g", std::pow(10.0, v));
        yLabels.push_back(label);
      }
    }
  } else {
    yTicks = niceTicks(ys.low, ys.high, 6);
    const double step = yTicks.size() > 1 ? yTicks[1] - yTicks[0] : 1.0;
    ys.low = std::min(ys.low, yTicks.front());
    ys.high = std::max(ys.high, yTicks.back());
    for (const double v : yTicks) yLabels.push_back(formatTick(v, step));
  }
  const auto px = [&](double x) { return left + (x - xs.low) / (xs.high - xs.low) * (right - left); };
  const auto py = [&](double y) { return bottom - (y - ys.low) / (ys.high - ys.low) * (bottom - plotTop); };

  std::string out;
  out += text(left, top + 20, chart.title, 14, "start", "font-weight=\"bold\"");
  const double xStep = xTicks.size() > 1 ? xTicks[1] - xTicks[0] : 1.0;
  for (const double v : xTicks) {
    if (v < xs.low - 1e-9 || v > xs.high + 1e-9) continue;
    out += "<line x1=\"" + number(px(v)) + "\" y1=\"" + number(bottom) + "\" x2=\"" + number(px(v)) + "\" y2=\"" +
           number(bottom + 5) + "\" stroke=\"black\"/>\n";
    out += text(px(v), bottom + 19, formatTick(v, xStep), 11, "middle");
  }
  for (std::size_t i = 0; i < yTicks.size(); ++i) {
    const double y = py(yTicks[i]);
    out += "<line x1=\"" + number(left) + "\" y1=\"" + number(y) + "\" x2=\"" + number(right) + "\" y2=\"" + number(y) +
           "\" stroke=\"#dddddd\"/>\n";
    out += "<line x1=\"" + number(left - 5) + "\" y1=\"" + number(y) + "\" x2=\"" + number(left) + "\" y2=\"" +
           number(y) + "\" stroke=\"black\"/>\n";
    out += text(left - 8, y + 4, yLabels[i], 11, "end");
  }
  out += "<rect x=\"" + number(left) + "\" y=\"" + number(plotTop) + "\" width=\"" + number(right - left) +
         "\" height=\"" + number(bottom - plotTop) + "\" fill=\"none\" stroke=\"black\"/>\n";
  out += text((left + right) / 2, bottom + 40, chart.xTitle, 12, "middle");
  const double yMid = (plotTop + bottom) / 2;
  out += rotatedText(18, yMid, chart.yTitle, 12, "middle");

  std::vector<std::string> names;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const auto& series = chart.series[s];
    names.push_back(series.name);
    const std::string color = chartColor(int(s));
    std::string path;
    std::string markers;
    bool pen = false;
    const std::size_t count = std::min(series.x.size(), series.y.size());
    for (std::size_t i = 0; i < count; ++i) {
      const double v = series.y[i];
      if (!std::isfinite(v) || !std::isfinite(series.x[i]) || (chart.logY && v <= 0)) {
        pen = false;
        continue;
      }
      const double x = px(series.x[i]), y = py(chart.logY ? std::log10(v) : v);
      path += (pen ? " L" : " M") + number(x) + " " + number(y);
      pen = true;
      if (count <= 60)
        markers += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y) + "\" r=\"2.5\" fill=\"" + color + "\"/>\n";
    }
    if (!path.empty())
      out += "<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"" +
             (s % 2 == 1 ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
    out += markers;
  }
  out += legend(right + 16, plotTop + 12, names, true);
  return out;
}

}  // namespace

std::string xmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string chartColor(int index) {
  static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return palette[std::size_t(std::max(index, 0)) % 10];
}

std::vector<double> niceTicks(double low, double high, int target) {
  if (!(high > low) || !std::isfinite(low) || !std::isfinite(high)) return {low};
  const double raw = (high - low) / std::max(target - 1, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> ticks;
  // From the last tick at or below `low` to the first at or above `high`.
  for (long long k = std::llround(std::floor(low / step + 1e-9)); ticks.size() < 50; ++k) {
    const double tick = double(k) * step;
    ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);
    if (tick >= high - step * 1e-9) break;
  }
  return ticks;
}

std::string formatTick(double value, double step) {
  const int decimals = step >= 1 ? 0 : std::min(8, int(std::ceil(-std::log10(step) - 1e-9)));
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

std::string lineChartSvg(const LineChart& chart) {
  return lineChartsSvg({chart});
}

std::string lineChartsSvg(const std::vector<LineChart>& panels) {
  int height = 0;
  for (const auto& panel : panels) height += panel.height;
  std::string out = svgOpen(kSvgWidth, height);
  int top = 0;
  for (const auto& panel : panels) {
    out += lineChartBody(panel, top);
    top += panel.height;
  }
  return out + "</svg>\n";
}

std::string scatterSvg(const ScatterChart& chart) {
  const int height = 560;
  const double left = 60, right = kSvgWidth - 170, top = 40, bottom = height - 50;
  std::string out = svgOpen(kSvgWidth, height);
  out += text(left, 22, chart.title, 14, "start", "font-weight=\"bold\"");
  Range xs, ys;
  const std::size_t count = chart.positions.size() / 2;
  for (std::size_t i = 0; i < count; ++i) {
    xs.add(chart.positions[2 * i]);
    ys.add(chart.positions[2 * i + 1]);
  }
  xs.widen();
  ys.widen();
  const double padX = 0.03 * (xs.high - xs.low), padY = 0.03 * (ys.high - ys.low);
  const auto px = [&](double x) { return left + (x - xs.low + padX) / (xs.high - xs.low + 2 * padX) * (right - left); };
  const auto py = [&](double y) {
    return bottom - (y - ys.low + padY) / (ys.high - ys.low + 2 * padY) * (bottom - top);
  };
  out += "<rect x=\"" + number(left) + "\" y=\"" + number(top) + "\" width=\"" + number(right - left) + "\" height=\"" +
         number(bottom - top) + "\" fill=\"none\" stroke=\"black\"/>\n";
  const double radius = count > 3000 ? 1.6 : 2.4;
  for (std::size_t i = 0; i < count; ++i) {
    const int cls = i < chart.classes.size() ? chart.classes[i] : 0;
    out += "<circle cx=\"" + number(px(chart.positions[2 * i])) + "\" cy=\"" + number(py(chart.positions[2 * i + 1])) +
           "\" r=\"" + number(radius) + "\" fill=\"" + chartColor(cls) + "\" fill-opacity=\"0.75\"/>\n";
  }
  out += text((left + right) / 2, bottom + 24, chart.xTitle, 12, "middle");
  const double yMid = (top + bottom) / 2;
  out += rotatedText(30, yMid, chart.yTitle, 12, "middle");
  std::vector<std::string> names = chart.classNames;
  if (names.size() > 20) names.resize(20);
  out += text(right + 16, top + 12, "Class", 12, "start", "font-weight=\"bold\"");
  out += legend(right + 16, top + 32, names, false);
  return out + "</svg>\n";
}

std::string barChartSvg(const BarChart& chart) {
  const double left = 70, right = kSvgWidth - 20, top = 40, bottom = chart.height - 40.0;
  std::string out = svgOpen(kSvgWidth, chart.height);
  out += text(10, 22, chart.title, 14, "start", "font-weight=\"bold\"");
  out += rotatedText(16, (top + bottom) / 2, chart.yTitle, 12, "middle");
  double high = 0;
  for (const double value : chart.values)
    if (std::isfinite(value)) high = std::max(high, value);
  const auto ticks = niceTicks(0, high > 0 ? high : 1, 5);
  const double topValue = ticks.empty() ? 1 : std::max(ticks.back(), high > 0 ? high : 1);
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  auto y = [&](double value) { return bottom - (bottom - top) * value / topValue; };
  for (const double tick : ticks) {
    out += "<line x1=\"" + number(left) + "\" y1=\"" + number(y(tick)) + "\" x2=\"" + number(right) + "\" y2=\"" +
           number(y(tick)) + "\" stroke=\"#e0e0e0\"/>\n";
    out += text(left - 6, y(tick) + 4, formatTick(tick, step), 11, "end");
  }
  const std::size_t n = chart.values.size();
  const double slot = n ? (right - left) / double(n) : 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double value = std::isfinite(chart.values[i]) ? chart.values[i] : 0;
    const double x = left + slot * double(i) + slot * 0.15;
    const bool warn = i < chart.warn.size() && chart.warn[i];
    out += "<rect x=\"" + number(x) + "\" y=\"" + number(y(value)) + "\" width=\"" + number(slot * 0.7) +
           "\" height=\"" + number(bottom - y(value)) + "\" fill=\"" + (warn ? "#d62728" : chartColor(0)) + "\"/>\n";
    if (i < chart.labels.size())
      out += text(left + slot * (double(i) + 0.5), bottom + 16, chart.labels[i], 11, "middle",
                  warn ? "fill=\"#d62728\"" : "");
  }
  out += "<line x1=\"" + number(left) + "\" y1=\"" + number(bottom) + "\" x2=\"" + number(right) + "\" y2=\"" +
         number(bottom) + "\" stroke=\"#333333\"/>\n";
  return out + "</svg>\n";
}

std::string confusionSvg(const ConfusionChart& chart) {
  const std::size_t n = chart.counts.size();
  double nameWidth = 0;
  for (const auto& name : chart.classNames) nameWidth = std::max(nameWidth, textWidth(name, 11));
  const double left = std::min(200.0, 40 + nameWidth + 10), top = 62;
  const double cell = n == 0 ? 40 : std::min(48.0, (kSvgWidth - left - 20) / double(n));
  const int height = int(top + cell * double(n) + 40 + std::min(120.0, nameWidth));
  std::string out = svgOpen(kSvgWidth, height);
  out += text(10, 22, chart.title, 14, "start", "font-weight=\"bold\"");
  out += text(left + cell * double(n) / 2, 48, "Predicted class (columns)", 12, "middle");
  const double yMid = top + cell * double(n) / 2;
  out += rotatedText(16, yMid, "True class (rows)", 12, "middle");
  const int countSize = cell >= 36 ? 11 : (cell >= 24 ? 9 : 0);
  for (std::size_t t = 0; t < n; ++t) {
    long long total = 0;
    for (const long long c : chart.counts[t]) total += c;
    const std::string name = t < chart.classNames.size() ? chart.classNames[t] : std::to_string(t);
    out += text(left - 6, top + cell * (double(t) + 0.5) + 4, name, 11, "end");
    for (std::size_t p = 0; p < chart.counts[t].size() && p < n; ++p) {
      const double share = total > 0 ? double(chart.counts[t][p]) / double(total) : 0.0;
      // White to dark blue.
      const int r = int(std::lround(255 - share * (255 - 8))), g = int(std::lround(255 - share * (255 - 48))),
                b = int(std::lround(255 - share * (255 - 107)));
      char fill[16];
      std::snprintf(fill, sizeof(fill), "#%02x%02x%02x", r, g, b);
      const double x = left + cell * double(p), y = top + cell * double(t);
      out += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" + number(cell) + "\" height=\"" +
             number(cell) + "\" fill=\"" + fill + "\" stroke=\"#bbbbbb\"/>\n";
      if (countSize > 0)
        out += text(x + cell / 2, y + cell / 2 + 4, std::to_string(chart.counts[t][p]), countSize, "middle",
                    share > 0.5 ? "fill=\"white\"" : "fill=\"black\"");
    }
  }
  for (std::size_t p = 0; p < n; ++p) {
    const std::string name = p < chart.classNames.size() ? chart.classNames[p] : std::to_string(p);
    const double x = left + cell * (double(p) + 0.5), y = top + cell * double(n) + 10;
    out += rotatedText(x + 4, y, name, 11, "end", -60);
  }
  return out + "</svg>\n";
}

std::string parallelCoordinatesSvg(const ParallelData& data, const std::string& title) {
  const int height = 380;
  const double left = 60, right = kSvgWidth - 60, top = 74, bottom = height - 44;
  const std::size_t axisCount = data.axes.size();
  std::string out = svgOpen(kSvgWidth, height);
  out += text(kSvgWidth / 2.0, 22, title, 15, "middle", "font-weight=\"bold\"");
  if (axisCount < 2) return out + "</svg>\n";
  const auto axisX = [&](std::size_t a) { return left + (right - left) * double(a) / double(axisCount - 1); };
  // Each axis's span: the sweep's values, else the lines'; categories evenly spaced.
  std::vector<Range> ranges(axisCount);
  for (std::size_t a = 0; a < axisCount; ++a) {
    const auto& axis = data.axes[a];
    Range& range = ranges[a];
    if (!axis.categories.empty()) {
      range.low = 0;
      range.high = std::max(1.0, double(axis.categories.size() - 1));
      continue;
    }
    if (axis.fixedRange) {
      range.add(axis.min);
      range.add(axis.max);
    } else {
      for (const auto& line : data.lines)
        if (a < line.values.size()) range.add(line.values[a]);
    }
    if (axis.logScale && range.valid() && range.low > 0) {
      range.low = std::log10(range.low);
      range.high = std::log10(range.high);
    }
    range.widen();
  }
  const auto unit = [&](std::size_t a, double value) {
    const auto& axis = data.axes[a];
    double v = value;
    if (axis.categories.empty() && axis.logScale) v = value > 0 ? std::log10(value) : ranges[a].low;
    if (!axis.categories.empty() && axis.categories.size() == 1) return 0.5;
    return (v - ranges[a].low) / (ranges[a].high - ranges[a].low);
  };
  const auto y = [&](double u) { return bottom - (bottom - top) * std::clamp(u, 0.0, 1.0); };
  // Lines first (the best last, on top), then the axes over them.
  const std::size_t metricAxis = axisCount - 1;
  const auto polyline = [&](const ParallelLineData& line, const std::string& color, double width) {
    std::string points;
    for (std::size_t a = 0; a < axisCount && a < line.values.size(); ++a)
      points +=
          number(axisX(a)) + "," + number(std::isfinite(line.values[a]) ? y(unit(a, line.values[a])) : bottom) + " ";
    return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + number(width) +
           "\" stroke-opacity=\"0.85\" points=\"" + points + "\"/>\n";
  };
  for (std::size_t i = 0; i < data.lines.size(); ++i) {
    if (int(i) == data.bestLine) continue;
    const double u = std::clamp(unit(metricAxis, data.lines[i].values.back()), 0.0, 1.0);
    // Dark blue for low (good) metric values, light for high.
    const int shade = int(40 + 170 * u);
    char color[16];
    std::snprintf(color, sizeof(color), "#%02x%02x%02x", shade / 3, shade / 2 + 20, std::min(255, shade + 60));
    out += polyline(data.lines[i], color, 1.6);
  }
  if (data.bestLine >= 0) out += polyline(data.lines[std::size_t(data.bestLine)], "#d62728", 3.2);
  for (std::size_t a = 0; a < axisCount; ++a) {
    const auto& axis = data.axes[a];
    const double x = axisX(a);
    out += "<line x1=\"" + number(x) + "\" y1=\"" + number(top) + "\" x2=\"" + number(x) + "\" y2=\"" + number(bottom) +
           "\" stroke=\"#333\" stroke-width=\"1.2\"/>\n";
    out += text(x, top - 14, axis.title + (axis.logScale ? " (log)" : ""), 12, "middle",
                a == metricAxis ? "font-weight=\"bold\"" : "");
    const auto tick = [&](double u, const std::string& label) {
      out += "<line x1=\"" + number(x - 4) + "\" y1=\"" + number(y(u)) + "\" x2=\"" + number(x) + "\" y2=\"" +
             number(y(u)) + "\" stroke=\"#333\"/>\n";
      out += text(x - 6, y(u) + 4, label, 11, "end");
    };
    if (!axis.categories.empty()) {
      for (std::size_t c = 0; c < axis.categories.size(); ++c) tick(unit(a, double(c)), axis.categories[c]);
    } else if (!axis.ticks.empty()) {
      for (const double v : axis.ticks) {
        char label[32];
        std::snprintf(label, sizeof(label), "%g", v);
        tick(unit(a, v), label);
      }
    } else if (axis.logScale) {
      int labelled = 0;
      for (int e = int(std::floor(ranges[a].low)); e <= int(std::ceil(ranges[a].high)); ++e) {
        const double u = (e - ranges[a].low) / (ranges[a].high - ranges[a].low);
        if (u < -1e-9 || u > 1 + 1e-9) continue;
        char label[32];
        std::snprintf(label, sizeof(label), "%g", std::pow(10.0, e));
        tick(u, label);
        ++labelled;
      }
      if (labelled == 0)  // within one decade: label the ends
        for (const double u : {0.0, 1.0}) {
          char label[32];
          std::snprintf(label, sizeof(label), "%.3g",
                        std::pow(10.0, ranges[a].low + u * (ranges[a].high - ranges[a].low)));
          tick(u, label);
        }
    } else {
      const auto ticks = niceTicks(ranges[a].low, ranges[a].high, 5);
      const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
      for (const double v : ticks) tick((v - ranges[a].low) / (ranges[a].high - ranges[a].low), formatTick(v, step));
    }
  }
  out += text(left, height - 10,
              "Each line is a run; dark = low " + data.axes[metricAxis].title + ", thick red = the best run", 11);
  return out + "</svg>\n";
}

}  // namespace latentlab
