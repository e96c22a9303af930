#include "commands.h"
#include "data/datasetcatalog.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace latentlab::cli {

void addDatasetsCommand(CLI::App& app) {
  struct Options {
    bool json = false;
    std::string dataDir;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("datasets", "List the known datasets and where they were found");
  command->add_flag("--json", options->json, "Print JSON");
  command->add_option("--data-dir", options->dataDir, "Look here first for named datasets");
  command->callback([options] {
    const DatasetCatalog catalog(options->dataDir);
    const auto entries = catalog.entries();
    if (options->json) {
      nlohmann::json root;
      root["search_dirs"] = nlohmann::json::array();
      for (const auto& dir : catalog.searchDirs()) root["search_dirs"].push_back(dir.string());
      root["datasets"] = nlohmann::json::array();
      for (const auto& entry : entries) {
        nlohmann::json item{{"name", entry.name}, {"description", entry.description}, {"found", bool(entry.location)}};
        if (entry.location) {
          item["path"] = entry.location->path.string();
          item["format"] = formatName(entry.location->format);
        }
        root["datasets"].push_back(item);
      }
      std::cout << root.dump(2) << "\n";
      return;
    }
    for (const auto& entry : entries) {
      std::cout << (entry.location ? "  found    " : "  missing  ") << entry.name;
      std::cout << std::string(entry.name.size() < 15 ? 15 - entry.name.size() : 1, ' ') << entry.description << "\n";
      if (entry.location)
        std::cout << std::string(26, ' ') << entry.location->path.string() << " (" << formatName(entry.location->format)
                  << ")\n";
    }
    std::cout << "Searched:";
    for (const auto& dir : catalog.searchDirs()) std::cout << " " << dir.string();
    std::cout << "\nAny folder or file path also works: IDX files, CIFAR-10 batches, SVHN .mat, image folders.\n";
  });
}

}  // namespace latentlab::cli
