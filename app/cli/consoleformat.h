#pragma once

#include "jobs/jobcontext.h"
#include "metrics/imagequality.h"

#include <nlohmann/json.hpp>
#include <string>

namespace latentlab::cli {

std::string formatDuration(double seconds);  // "1m05s", "2h03m", "12s"
std::string formatFixed(double value, int decimals);
std::string formatCount(double value);  // 12,345

// Quality figures as JSON, with `prefix` before each key ("noisy_" -> "noisy_mse").
void addQuality(nlohmann::json& object, const ImageQuality& quality, const std::string& prefix = "");

// True when stderr is a terminal (so a live progress line can be redrawn in place).
bool stderrIsTerminal();

// A job context that redraws "  <stage> 42%" on stderr when `live`, and prints nothing
// otherwise; clearTerminalProgress() wipes the line afterwards.
JobContext terminalProgress(bool live);
void clearTerminalProgress(bool live);

}  // namespace latentlab::cli
