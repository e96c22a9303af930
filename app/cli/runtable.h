#pragma once

// How runs print in the CLI: a JSON object per run (the library's column keys, numbers
// as numbers, unknown as null) and an aligned text table. Shared by runs, compare, sweep.

#include "run/runcolumns.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace latentlab::cli {

nlohmann::json runToJson(const RunSummary& run);
// One row per run, the given columns, padded to line up.
std::string formatRunTable(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& header);

}  // namespace latentlab::cli
