#include "commands.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "modelsummary.h"
#include "presets.h"
#include "specsource.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace latentlab::cli {

void SpecSource::addOptions(CLI::App& command) {
  auto* presetOption = command.add_option("--preset", preset, "A model preset (see `latentlab-cli presets`)");
  auto* specOption = command.add_option("--spec", specFile, "A model spec JSON file");
  presetOption->excludes(specOption);
  command.add_option("--latent", latent, "Override the latent size");
}

ModelSpec SpecSource::load() const {
  ModelSpec spec;
  if (!preset.empty()) {
    if (!isPreset(preset)) presetJson(preset);  // throws with the list of names
    spec = presetSpec(preset);
  } else if (!specFile.empty()) {
    spec = parseModelSpec(readTextFile(specFile), specFile);
    if (spec.name.empty()) spec.name = std::filesystem::path(specFile).stem().string();
  } else {
    throw usageError("give a model with --preset NAME or --spec FILE");
  }
  if (latent >= 0) {
    if (latent == 0 && spec.isVariational()) throw usageError("--latent 0 is not possible for a VAE");
    if (latent == 0 && spec.isGan()) throw usageError("--latent 0 is not possible for a GAN: z needs a size");
    spec.latent = latent;
  }
  try {
    planModel(spec);  // reports impossible shapes now, naming the layer
  } catch (const ModelSpecError& error) {
    if (specFile.empty()) throw;
    throw ModelSpecError(specFile + ": " + error.what(), error.section(), error.layer());
  }
  return spec;
}

void addSummaryCommand(CLI::App& app) {
  struct Options {
    SpecSource source;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("summary", "Print a model's layers, output shapes and parameter counts");
  options->source.addOptions(*command);
  command->add_flag("--json", options->json, "Print JSON (total_params, layers)");
  command->callback([options] {
    if (!options->source.given()) throw usageError("summary needs --preset NAME or --spec FILE");
    const ModelSpec spec = options->source.load();
    const ModelSummary summary = summarizeModel(spec);
    if (!options->json) {
      std::cout << spec.name << " (" << kindName(spec.kind) << ")\n" << formatSummaryTable(summary);
      return;
    }
    nlohmann::json root{{"name", spec.name},
                        {"kind", kindName(spec.kind)},
                        {"input", summary.inputShape},
                        {"code", summary.codeShape},
                        {"total_params", summary.totalParameters}};
    if (summary.gan) {
      root["generator_params"] = summary.generatorParameters;
      root["discriminator_params"] = summary.discriminatorParameters;
    }
    root["layers"] = nlohmann::json::array();
    for (const auto& row : summary.rows)
      root["layers"].push_back({{"section", row.section},
                                {"layer", row.layer},
                                {"output_shape", row.outputShape},
                                {"params", row.parameters}});
    std::cout << root.dump(2) << "\n";
  });
}

}  // namespace latentlab::cli
