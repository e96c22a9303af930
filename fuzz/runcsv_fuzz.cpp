// A run folder's metrics.csv (per epoch) and batches.csv (per step), read the way the runs
// table, `eval` and `train --resume` read them.
#include "fuzzsupport.h"
#include "run/runfolder.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::fs::path dir = [] {
    const auto made = fuzz::scratchDir() / "run";
    fuzz::fs::create_directories(made);
    return made;
  }();
  const RunFolder run(dir);
  fuzz::writeFile(run.metricsFile(), data, size);
  fuzz::writeFile(run.batchLossesFile(), data, size);
  fuzz::expectCleanErrors([&] { (void)run.readMetrics(); });
  fuzz::expectCleanErrors([&] { (void)run.readBatchLosses(); });
  return 0;
}
