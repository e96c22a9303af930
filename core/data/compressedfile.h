#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace latentlab {

// Reads a whole file, gunzipping it when it is gzip-compressed (zlib reads plain
// files unchanged). Throws an input Error naming the file when it cannot be read
// or the compressed stream is damaged.
std::vector<std::uint8_t> readMaybeCompressedFile(const std::filesystem::path& path);

}  // namespace latentlab
