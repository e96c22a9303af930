#pragma once

// A GAN run's quality figures as training measured them each epoch (metrics.csv): the
// domain FID per epoch and the last epoch's class histogram, with the classes it (almost)
// never generates. `latentlab-cli eval` on a GAN run prints these. Torch-free.

#include "gan/classhistogram.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct GanRunEvaluation {
  std::string model;
  std::string dataset;
  int epochs = 0;
  double fid = 0.0;                 // of the last epoch (NaN when it was not measured)
  std::vector<double> fidPerEpoch;  // epoch 1, 2, …
  int bestEpoch = 0;                // lowest FID (best.pt)
  ClassHistogram histogram;         // the last epoch's generated samples per class
  std::vector<int> neverGenerated;  // classes under 1 % of them
};

// True when the run folder holds a GAN (its spec.json says "kind": "gan").
bool isGanRun(const std::filesystem::path& runDir);

// An input Error naming the folder when it holds no GAN run or no finished epoch.
GanRunEvaluation evaluateGanRun(const std::filesystem::path& runDir);

}  // namespace latentlab
