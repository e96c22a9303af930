#pragma once

#include <string>
#include <vector>

namespace latentlab {

struct EmbeddedPreset {
  std::string name;
  std::string json;
};

// Generated at configure time from models/presets/*.json (see models/CMakeLists.txt).
const std::vector<EmbeddedPreset>& embeddedPresets();

}  // namespace latentlab
