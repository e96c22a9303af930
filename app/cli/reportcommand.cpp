#include "commands.h"
#include "consoleformat.h"
#include "report/runreport.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

namespace latentlab::cli {

void addReportCommand(CLI::App& app) {
  struct Options {
    std::string run;
    std::string out;
    std::string dataDir;
    int points = 2000;
    bool noTsne = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "report",
      "Lab report of one run: a self-contained HTML file with the run's facts, hyperparameters, model summary, loss "
      "and quality curves, reconstruction film, latent maps, samples and probe results; every figure and table also "
      "as a file in <out stem>-figures/");
  command->add_option("--run", options->run, "Run folder written by train")->required();
  command->add_option("--out", options->out, "The report to write (FILE.html)")->required();
  command->add_option("--data-dir", options->dataDir, "Look here first for the run's dataset");
  command->add_option("--points", options->points, "Test images on the latent maps")
      ->capture_default_str()
      ->check(CLI::Range(10, 1000000));
  command->add_flag("--no-tsne", options->noTsne, "Leave out the t-SNE map (PCA only; faster)");
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    const auto start = std::chrono::steady_clock::now();
    RunReportRequest request;
    request.runDir = options->run;
    request.out = options->out;
    request.dataDir = options->dataDir;
    request.mapPoints = options->points;
    request.tsne = !options->noTsne;
    const bool live = !options->json && stderrIsTerminal();
    const RunReportResult result = writeRunReport(request, terminalProgress(live));
    clearTerminalProgress(live);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options->json) {
      nlohmann::json root;
      root["html"] = result.html.string();
      root["files"] = nlohmann::json::array();
      for (const auto& file : result.files) root["files"].push_back(file.string());
      root["sections"] = result.sections;
      root["missing"] = result.missing;
      root["seconds"] = seconds;
      std::cout << root.dump(2) << "\n";
      return;
    }
    std::cout << "wrote " << result.html.string() << "\n";
    for (const auto& file : result.files) std::cout << "  " << file.string() << "\n";
    for (const auto& missing : result.missing) std::cout << "left out: " << missing << "\n";
    std::cout << "took " << formatFixed(seconds, 1) << " s\n";
  });
}

}  // namespace latentlab::cli
