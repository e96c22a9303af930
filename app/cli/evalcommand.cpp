#include "commands.h"
#include "common/error.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "evaluate/ganevaluation.h"
#include "evaluate/oodevaluation.h"
#include "evaluate/runevaluation.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

namespace latentlab::cli {

namespace {
void printQuality(const char* title, const ImageQuality& quality) {
  std::cout << title << "  mse " << formatFixed(quality.mse, 6) << "  psnr " << formatFixed(quality.psnr, 2)
            << " dB  snr " << formatFixed(quality.snrDb, 2) << " dB  ssim " << formatFixed(quality.ssim, 4) << "\n";
}

void reportQuality(const std::string& run, const RunEvaluation& result, bool json) {
  if (json) {
    nlohmann::json root{{"run", run},
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
}

// Non-finite numbers as null: JSON has no NaN.
nlohmann::json jsonNumber(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

void reportGan(const std::string& run, const GanRunEvaluation& result, bool json) {
  if (json) {
    nlohmann::json perEpoch = nlohmann::json::array();
    for (const double fid : result.fidPerEpoch) perEpoch.push_back(jsonNumber(fid));
    nlohmann::json never = nlohmann::json::array();
    for (const int index : result.neverGenerated) never.push_back(result.histogram.classNames[std::size_t(index)]);
    const nlohmann::json root{{"run", run},
                              {"model", result.model},
                              {"kind", "gan"},
                              {"dataset", result.dataset},
                              {"epochs", result.epochs},
                              {"fid", jsonNumber(result.fid)},
                              {"fid_per_epoch", perEpoch},
                              {"best_epoch", result.bestEpoch},
                              {"class_names", result.histogram.classNames},
                              {"class_histogram", result.histogram.counts},
                              {"never_generated", never}};
    std::cout << root.dump(2) << "\n";
    return;
  }
  std::cout << result.model << " on " << result.dataset << ", " << result.epochs << " epochs\n"
            << "domain FID (LatentLab's classifier features, not Inception) " << formatFixed(result.fid, 2)
            << " at the last epoch, lowest at epoch " << result.bestEpoch << "\nper epoch:";
  for (const double fid : result.fidPerEpoch) std::cout << " " << formatFixed(fid, 2);
  std::cout << "\nclass histogram of " << result.histogram.total() << " samples:";
  for (std::size_t i = 0; i < result.histogram.counts.size(); ++i)
    std::cout << "  " << result.histogram.classNames[i] << ":" << result.histogram.counts[i];
  std::cout << "\n";
  if (!result.neverGenerated.empty()) {
    std::cout << "never generated (under 1 %):";
    for (const int index : result.neverGenerated) std::cout << " " << result.histogram.classNames[std::size_t(index)];
    std::cout << "\n";
  }
}

void reportOod(const std::string& run, const std::string& split, const OodEvaluation& result, bool json) {
  if (json) {
    const nlohmann::json root{{"run", run},
                              {"dataset", result.dataset},
                              {"split", split},
                              {"ood", result.ood},
                              {"inlier_count", result.inlierCount},
                              {"ood_count", result.oodCount},
                              {"inlier_mean_error", result.inlierMeanError},
                              {"ood_mean_error", result.oodMeanError},
                              {"auc", result.auc}};
    std::cout << root.dump(2) << "\n";
    return;
  }
  std::cout << result.dataset << " (" << split << " split)  " << formatCount(double(result.inlierCount))
            << " images, mean error " << formatFixed(result.inlierMeanError, 6) << "\n"
            << result.ood << "  " << formatCount(double(result.oodCount)) << " images, mean error "
            << formatFixed(result.oodMeanError, 6) << "\n"
            << "ROC AUC (error as the anomaly score) " << formatFixed(result.auc, 4) << "\n";
}
}  // namespace

void addEvalCommand(CLI::App& app) {
  struct Options {
    std::string run;
    RunEvaluationOptions evaluation;
    std::string ood;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "eval",
      "Measure a run's reconstructions (MSE, PSNR, SNR, SSIM), or with --ood how well its reconstruction "
      "error tells its own test images from another dataset (ROC AUC)");
  command->add_option("--run", options->run, "Run folder written by train")->required();
  auto* dataset =
      command->add_option("--dataset", options->evaluation.dataset, "Evaluate on another dataset (name or path)");
  auto* corrupt = command->add_option("--corrupt", options->evaluation.corruption,
                                      "Corrupt the inputs (default: as in training; 'none' for clean)");
  command
      ->add_option("--ood", options->ood,
                   "Anomaly detection: score this dataset (name or path) against the run's own split")
      ->excludes(dataset)
      ->excludes(corrupt);
  command->add_option("--split", options->evaluation.split, "test, val, train or all")->capture_default_str();
  command->add_option("--limit", options->evaluation.limit, "Evaluate at most N images (of each set with --ood)")
      ->check(nonNegativeCount());
  command->add_option("--data-dir", options->evaluation.dataDir, "Look here first for named datasets");
  command
      ->add_option("--image-size", options->evaluation.imageSize,
                   "Image folders: resize images to N x N (default: as the run; with --ood the model's input size)")
      ->check(imageSide());
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    if (isGanRun(options->run)) {
      // A GAN has no reconstructions: its figures are the ones training measured per epoch.
      if (!options->ood.empty() || !options->evaluation.dataset.empty() || !options->evaluation.corruption.empty())
        throw usageError(options->run +
                         " is a GAN run: eval reports its domain FID and class histogram; --ood, "
                         "--dataset and --corrupt need an autoencoder run");
      reportGan(options->run, evaluateGanRun(options->run), options->json);
      return;
    }
    if (options->ood.empty()) {
      const RunEvaluation evaluation = evaluateRun(options->run, options->evaluation);
      printLoadWarnings(evaluation.warnings);
      reportQuality(options->run, evaluation, options->json);
      return;
    }
    OodEvaluationOptions ood;
    ood.ood = options->ood;
    ood.split = options->evaluation.split;
    ood.limit = options->evaluation.limit;
    ood.dataDir = options->evaluation.dataDir;
    ood.imageSize = options->evaluation.imageSize;
    const OodEvaluation evaluation = evaluateOod(options->run, ood);
    printLoadWarnings(evaluation.warnings);
    reportOod(options->run, ood.split, evaluation, options->json);
  });
}

}  // namespace latentlab::cli
