#include "train/modelfit.h"

#include "common/error.h"
#include "presets.h"

namespace latentlab {

namespace {
std::string presetsFor(const ImageShape& images) {
  std::string names;
  for (const auto& name : presetNames()) {
    const ModelSpec preset = presetSpec(name);
    const bool same = preset.input.channels == images.channels && preset.input.height == images.height &&
                      preset.input.width == images.width && preset.effectiveOutputChannels() == images.channels;
    if (same || isColorizationPair(preset, images)) names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}
}  // namespace

bool isColorizationPair(const ModelSpec& spec, const ImageShape& images) {
  return spec.isColorization() && images.channels == 3 && spec.input.height == images.height &&
         spec.input.width == images.width;
}

void checkModelFitsDataset(const ModelSpec& spec, const Dataset& dataset) {
  const auto& images = dataset.shape;
  const bool sameInput =
      spec.input.channels == images.channels && spec.input.height == images.height && spec.input.width == images.width;
  if ((sameInput && spec.effectiveOutputChannels() == images.channels) || isColorizationPair(spec, images)) return;
  std::string message = "the model " + (spec.name.empty() ? std::string("spec") : spec.name) + " expects " +
                        spec.input.toString() + " images" + (spec.isColorization() ? " (gray in, RGB out)" : "") +
                        " but the dataset " + dataset.name + " holds " + images.toString() + " images";
  const std::string fitting = presetsFor(images);
  message += fitting.empty() ? "; change the spec's \"input\" to [" + std::to_string(images.channels) + ", " +
                                   std::to_string(images.height) + ", " + std::to_string(images.width) + "]"
                             : "; presets for " + images.toString() + ": " + fitting;
  throw usageError(message);
}

}  // namespace latentlab
