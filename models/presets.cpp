#include "presets.h"

#include "embeddedpresets.h"

#include <algorithm>

namespace latentlab {

std::vector<std::string> presetNames() {
  std::vector<std::string> names;
  for (const auto& preset : embeddedPresets()) names.push_back(preset.name);
  std::sort(names.begin(), names.end());
  return names;
}

bool isPreset(const std::string& name) {
  const auto& presets = embeddedPresets();
  return std::any_of(presets.begin(), presets.end(), [&](const EmbeddedPreset& p) { return p.name == name; });
}

const std::string& presetJson(const std::string& name) {
  for (const auto& preset : embeddedPresets())
    if (preset.name == name) return preset.json;
  std::string known;
  for (const auto& other : presetNames()) known += (known.empty() ? "" : ", ") + other;
  throw ModelSpecError("unknown preset '" + name + "'; the presets are: " + known);
}

ModelSpec presetSpec(const std::string& name) {
  ModelSpec spec = parseModelSpec(presetJson(name), "preset " + name);
  if (spec.name.empty()) spec.name = name;
  return spec;
}

}  // namespace latentlab
