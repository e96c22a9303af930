#include "corrupt/corruption.h"

#include "common/error.h"

#include <cstdlib>
#include <sstream>

namespace latentlab {

namespace {
const char* const kHelp =
    "use gaussian:SIGMA (0..2), saltpepper:P (0..1), occlude:SIZE (pixels), gray, joined with '+', "
    "e.g. gaussian:0.3+occlude:8";

std::vector<std::string> splitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

double parseAmount(const std::string& text, const std::string& whole) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    throw usageError("corruption '" + whole + "': '" + text + "' is not a number; " + kHelp);
  return value;
}
}  // namespace

std::string corruptionKindName(CorruptionKind kind) {
  switch (kind) {
    case CorruptionKind::Gaussian:
      return "gaussian";
    case CorruptionKind::SaltPepper:
      return "saltpepper";
    case CorruptionKind::Occlude:
      return "occlude";
    case CorruptionKind::Gray:
      return "gray";
  }
  return "?";
}

bool Corruption::hasGray() const {
  for (const auto& step : steps)
    if (step.kind == CorruptionKind::Gray) return true;
  return false;
}

std::string Corruption::toString() const {
  if (steps.empty()) return "none";
  std::string text;
  for (const auto& step : steps) {
    if (!text.empty()) text += "+";
    text += corruptionKindName(step.kind);
    if (step.kind != CorruptionKind::Gray) {
      std::ostringstream amount;
      amount << step.amount;
      text += ":" + amount.str();
    }
  }
  return text;
}

Corruption Corruption::parse(const std::string& text) {
  Corruption corruption;
  if (text.empty() || text == "none") return corruption;
  for (const auto& part : splitOn(text, '+')) {
    const auto colon = part.find(':');
    const std::string name = part.substr(0, colon);
    const std::string amount = colon == std::string::npos ? std::string() : part.substr(colon + 1);
    CorruptionStep step;
    if (name == "gray" || name == "grey" || name == "grayscale") {
      step.kind = CorruptionKind::Gray;
    } else if (name == "gaussian" || name == "noise") {
      step.kind = CorruptionKind::Gaussian;
      step.amount = parseAmount(amount, text);
      // Negated tests so that "nan" is refused too.
      if (!(step.amount > 0 && step.amount <= 2))
        throw usageError("corruption '" + text + "': sigma must be in (0, 2]");
    } else if (name == "saltpepper" || name == "salt-pepper" || name == "sp") {
      step.kind = CorruptionKind::SaltPepper;
      step.amount = parseAmount(amount, text);
      if (!(step.amount > 0 && step.amount < 1)) throw usageError("corruption '" + text + "': P must be in (0, 1)");
    } else if (name == "occlude" || name == "occlusion" || name == "box") {
      step.kind = CorruptionKind::Occlude;
      step.amount = parseAmount(amount, text);
      if (step.amount < 1 || step.amount > 1024 || step.amount != int(step.amount))
        throw usageError("corruption '" + text + "': the box SIZE must be a whole number of pixels, at least 1");
    } else {
      throw usageError("unknown corruption '" + part + "' in '" + text + "'; " + kHelp);
    }
    corruption.steps.push_back(step);
  }
  return corruption;
}

}  // namespace latentlab
