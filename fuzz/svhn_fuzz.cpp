// SVHN's MATLAB files (train_32x32.mat), read through libmatio (not instrumented itself:
// ASan still sees its memory through the malloc/memcpy interceptors).
#include "data/svhnreader.h"
#include "fuzzsupport.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = fuzz::scratchDir() / "train_32x32.mat";
  fuzz::writeFile(file, data, size);
  fuzz::expectCleanErrors([&] { readSvhnMat(file); });
  return 0;
}
