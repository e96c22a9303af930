// A sweep folder's sweep.json.
#include "fuzzsupport.h"
#include "sweep/sweepplan.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expectCleanErrors([&] {
    const SweepPlan plan = SweepPlan::fromJson(fuzz::text(data, size), "sweep.json");
    (void)plan.toJson();
    (void)bestSweepRun(plan);
  });
  return 0;
}
