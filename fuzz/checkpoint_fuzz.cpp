// Checkpoints, the validation LibTorch never gets past: the format-2 container
// (run/checkpointfile.h: header, CRC-32, every length checked before anything is built) and the
// zip CRC check that guards legacy LibTorch archives (run/ziparchivecheck.h). Each input is
// decoded as it is, then again with its header's CRC-32 and body size made right, so mutations
// reach the body's parser instead of stopping at the checksum.
#include "fuzzsupport.h"
#include "run/checkpointfile.h"
#include "run/ziparchivecheck.h"

#include <zlib.h>

#include <cstring>

using namespace latentlab;

namespace {

constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 8;  // magic, format, crc32(body), body size

void putLittleEndian(std::string& bytes, std::size_t offset, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) bytes[offset + std::size_t(i)] = char((value >> (8 * i)) & 0xff);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes = fuzz::text(data, size);
  fuzz::expectCleanErrors([&] { (void)looksLikeCheckpointContainer(bytes); });
  fuzz::expectCleanErrors([&] { (void)decodeCheckpoint(bytes, "checkpoint.pt"); });
  fuzz::expectCleanErrors([&] {
    if (looksLikeZipArchive(bytes)) (void)whyZipArchiveIsDamaged(bytes);
  });
  if (bytes.size() >= kHeaderSize && looksLikeCheckpointContainer(bytes)) {
    const std::size_t body = bytes.size() - kHeaderSize;
    const uLong crc =
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data() + kHeaderSize), uInt(body));
    putLittleEndian(bytes, 12, crc, 4);
    putLittleEndian(bytes, 16, body, 8);
    fuzz::expectCleanErrors([&] {
      const CheckpointContents contents = decodeCheckpoint(bytes, "checkpoint.pt");
      (void)encodeCheckpoint(contents);
    });
  }
  return 0;
}
