#pragma once

#include "data/dataset.h"

#include <cstdint>

namespace latentlab {

// Colored MNIST as in seed 004: each digit is painted in a random color whose hue
// depends on its class (class k centred on hue 36k degrees, jittered), on black.
// The colors come from `seed`, so the derived set is the same on every machine.
Dataset makeColoredMnist(const Dataset& mnist, std::uint64_t seed = 4020);

}  // namespace latentlab
