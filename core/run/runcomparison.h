#pragma once

// The comparison table of 2–8 runs: one row per run; the settings that differ are kept
// and marked, the equal ones folded away (listed once as "shared"), the results always
// shown. Rendered as CSV or Markdown for a lab notebook.

#include "run/runcolumns.h"

#include <string>
#include <vector>

namespace latentlab {

struct ComparisonTable {
  std::vector<RunColumn> columns;                           // name, the differing settings, then the results
  std::vector<bool> differs;                                // per column: the runs disagree (always false for results)
  std::vector<std::vector<RunValue>> rows;                  // per run, per column
  std::vector<std::pair<std::string, std::string>> shared;  // settings equal in every run: label, value
  int bestRow = -1;                                         // the lowest best validation loss
};

ComparisonTable compareRuns(const std::vector<RunSummary>& runs);
std::string comparisonToCsv(const ComparisonTable& table);
std::string comparisonToMarkdown(const ComparisonTable& table);

}  // namespace latentlab
