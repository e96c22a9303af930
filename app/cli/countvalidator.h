#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace latentlab::cli {

// For counts held in size_t options (--limit): CLI11 alone would wrap "-3" to a huge
// number, and its range check prints the double limit in full; this says it plainly.
inline CLI::Validator nonNegativeCount() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return {};
        return "must be a whole number, 0 or more (0 = all), not '" + text + "'";
      },
      "UINT", "nonNegativeCount");
}

}  // namespace latentlab::cli
