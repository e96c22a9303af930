#pragma once

#include <string>
#include <vector>

namespace latentlab {

enum class CorruptionKind {
  Gaussian,    // add N(0, sigma^2) noise, clamp to [0, 1]
  SaltPepper,  // each pixel becomes 0 or 1 with probability p
  Occlude,     // a random SIZE x SIZE box set to 0 (seed 000's inpainting boxes)
  Gray,        // luminance only: the colorization input
};

struct CorruptionStep {
  CorruptionKind kind = CorruptionKind::Gaussian;
  double amount = 0.0;  // sigma, probability or box size
};

// A chain of corruptions written like "gaussian:0.5+occlude:8"; "" or "none" is
// no corruption. Torch-free so the GUI can parse and show it cheaply.
struct Corruption {
  std::vector<CorruptionStep> steps;

  bool empty() const { return steps.empty(); }
  bool hasGray() const;
  std::string toString() const;

  // Throws a usage Error that quotes the bad part and lists the valid forms.
  static Corruption parse(const std::string& text);
};

std::string corruptionKindName(CorruptionKind kind);

}  // namespace latentlab
