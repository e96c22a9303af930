#pragma once

#include "data/dataset.h"
#include "modelspec.h"

#include <optional>
#include <string>
#include <vector>

namespace latentlab {

// Whether a model can train on a dataset: its input must match the images, or be
// their 1-channel luminance for a colorization model (RGB targets).
bool isColorizationPair(const ModelSpec& spec, const ImageShape& images);

// Why a model cannot train on (or encode) images of this shape, or nothing when
// it can: names the model, the dataset, both shapes and the presets that would
// fit, e.g. "the model mnist-conv expects 1x28x28 images but the dataset cifar10
// holds 3x32x32 images; presets for 3x32x32: cifar-4911, …". An expected answer,
// not an error: callers that must stop throw it as a usage Error.
std::optional<std::string> whyModelDoesNotFit(const ModelSpec& spec, const ImageShape& images,
                                              const std::string& datasetName = {});
inline std::optional<std::string> whyModelDoesNotFit(const ModelSpec& spec, const Dataset& dataset) {
  return whyModelDoesNotFit(spec, dataset.shape, dataset.name);
}

// The presets that train on images of this shape, in preset order.
std::vector<std::string> presetsFitting(const ImageShape& images);

// Throws whyModelDoesNotFit's reason as a usage Error.
void checkModelFitsDataset(const ModelSpec& spec, const Dataset& dataset);

}  // namespace latentlab
