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
  // How messages name the model's "training" defaults: the spec file, or the preset.
  std::string trainingSettingsSource() const {
    return !specFile.empty() ? specFile + " (its \"training\" settings)" : "the training settings of preset " + preset;
  }
  // Throws a usage Error for an unknown preset; ModelSpecError for a bad spec file.
  ModelSpec load() const;
};

}  // namespace latentlab::cli
