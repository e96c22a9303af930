#include "run/runcomparison.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace latentlab {

namespace {
std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string markdownCell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

// Settings always kept even when equal: what a reader needs to know what the runs are.
bool alwaysShown(const RunColumn& column) {
  return column.key == "name" || column.key == "status";
}
}  // namespace

ComparisonTable compareRuns(const std::vector<RunSummary>& runs) {
  ComparisonTable table;
  for (const auto& column : runColumns()) {
    if (column.key == "date" || column.key == "tags" || column.key == "sweep") continue;
    std::vector<RunValue> values;
    for (const auto& run : runs) values.push_back(runValue(run, column.key));
    bool differs = false;
    for (const auto& value : values) differs = differs || value.text != values.front().text;
    const bool setting = column.group == RunColumnGroup::Setting;
    if (setting && !differs) {
      if (!values.empty() && !values.front().text.empty()) table.shared.emplace_back(column.label, values.front().text);
      continue;
    }
    if (column.group == RunColumnGroup::Identity && !alwaysShown(column)) continue;
    // A result no run has (the probe before it was measured) is left out.
    const bool anyKnown = std::any_of(values.begin(), values.end(), [](const RunValue& v) { return !v.text.empty(); });
    if (column.group == RunColumnGroup::Result && !anyKnown) continue;
    table.columns.push_back(column);
    table.differs.push_back(setting && differs);
  }
  table.rows.resize(runs.size());
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const auto& column : table.columns) table.rows[r].push_back(runValue(runs[r], column.key));
    if (std::isfinite(runs[r].bestValidationLoss) && runs[r].bestValidationLoss < best) {
      best = runs[r].bestValidationLoss;
      table.bestRow = int(r);
    }
  }
  return table;
}

std::string comparisonToCsv(const ComparisonTable& table) {
  std::ostringstream out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) out << (c ? "," : "") << table.columns[c].key;
  out << "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      // Numbers in full precision for a spreadsheet; text as shown.
      const auto& value = row[c];
      std::string cell = value.text;
      if (std::isfinite(value.number) && table.columns[c].key != "date" && table.columns[c].key != "train_seconds") {
        std::ostringstream number;
        number.precision(10);
        number << value.number;
        cell = number.str();
      }
      out << (c ? "," : "") << csvField(cell);
    }
    out << "\n";
  }
  return out.str();
}

std::string comparisonToMarkdown(const ComparisonTable& table) {
  std::ostringstream out;
  out << "|";
  for (const auto& column : table.columns) out << " " << markdownCell(column.label) << " |";
  out << "\n|";
  for (const auto& column : table.columns) out << (column.numeric ? " ---: |" : " --- |");
  out << "\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    out << "|";
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const std::string cell = markdownCell(table.rows[r][c].text);
      // The best run's name in bold, as a reader looks for it first.
      out << " " << (int(r) == table.bestRow && c == 0 ? "**" + cell + "**" : cell) << " |";
    }
    out << "\n";
  }
  if (!table.shared.empty()) {
    out << "\nShared: ";
    for (std::size_t i = 0; i < table.shared.size(); ++i)
      out << (i ? ", " : "") << markdownCell(table.shared[i].first) << " " << markdownCell(table.shared[i].second);
    out << "\n";
  }
  return out.str();
}

}  // namespace latentlab
