#pragma once

// Sweeps that reproduce a lab report in one click.

#include "sweep/sweepplan.h"

#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct BuiltinSweep {
  std::string name;         // "seed-002-grid"
  std::string description;  // one line for the dialog and `latentlab-cli sweep --list`
  std::string preset;
  std::string dataset;
  int epochs = 0;
  std::vector<SweepAxis> axes;
};

const std::vector<BuiltinSweep>& builtinSweeps();
std::optional<BuiltinSweep> findBuiltinSweep(const std::string& name);

}  // namespace latentlab
