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

// --image-size: the square side image folders are resized to.
inline CLI::Validator imageSide() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!text.empty() && text.size() <= 4 && text.find_first_not_of("0123456789") == std::string::npos &&
            std::stoi(text) >= 4 && std::stoi(text) <= 1024)
          return {};
        return "must be a whole number of pixels between 4 and 1024, not '" + text + "'";
      },
      "PIXELS", "imageSide");
}

}  // namespace latentlab::cli
