#pragma once

// The runs library's columns, in one place for the GUI's table, `latentlab-cli runs`
// and the comparison table: a key (also the JSON and CSV name), a label, and the value
// of a run as text and, where it is a number, as a number.

#include "run/runsummary.h"

#include <string>
#include <vector>

namespace latentlab {

enum class RunColumnGroup { Identity, Setting, Result };

struct RunColumn {
  std::string key;    // "lr", "best_val_loss", …
  std::string label;  // "Learning rate", "Best val loss", …
  RunColumnGroup group;
  bool numeric;
  std::string tooltip;
};

const std::vector<RunColumn>& runColumns();
const RunColumn* findRunColumn(const std::string& key);

struct RunValue {
  std::string text;  // empty when unknown
  double number;     // NaN when unknown or not a number
};
RunValue runValue(const RunSummary& run, const std::string& key);

}  // namespace latentlab
