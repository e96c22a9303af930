#include "commands.h"
#include "layerplan.h"
#include "modelsummary.h"
#include "presets.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace latentlab::cli {

void addPresetsCommand(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  auto* command = app.add_subcommand("presets", "List the model presets (each reproduces a lab report)");
  command->add_flag("--json", *json, "Print JSON");
  command->callback([json] {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& name : presetNames()) {
      const ModelSpec spec = presetSpec(name);
      const LayerPlan plan = planModel(spec);
      if (*json) {
        list.push_back({{"name", name},
                        {"description", spec.description},
                        {"seed", spec.seed},
                        {"kind", kindName(spec.kind)},
                        {"input", {spec.input.channels, spec.input.height, spec.input.width}},
                        {"code_size", plan.codeSize()},
                        {"total_params", plan.totalParameters()}});
        continue;
      }
      std::cout << name << std::string(name.size() < 32 ? 32 - name.size() : 1, ' ') << kindName(spec.kind) << "  "
                << spec.input.toString() << " -> code " << plan.codeShape.toString() << ", "
                << withThousands(plan.totalParameters()) << " params"
                << (spec.seed.empty() ? std::string() : " (seed " + spec.seed + ")") << "\n    " << spec.description
                << "\n";
    }
    if (*json) std::cout << list.dump(2) << "\n";
  });
}

}  // namespace latentlab::cli
