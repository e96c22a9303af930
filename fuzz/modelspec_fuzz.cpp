// Model spec JSON (presets, --spec files, a run's spec.json): parse, plan the layers (shapes and
// parameter counts, where sizes overflow) and write it back.
#include "fuzzsupport.h"
#include "layerplan.h"
#include "modelspec.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expectCleanErrors([&] {
    const ModelSpec spec = parseModelSpec(fuzz::text(data, size), "fuzz.json");
    (void)toJson(spec);
    (void)planModel(spec);
  });
  return 0;
}
