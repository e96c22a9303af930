// A run folder's small JSON files: status.json, annotations.json and probe.json. Each reader
// sees every input (they share the JSON layer; the corpus finds each one's keys).
#include "fuzzsupport.h"
#include "probe/linearprobe.h"
#include "run/runannotations.h"
#include "run/runstatus.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::fs::path dir = [] {
    const auto made = fuzz::scratchDir() / "run";
    fuzz::fs::create_directories(made);
    return made;
  }();
  const std::string json = fuzz::text(data, size);
  fuzz::expectCleanErrors([&] {
    const RunStatusRecord record = parseRunStatus(json, "status.json");
    (void)runStatusJson(record);
  });
  fuzz::writeFile(runAnnotationsFile(dir), data, size);
  fuzz::expectCleanErrors([&] { (void)readRunAnnotations(dir); });
  fuzz::expectCleanErrors([&] {
    const ProbeResult result = probeResultFromJson(json, "probe.json");
    (void)probeResultToJson(result);
  });
  return 0;
}
