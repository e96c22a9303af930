#pragma once

#include "modelspec.h"

#include <CLI/CLI.hpp>
#include <string>

namespace latentlab::cli {

// The model options shared by summary and train: --preset or --spec, plus --latent.
struct SpecSource {
  std::string preset;
  std::string specFile;
  int latent = -1;

  void addOptions(CLI::App& command);
  bool given() const { return !preset.empty() || !specFile.empty(); }
  // Throws a usage Error for an unknown preset; ModelSpecError for a bad spec file.
  ModelSpec load() const;
};

}  // namespace latentlab::cli
