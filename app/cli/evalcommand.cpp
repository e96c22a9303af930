#include "commands.h"
#include "consoleformat.h"
#include "evaluate/runevaluation.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace latentlab::cli {

namespace {
void printQuality(const char* title, const ImageQuality& quality) {
  std::cout << title << "  mse " << formatFixed(quality.mse, 6) << "  psnr " << formatFixed(quality.psnr, 2)
            << " dB  snr " << formatFixed(quality.snrDb, 2) << " dB  ssim " << formatFixed(quality.ssim, 4) << "\n";
}
}  // namespace

void addEvalCommand(CLI::App& app) {
  struct Options {
    std::string run;
    RunEvaluationOptions evaluation;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("eval", "Measure a run's reconstructions (MSE, PSNR, SNR, SSIM)");
  command->add_option("--run", options->run, "Run folder written by train")->required();
  command->add_option("--dataset", options->evaluation.dataset, "Evaluate on another dataset (name or path)");
  command->add_option("--corrupt", options->evaluation.corruption,
                      "Corrupt the inputs (default: as in training; 'none' for clean)");
  command->add_option("--split", options->evaluation.split, "test, val, train or all")->capture_default_str();
  command->add_option("--limit", options->evaluation.limit, "Evaluate at most N images");
  command->add_option("--data-dir", options->evaluation.dataDir, "Look here first for named datasets");
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    const RunEvaluation result = evaluateRun(options->run, options->evaluation);
    if (options->json) {
      nlohmann::json root{{"run", options->run},
                          {"dataset", result.dataset},
                          {"split", result.split},
                          {"count", result.count},
                          {"corruption", result.corruption}};
      addQuality(root, result.output);
      if (result.hasCorruption) addQuality(root, result.corrupted, "noisy_");
      std::cout << root.dump(2) << "\n";
      return;
    }
    std::cout << result.dataset << ", " << result.split << " split, " << formatCount(double(result.count))
              << " images, corruption " << result.corruption << "\n";
    printQuality("output ", result.output);
    if (result.hasCorruption) printQuality("input  ", result.corrupted);
  });
}

}  // namespace latentlab::cli
