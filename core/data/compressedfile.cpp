#include "data/compressedfile.h"

#include "common/error.h"

#include <zlib.h>

namespace latentlab {

std::vector<std::uint8_t> readMaybeCompressedFile(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw inputError("cannot open " + path.string() + ": the file does not exist or is not readable");
  // 128 KiB buffers read MNIST's test images (7.8 MB) as fast as 1 MiB ones did, and a small file (a label
  // file, a fuzz input) without mapping and zeroing megabytes per read.
  gzbuffer(file, 1 << 17);
  std::vector<std::uint8_t> content;
  std::vector<std::uint8_t> chunk(1 << 17);
  for (;;) {
    const int count = gzread(file, chunk.data(), unsigned(chunk.size()));
    if (count < 0) {
      int code = 0;
      const std::string reason = gzerror(file, &code);
      gzclose(file);
      throw inputError(path.string() + " is damaged (" + reason + "); download it again");
    }
    if (count == 0) break;
    content.insert(content.end(), chunk.begin(), chunk.begin() + count);
  }
  int code = 0;
  gzerror(file, &code);
  gzclose(file);
  // A gzip stream cut short reads as a clean end of file plus Z_BUF_ERROR.
  if (code == Z_BUF_ERROR)
    throw inputError(path.string() + " is truncated (the compressed stream ends early); download it again");
  return content;
}

}  // namespace latentlab
