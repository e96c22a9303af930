#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

// The per-user data folder: $XDG_DATA_HOME/latentlab or ~/.local/share/latentlab.
std::filesystem::path userDataDir();

// Where runs are written by default: <userDataDir>/runs.
std::filesystem::path defaultRunsDir();

// Folders searched for named datasets, in order: `override` (from --data-dir),
// $LATENTLAB_DATA, <userDataDir>/datasets, /usr/share/datasets.
std::vector<std::filesystem::path> datasetSearchDirs(const std::string& overrideDir = {});

}  // namespace latentlab
