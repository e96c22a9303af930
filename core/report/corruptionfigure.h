#pragma once

// The figure of what a denoising, inpainting or colorization run learned to undo:
// test images corrupted exactly as in training, the model's outputs, and the clean
// images, with the quality of both against the clean ones. Torch-free.

#include "evaluate/snapshotevaluation.h"
#include "report/pngwriter.h"

namespace latentlab {

struct CorruptionFigure {
  std::string task;            // "Denoising", "Inpainting" or "Colorization"
  RasterImage grid;            // rows: corrupted input, output, clean
  SnapshotEvaluation quality;  // over every evaluated item
};

// `shown` items go in the grid, `evaluated` into the quality figures. Throws a usage
// Error for an empty corruption.
CorruptionFigure corruptionFigure(const ModelSnapshot& model, const Dataset& dataset,
                                  const std::vector<std::size_t>& shown, const std::vector<std::size_t>& evaluated,
                                  const Corruption& corruption, std::uint64_t seed, const JobContext& job = {});

// The task a corruption trains for: occlusion is inpainting, gray is colorization, the rest denoising.
std::string corruptionTask(const Corruption& corruption);

}  // namespace latentlab
