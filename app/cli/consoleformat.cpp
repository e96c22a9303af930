#include "consoleformat.h"

#include "modelsummary.h"

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace latentlab::cli {

std::string formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long total = std::lround(seconds);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof(text), "%ldh%02ldm", total / 3600, (total / 60) % 60);
  else if (total >= 60)
    std::snprintf(text, sizeof(text), "%ldm%02lds", total / 60, total % 60);
  else
    std::snprintf(text, sizeof(text), "%lds", total);
  return text;
}

std::string formatFixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

std::string formatCount(double value) {
  return withThousands(std::llround(value));
}

void addQuality(nlohmann::json& object, const ImageQuality& quality, const std::string& prefix) {
  object[prefix + "mse"] = quality.mse;
  object[prefix + "bce"] = quality.bce;
  object[prefix + "psnr"] = quality.psnr;
  object[prefix + "snr_db"] = quality.snrDb;
  object[prefix + "ssim"] = quality.ssim;
}

bool stderrIsTerminal() {
  return isatty(fileno(stderr)) != 0;
}

JobContext terminalProgress(bool live) {
  if (!live) return {};
  return JobContext(
      [](double fraction, const std::string& stage) {
        std::cerr << "\r  " << (stage.empty() ? std::string("working") : stage) << " "
                  << formatFixed(100.0 * fraction, 0) << "%      " << std::flush;
      },
      {});
}

void clearTerminalProgress(bool live) {
  if (live) std::cerr << "\r" << std::string(40, ' ') << "\r" << std::flush;
}

}  // namespace latentlab::cli
