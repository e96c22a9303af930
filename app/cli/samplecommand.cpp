#include "commands.h"
#include "consoleformat.h"
#include "report/pngwriter.h"
#include "sample/codesampling.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace latentlab::cli {

void addSampleCommand(CLI::App& app) {
  struct Options {
    std::string run;
    std::string out;
    std::string dataDir;
    int count = 64;
    int columns = 8;
    std::uint64_t seed = 1;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "sample",
      "Generate new images with a run's decoder: codes from a VAE's prior, or from a Gaussian fitted to the test "
      "codes of a plain autoencoder, written as one PNG grid");
  command->add_option("--run", options->run, "Run folder written by train")->required();
  command->add_option("--out", options->out, "The PNG grid to write")->required();
  command->add_option("--n", options->count, "How many images")->capture_default_str()->check(CLI::Range(1, 4096));
  command->add_option("--columns", options->columns, "Images per row of the grid")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  command->add_option("--seed", options->seed, "Random seed of the codes")->capture_default_str();
  command->add_option("--data-dir", options->dataDir, "Look here first for the run's dataset (plain autoencoders)");
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    checkOutputFile(options->out, options->run);
    RunSampleRequest request;
    request.runDir = options->run;
    request.count = options->count;
    request.columns = options->columns;
    request.seed = options->seed;
    request.dataDir = options->dataDir;
    const bool live = !options->json && stderrIsTerminal();
    const RunSamples samples = sampleRun(request, terminalProgress(live));
    clearTerminalProgress(live);
    writePng(options->out, samples.grid);
    if (options->json) {
      nlohmann::json root;
      root["out"] = options->out;
      root["count"] = options->count;
      root["epoch"] = samples.epoch;
      root["prior"] = samples.prior;
      root["width"] = samples.grid.width;
      root["height"] = samples.grid.height;
      std::cout << root.dump(2) << "\n";
      return;
    }
    std::cout << "wrote " << options->out << ": " << options->count << " images of the epoch " << samples.epoch
              << " weights, " << samples.how << "\n";
  });
}

}  // namespace latentlab::cli
