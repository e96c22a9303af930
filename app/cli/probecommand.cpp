#include "commands.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "latent/datasetencoding.h"
#include "probe/linearprobe.h"
#include "run/runfolder.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <numeric>

namespace latentlab::cli {

namespace {
std::string percent(double fraction) {
  return std::isfinite(fraction) ? formatFixed(100.0 * fraction, 2) + " %" : std::string("-");
}

std::string padLeft(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string padRight(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

void printReport(const std::string& run, const std::string& dataset, const ProbeResult& result, int epochs,
                 double seconds, const std::string& saved) {
  std::cout << "linear probe of " << run << " (epoch " << result.epoch << ", codes of " << result.codeSize
            << " values) on " << dataset << "\n"
            << "  trained on " << formatCount(double(result.trainItems)) << " labelled training items ("
            << formatFixed(100.0 * result.labelFraction, result.labelFraction < 0.1 ? 1 : 0) << " % of the labels), "
            << epochs << " epochs" << (result.fineTuned ? ", encoder fine-tuned" : "") << "\n"
            << "  test accuracy " << percent(result.accuracy) << " on " << formatCount(double(result.truth.size()))
            << " test items";
  if (result.fineTuned) std::cout << " (frozen encoder: " << percent(result.frozenAccuracy) << ")";
  std::cout << "\n  kNN accuracy (k = " << result.knnK << ", frozen codes) " << percent(result.knnAccuracy) << "\n\n";

  const std::size_t classes = result.classNames.size();
  // Rows are "index name" ("3 dress"), or the index alone when the names are the indices (digits).
  bool namedByIndex = true;
  std::size_t nameWidth = 0;
  for (std::size_t c = 0; c < classes; ++c) {
    namedByIndex = namedByIndex && result.classNames[c] == std::to_string(c);
    nameWidth = std::max(nameWidth, result.classNames[c].size());
  }
  const std::size_t indexWidth = std::to_string(classes).size();
  const std::size_t labelWidth = std::max<std::size_t>(5, namedByIndex ? indexWidth : indexWidth + 1 + nameWidth);
  const auto rowLabel = [&](std::size_t c) {
    return padRight(
        namedByIndex ? std::to_string(c) : padLeft(std::to_string(c), indexWidth) + " " + result.classNames[c],
        labelWidth);
  };
  std::cout << "per class (recall)\n  " << padRight("class", labelWidth) << "  accuracy  items\n";
  for (std::size_t c = 0; c < classes; ++c) {
    const long long items = std::accumulate(result.confusion[c].begin(), result.confusion[c].end(), 0LL);
    std::cout << "  " << rowLabel(c) << "  " << padLeft(percent(result.perClassAccuracy[c]), 8) << "  "
              << padLeft(formatCount(double(items)), 5) << "\n";
  }

  long long largest = 0;
  for (const auto& row : result.confusion)
    for (const long long count : row) largest = std::max(largest, count);
  const std::size_t cell = std::max(std::to_string(largest).size(), indexWidth) + 1;
  std::cout << "\nconfusion matrix (rows = true class, columns = predicted class)\n  " << std::string(labelWidth, ' ');
  for (std::size_t c = 0; c < classes; ++c) std::cout << padLeft(std::to_string(c), cell);
  std::cout << "\n";
  for (std::size_t t = 0; t < classes; ++t) {
    std::cout << "  " << rowLabel(t);
    for (std::size_t p = 0; p < classes; ++p) std::cout << padLeft(std::to_string(result.confusion[t][p]), cell);
    std::cout << "\n";
  }
  std::cout << "\n"
            << (saved.empty() ? std::string("not saved (--no-save)") : "wrote " + saved) << "; took "
            << formatFixed(seconds, 1) << " s\n";
}
}  // namespace

void addProbeCommand(CLI::App& app) {
  struct Options {
    std::string run;
    std::string dataset;
    std::string dataDir;
    int imageSize = 0;
    ProbeOptions probe;
    bool noSave = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "probe",
      "Linear probe: fit one linear layer on a run's frozen codes of its training split and report test accuracy, "
      "k-nearest-neighbour accuracy, accuracy per class and the confusion matrix; writes probe.json into the run");
  command->add_option("--run", options->run, "Run folder written by train")->required();
  command->add_option("--dataset", options->dataset,
                      "Probe on another labelled dataset (name or path; default: the run's)");
  command->add_option("--data-dir", options->dataDir, "Look here first for named datasets");
  command->add_option("--image-size", options->imageSize, "Image folders: resize images to N x N (default: as the run)")
      ->check(imageSide());
  command->add_option("--epochs", options->probe.epochs, "Passes over the labelled training codes (and of fine-tuning)")
      ->capture_default_str();
  command
      ->add_option("--label-fraction", options->probe.labelFraction,
                   "Share of the training labels to use, more than 0 and at most 1 (0.01 = 1 %, class-stratified)")
      ->capture_default_str();
  command->add_flag("--fine-tune", options->probe.fineTune,
                    "Also train the encoder with the probe on the labelled images (slower; the run's weights stay)");
  command->add_option("--lr", options->probe.learningRate, "Adam learning rate of the probe (encoder: a tenth)")
      ->capture_default_str();
  command->add_option("--batch", options->probe.batchSize, "Items per batch")->capture_default_str();
  command->add_option("--seed", options->probe.seed, "Seed of the minibatches and of the labelled subset")
      ->capture_default_str();
  command->add_option("--threads", options->probe.threads, "Threads (0 = all cores)")->check(nonNegativeCount());
  command->add_flag("--no-save", options->noSave, "Do not write probe.json into the run");
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    const auto start = std::chrono::steady_clock::now();
    validateProbeOptions(options->probe);  // before the minutes of loading and encoding
    RunItemsRequest request;
    request.dataset = options->dataset;
    request.split = "all";  // runProbe splits the items itself
    request.dataDir = options->dataDir;
    request.imageSize = options->imageSize;
    const RunItems items = loadRunItems(options->run, request);
    printLoadWarnings(items.warnings);
    const TrainConfig config = RunFolder(options->run).readConfig();
    ProbeInput input;
    input.snapshot = items.model;
    input.dataset = items.dataset;
    input.split = config.split;
    input.split.seed = config.seed;  // as the trainer split it
    input.runDir = options->run;

    const bool live = !options->json && stderrIsTerminal();
    const ProbeResult result = runProbe(input, options->probe, terminalProgress(live));
    clearTerminalProgress(live);
    std::string saved;
    if (!options->noSave) {
      writeProbeResult(options->run, result);
      saved = probeFile(options->run).string();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options->json) {
      nlohmann::json root = nlohmann::json::parse(probeResultToJson(result, /*withItems=*/false));
      root["run"] = options->run;
      root["dataset"] = items.datasetName;
      root["seconds"] = seconds;
      root["saved"] = saved.empty() ? nlohmann::json(nullptr) : nlohmann::json(saved);
      std::cout << root.dump(2) << "\n";
      return;
    }
    printReport(options->run, items.datasetName, result, options->probe.epochs, seconds, saved);
  });
}

}  // namespace latentlab::cli
