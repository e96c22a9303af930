#include "train/modelfit.h"

#include "common/error.h"
#include "presets.h"

namespace latentlab {

namespace {
bool fits(const ModelSpec& spec, const ImageShape& images) {
  const bool sameInput =
      spec.input.channels == images.channels && spec.input.height == images.height && spec.input.width == images.width;
  return (sameInput && spec.effectiveOutputChannels() == images.channels) || isColorizationPair(spec, images);
}

}  // namespace

std::vector<std::string> presetsFitting(const ImageShape& images) {
  std::vector<std::string> names;
  for (const auto& name : presetNames())
    if (fits(presetSpec(name), images)) names.push_back(name);
  return names;
}

bool isColorizationPair(const ModelSpec& spec, const ImageShape& images) {
  return spec.isColorization() && images.channels == 3 && spec.input.height == images.height &&
         spec.input.width == images.width;
}

std::optional<std::string> whyModelDoesNotFit(const ModelSpec& spec, const ImageShape& images,
                                              const std::string& datasetName) {
  if (fits(spec, images)) return std::nullopt;
  std::string message = "the model " + (spec.name.empty() ? std::string("spec") : spec.name) + " expects " +
                        spec.input.toString() + " images" + (spec.isColorization() ? " (gray in, RGB out)" : "") +
                        " but the dataset " + (datasetName.empty() ? std::string() : datasetName + " ") + "holds " +
                        images.toString() + " images";
  std::string fitting;
  for (const auto& name : presetsFitting(images)) fitting += (fitting.empty() ? "" : ", ") + name;
  message += fitting.empty() ? "; change the spec's \"input\" to [" + std::to_string(images.channels) + ", " +
                                   std::to_string(images.height) + ", " + std::to_string(images.width) + "]"
                             : "; presets for " + images.toString() + ": " + fitting;
  return message;
}

void checkModelFitsDataset(const ModelSpec& spec, const Dataset& dataset) {
  if (const auto reason = whyModelDoesNotFit(spec, dataset)) throw usageError(*reason);
}

}  // namespace latentlab
