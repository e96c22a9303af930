#include "bench/benchmarks.h"
#include "commands.h"
#include "consoleformat.h"
#include "device/computedevice.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace latentlab::cli {

void addBenchCommand(CLI::App& app) {
  struct Options {
    BenchOptions bench;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("bench", "Measure training, encoding and decoding speed");
  command->add_flag("--json", options->json, "Print JSON");
  command->add_option("--preset", options->bench.preset, "Model preset")->capture_default_str();
  command->add_option("--dataset", options->bench.dataset, "Dataset name")->capture_default_str();
  command->add_option("--batch", options->bench.batchSize, "Batch size")->capture_default_str();
  command->add_option("--steps", options->bench.trainSteps, "Timed training steps")->capture_default_str();
  command->add_option("--threads", options->bench.threads, "Training threads (0 = all cores but one)");
  command->add_option("--device", options->bench.device, "auto, cpu or cuda")->capture_default_str();
  command->add_option("--data-dir", options->bench.dataDir, "Look here first for named datasets");
  command->add_flag("--full", options->bench.full, "Also time t-SNE of 70,000 codes (under a minute)");
  command->add_flag("!--no-tsne", options->bench.tsne, "Skip the t-SNE of 10,000 codes");
  command->add_flag("!--no-runs", options->bench.runsScan, "Skip the runs library scan of 1,000 run folders");
  command->add_option("--tsne-codes", options->bench.tsneCodes,
                      "Map these codes (CSV from `embed --out`) instead of synthetic ones");
  command->add_option("--tsne-layouts", options->bench.tsneLayouts,
                      "Write the t-SNE maps to PREFIX-10k.f32 / PREFIX-70k.f32 (sklearn_tsne_peer.py --ours)");
  command->add_option("--tsne-export", options->bench.tsneExport,
                      "Write the synthetic codes (CSV) for tools/bench/sklearn_tsne_peer.py");
  command->callback([options] {
    const bool json = options->json;
    const BenchResult result = runBenchmarks(options->bench, [json](const std::string& line) {
      if (!json) std::cerr << line << "...\n";
    });
    if (json) {
      nlohmann::json root{{"preset", result.preset},
                          {"dataset", result.dataset},
                          {"device", result.device},
                          {"threads", result.threads},
                          {"encode_threads", result.encodeThreads},
                          {"batch", result.batchSize},
                          {"total_params", result.parameters},
                          {"libtorch", libtorchVersion()},
                          {"train_images_per_s", result.trainImagesPerSecond},
                          {"encode_images_per_s", result.encodeImagesPerSecond},
                          {"decode_ms_p50", result.decodeMsP50},
                          {"decode_ms_p99", result.decodeMsP99},
                          {"pca_70k_seconds", result.pca70kSeconds}};
      auto measured = [](double value) { return value < 0.0 ? nlohmann::json() : nlohmann::json(value); };
      root["tsne_codes"] = result.tsneCodes.empty() ? nlohmann::json() : nlohmann::json(result.tsneCodes);
      root["tsne_10k_seconds"] = measured(result.tsne10kSeconds);
      root["tsne_10k_trustworthiness"] = measured(result.tsne10kTrustworthiness);
      root["tsne_70k_seconds"] = measured(result.tsne70kSeconds);
      root["tsne_70k_trustworthiness"] = measured(result.tsne70kTrustworthiness);
      root["runs_scan_folders"] = result.runsScanFolders;
      root["runs_first_scan_seconds"] = measured(result.runsFirstScanSeconds);
      root["runs_rescan_seconds"] = measured(result.runsRescanSeconds);
      root["runs_cached_start_seconds"] = measured(result.runsCachedStartSeconds);
      std::cout << root.dump(2) << "\n";
      return;
    }
    std::cout << result.preset << " on " << result.dataset << ", " << describeDevice(result.device) << ", batch "
              << result.batchSize << "\n"
              << "  training   " << formatCount(result.trainImagesPerSecond) << " images/s\n"
              << "  encoding   " << formatCount(result.encodeImagesPerSecond) << " images/s\n"
              << "  decode     p50 " << formatFixed(result.decodeMsP50, 3) << " ms, p99 "
              << formatFixed(result.decodeMsP99, 3) << " ms\n"
              << "  PCA 70k    " << formatFixed(result.pca70kSeconds, 3) << " s\n";
    if (result.tsne10kSeconds >= 0.0)
      std::cout << "  t-SNE 10k  " << formatFixed(result.tsne10kSeconds, 2) << " s, trustworthiness@10 "
                << formatFixed(result.tsne10kTrustworthiness, 4) << " (" << result.tsneCodes << " codes)\n";
    if (result.tsne70kSeconds >= 0.0)
      std::cout << "  t-SNE 70k  " << formatFixed(result.tsne70kSeconds, 2) << " s, trustworthiness@10 "
                << formatFixed(result.tsne70kTrustworthiness, 4) << " (" << result.tsneCodes << " codes)\n";
    if (result.runsFirstScanSeconds >= 0.0)
      std::cout << "  runs scan  " << result.runsScanFolders << " folders: first "
                << formatFixed(result.runsFirstScanSeconds, 3) << " s, rescan "
                << formatFixed(result.runsRescanSeconds, 3) << " s, start with cache "
                << formatFixed(result.runsCachedStartSeconds, 3) << " s\n";
  });
}

}  // namespace latentlab::cli
