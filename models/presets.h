#pragma once

#include "modelspec.h"

#include <string>
#include <vector>

namespace latentlab {

// The preset specs compiled into the program from models/presets/*.json.

std::vector<std::string> presetNames();  // sorted

// The preset's JSON text; throws ModelSpecError listing the names when unknown.
const std::string& presetJson(const std::string& name);

ModelSpec presetSpec(const std::string& name);

bool isPreset(const std::string& name);

}  // namespace latentlab
