#include "sweep/builtinsweeps.h"

namespace latentlab {

const std::vector<BuiltinSweep>& builtinSweeps() {
  static const std::vector<BuiltinSweep> sweeps = {
      {"seed-002-grid",
       "Seed 002's grid: mnist-conv on MNIST, learning rate x weight decay x latent size (12 runs, 20 epochs)",
       "mnist-conv",
       "mnist",
       20,
       {{"lr", {"0.001", "0.02"}}, {"weight-decay", {"0.0001", "0.005"}}, {"latent", {"2", "10", "100"}}}},
  };
  return sweeps;
}

std::optional<BuiltinSweep> findBuiltinSweep(const std::string& name) {
  for (const auto& sweep : builtinSweeps())
    if (sweep.name == name) return sweep;
  return std::nullopt;
}

}  // namespace latentlab
