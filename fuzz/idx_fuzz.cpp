// IDX images and labels files (MNIST, Fashion-MNIST, KMNIST), raw or gzip.
#include "data/idxreader.h"
#include "fuzzsupport.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = fuzz::scratchDir() / "input-idx-ubyte";
  fuzz::writeFile(file, data, size);
  fuzz::expectCleanErrors([&] { readIdxImages(file); });
  fuzz::expectCleanErrors([&] { readIdxLabels(file); });
  return 0;
}
