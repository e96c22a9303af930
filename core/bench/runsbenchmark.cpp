#include "bench/runsbenchmark.h"

#include "presets.h"
#include "run/runfolder.h"
#include "run/runlibrary.h"
#include "run/runstatus.h"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
double secondsOf(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void writeRun(const fs::path& dir, const ModelSpec& spec, int index) {
  RunFolder folder(dir);
  folder.prepareNew();
  folder.writeSpec(spec);
  TrainConfig config;
  config.epochs = 20;
  config.learningRate = index % 2 ? 1e-3 : 2e-2;
  folder.writeConfig(config);
  std::vector<EpochStats> rows(20);
  for (int epoch = 1; epoch <= 20; ++epoch) {
    EpochStats& row = rows[std::size_t(epoch - 1)];
    row.epoch = epoch;
    row.trainLoss = 0.1 / epoch;
    row.validationLoss = 0.11 / epoch;
    row.validation.psnr = 20.0 + epoch * 0.1;
    row.validation.ssim = 0.8;
    row.seconds = 10.0;
    row.imagesPerSecond = 5000.0;
  }
  folder.writeMetrics(rows);
  RunStatusRecord status = runningStatus(20);
  status.state = "finished";
  writeRunStatus(dir, status);
}
}  // namespace

RunsScanBench benchmarkRunsScan(int folders) {
  RunsScanBench bench;
  bench.folders = folders;
  std::string pattern = (fs::temp_directory_path() / "latentlab-runs-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return bench;
  const fs::path root = pattern;
  const ModelSpec spec = presetSpec("mnist-conv");
  for (int i = 0; i < folders; ++i) writeRun(root / "runs" / ("run-" + std::to_string(i)), spec, i);
  const fs::path cache = root / "runs-index.json";
  {
    RunLibrary library(cache);
    bench.firstScanSeconds = secondsOf([&] { library.scan({root / "runs"}); });
    bench.rescanSeconds = secondsOf([&] { library.scan({root / "runs"}); });
    library.saveCache();
  }
  bench.cachedStartSeconds = secondsOf([&] {
    RunLibrary library(cache);
    library.scan({root / "runs"});
  });
  std::error_code error;
  fs::remove_all(root, error);
  return bench;
}

}  // namespace latentlab
