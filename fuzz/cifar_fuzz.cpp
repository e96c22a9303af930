// CIFAR-10 binary batches (1 label byte + 3072 pixel bytes per record).
#include "data/cifarreader.h"
#include "fuzzsupport.h"

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = fuzz::scratchDir() / "data_batch_1.bin";
  fuzz::writeFile(file, data, size);
  fuzz::expectCleanErrors([&] { readCifarBatch(file); });
  return 0;
}
