#include "run/ziparchivecheck.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace latentlab {

namespace {
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;

std::uint32_t u32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | std::uint8_t(bytes[at + std::size_t(i)]);
  return value;
}
std::uint16_t u16(const std::string& bytes, std::size_t at) {
  return std::uint16_t(std::uint8_t(bytes[at]) | (std::uint8_t(bytes[at + 1]) << 8));
}

std::uint32_t crcOf(const unsigned char* data, std::size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (size > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    crc = crc32(crc, data, piece);
    data += piece;
    size -= piece;
  }
  return static_cast<std::uint32_t>(crc);
}

// CRC-32 of a raw deflate stream's output, inflating in pieces; nothing when the stream is
// broken or does not inflate to exactly `expectedSize` bytes.
std::optional<std::uint32_t> inflatedCrc(const unsigned char* data, std::size_t size, std::uint64_t expectedSize) {
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return std::nullopt;
  std::vector<unsigned char> buffer(1 << 16);
  stream.next_in = const_cast<unsigned char*>(data);
  stream.avail_in = static_cast<uInt>(size);
  uLong crc = crc32(0L, Z_NULL, 0);
  std::uint64_t produced = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t got = buffer.size() - stream.avail_out;
    produced += got;
    crc = crc32(crc, buffer.data(), static_cast<uInt>(got));
    if (status == Z_OK && got == 0 && stream.avail_in == 0) status = Z_BUF_ERROR;  // ends without its end marker
  }
  inflateEnd(&stream);
  if (status != Z_STREAM_END || produced != expectedSize) return std::nullopt;
  return static_cast<std::uint32_t>(crc);
}
}  // namespace

bool looksLikeZipArchive(const std::string& bytes) {
  return bytes.size() >= 4 && u32(bytes, 0) == kLocalHeader;
}

std::optional<std::string> whyZipArchiveIsDamaged(const std::string& bytes) {
  if (bytes.size() < kEndRecordSize) return "it is too short to be an archive";
  // The end record sits in the last 22 bytes plus a comment of up to 65535 bytes.
  std::size_t end = std::string::npos;
  const std::size_t lowest = bytes.size() > kEndRecordSize + 65535 ? bytes.size() - kEndRecordSize - 65535 : 0;
  for (std::size_t at = bytes.size() - kEndRecordSize + 1; at-- > lowest;)
    if (u32(bytes, at) == kEndOfCentralDirectory) {
      end = at;
      break;
    }
  if (end == std::string::npos) return "its table of contents is missing (truncated?)";
  const std::size_t entries = u16(bytes, end + 10);
  const std::size_t directorySize = u32(bytes, end + 12);
  const std::size_t directoryOffset = u32(bytes, end + 16);
  if (entries == 0xFFFF || directoryOffset == 0xFFFFFFFFu) return "it is a zip64 archive, too large to check";
  if (directoryOffset > end || directorySize > end - directoryOffset) return "its table of contents is damaged";
  if (entries == 0) return "it holds no entries";

  std::size_t at = directoryOffset;
  for (std::size_t i = 0; i < entries; ++i) {
    if (at + kCentralHeaderSize > end || u32(bytes, at) != kCentralHeader) return "its table of contents is damaged";
    const std::uint16_t method = u16(bytes, at + 10);
    const std::uint32_t crc = u32(bytes, at + 16);
    const std::uint64_t compressedSize = u32(bytes, at + 20);
    const std::uint64_t size = u32(bytes, at + 24);
    const std::size_t nameLength = u16(bytes, at + 28);
    const std::size_t extraLength = u16(bytes, at + 30);
    const std::size_t commentLength = u16(bytes, at + 32);
    const std::uint64_t localOffset = u32(bytes, at + 42);
    if (at + kCentralHeaderSize + nameLength > end) return "its table of contents is damaged";
    const std::string name = bytes.substr(at + kCentralHeaderSize, nameLength);
    if (compressedSize == 0xFFFFFFFFu || size == 0xFFFFFFFFu || localOffset == 0xFFFFFFFFu)
      return "entry " + name + " is a zip64 entry, too large to check";
    at += kCentralHeaderSize + nameLength + extraLength + commentLength;

    if (localOffset + kLocalHeaderSize > directoryOffset || u32(bytes, std::size_t(localOffset)) != kLocalHeader)
      return "entry " + name + " is damaged (its header is not where the table of contents says)";
    const std::size_t local = std::size_t(localOffset);
    const std::size_t dataStart = local + kLocalHeaderSize + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (dataStart > directoryOffset || compressedSize > directoryOffset - dataStart)
      return "entry " + name + " runs past the end of the data";
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data() + dataStart);
    std::optional<std::uint32_t> actual;
    if (method == 0) {
      if (compressedSize != size) return "entry " + name + " has inconsistent sizes";
      actual = crcOf(data, std::size_t(size));
    } else if (method == 8) {
      actual = inflatedCrc(data, std::size_t(compressedSize), size);
      if (!actual) return "entry " + name + " does not decompress";
    } else {
      return "entry " + name + " uses an unknown compression method";
    }
    if (*actual != crc) return "entry " + name + " fails its checksum";
  }
  return std::nullopt;
}

}  // namespace latentlab
