#include "run/checkpointfile.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <zlib.h>

#include <cstring>
#include <limits>

namespace latentlab {

namespace {
constexpr char kMagic[8] = {'L', 'a', 't', 'L', 'a', 'b', 'C', 'k'};
constexpr std::uint32_t kFormat = 2;
constexpr std::size_t kHeaderSize = 8 + 4 + 4 + 8;
constexpr std::uint32_t kMaxNameLength = 4096;
constexpr std::uint8_t kMaxRank = 16;

std::uint32_t crcOf(const char* data, std::size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large bodies in pieces.
  while (size > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), piece);
    data += piece;
    size -= piece;
  }
  return static_cast<std::uint32_t>(crc);
}

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));  // little-endian hosts only (x86-64, arm64)
  out.append(bytes, sizeof(T));
}

void putString(std::string& out, const std::string& text) {
  put<std::uint32_t>(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

void putGroups(std::string& out, const std::map<std::string, TensorGroup>& groups) {
  put<std::uint32_t>(out, static_cast<std::uint32_t>(groups.size()));
  for (const auto& [name, tensors] : groups) {
    putString(out, name);
    put<std::uint32_t>(out, static_cast<std::uint32_t>(tensors.size()));
    for (const auto& tensor : tensors) {
      putString(out, tensor.name);
      put<std::uint8_t>(out, static_cast<std::uint8_t>(tensor.type));
      put<std::uint8_t>(out, static_cast<std::uint8_t>(tensor.shape.size()));
      for (const auto size : tensor.shape) put<std::int64_t>(out, size);
      put<std::uint64_t>(out, tensor.data.size());
      out += tensor.data;
    }
  }
}

// Reads the body with every length checked against what is left, so no damaged count
// can make it allocate or read past the end.
class BodyReader {
public:
  BodyReader(const std::string& bytes, std::size_t offset, std::string source)
      : mBytes(bytes), mOffset(offset), mSource(std::move(source)) {}

  template <typename T>
  T get() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, mBytes.data() + mOffset, sizeof(T));
    mOffset += sizeof(T);
    return value;
  }
  std::string bytes(std::uint64_t size) {
    need(size);
    std::string value = mBytes.substr(mOffset, std::size_t(size));
    mOffset += std::size_t(size);
    return value;
  }
  std::string name() {
    const auto length = get<std::uint32_t>();
    if (length > kMaxNameLength) fail("a name is " + std::to_string(length) + " bytes long");
    return bytes(length);
  }
  // A count of entries that each take at least `minimumBytes`.
  std::uint32_t count(std::size_t minimumBytes) {
    const auto value = get<std::uint32_t>();
    if (std::uint64_t(value) * minimumBytes > left()) fail("a count exceeds the file");
    return value;
  }
  std::size_t left() const { return mBytes.size() - mOffset; }
  [[noreturn]] void fail(const std::string& what) const {
    throw inputError(mSource + " is not a valid LatentLab checkpoint (" + what +
                     "); train again or use another checkpoint");
  }

private:
  void need(std::uint64_t size) const {
    if (size > left()) fail("it ends early");
  }
  const std::string& mBytes;
  std::size_t mOffset;
  std::string mSource;
};

StoredTensor readTensor(BodyReader& in) {
  StoredTensor tensor;
  tensor.name = in.name();
  const auto type = in.get<std::uint8_t>();
  if (type < 1 || type > 7) in.fail("tensor " + tensor.name + " has an unknown type");
  tensor.type = static_cast<StoredType>(type);
  const auto rank = in.get<std::uint8_t>();
  if (rank > kMaxRank) in.fail("tensor " + tensor.name + " has " + std::to_string(rank) + " dimensions");
  std::uint64_t elements = 1;
  for (std::uint8_t i = 0; i < rank; ++i) {
    const auto size = in.get<std::int64_t>();
    if (size < 0 || (size > 0 && elements > std::numeric_limits<std::uint64_t>::max() / std::uint64_t(size)))
      in.fail("tensor " + tensor.name + " has an impossible size");
    elements *= std::uint64_t(size);
    tensor.shape.push_back(size);
  }
  const auto byteCount = in.get<std::uint64_t>();
  const std::uint64_t elementSize = storedTypeSize(tensor.type);
  if (elements > std::numeric_limits<std::uint64_t>::max() / elementSize || byteCount != elements * elementSize)
    in.fail("tensor " + tensor.name + " holds a wrong number of bytes for its size");
  tensor.data = in.bytes(byteCount);
  return tensor;
}

std::map<std::string, TensorGroup> readGroups(BodyReader& in) {
  std::map<std::string, TensorGroup> groups;
  const auto groupCount = in.count(8);
  for (std::uint32_t g = 0; g < groupCount; ++g) {
    const std::string name = in.name();
    const auto tensorCount = in.count(4 + 1 + 1 + 8);
    TensorGroup tensors;
    tensors.reserve(tensorCount);
    for (std::uint32_t t = 0; t < tensorCount; ++t) tensors.push_back(readTensor(in));
    if (!groups.emplace(name, std::move(tensors)).second) in.fail("group " + name + " appears twice");
  }
  return groups;
}
}  // namespace

std::size_t storedTypeSize(StoredType type) {
  switch (type) {
    case StoredType::Float64:
    case StoredType::Int64:
      return 8;
    case StoredType::Float32:
    case StoredType::Int32:
      return 4;
    case StoredType::Float16:
      return 2;
    case StoredType::UInt8:
    case StoredType::Bool:
      return 1;
  }
  return 1;
}

bool looksLikeCheckpointContainer(const std::string& bytes) {
  return bytes.size() >= sizeof(kMagic) && std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) == 0;
}

std::string encodeCheckpoint(const CheckpointContents& contents) {
  std::string body;
  put<std::uint32_t>(body, static_cast<std::uint32_t>(contents.integers.size()));
  for (const auto& [key, value] : contents.integers) {
    putString(body, key);
    put<std::int64_t>(body, value);
  }
  put<std::uint32_t>(body, static_cast<std::uint32_t>(contents.reals.size()));
  for (const auto& [key, value] : contents.reals) {
    putString(body, key);
    put<double>(body, value);
  }
  putGroups(body, contents.modules);
  putGroups(body, contents.optimizers);
  putGroups(body, contents.records);

  std::string file(kMagic, sizeof(kMagic));
  put<std::uint32_t>(file, kFormat);
  put<std::uint32_t>(file, crcOf(body.data(), body.size()));
  put<std::uint64_t>(file, body.size());
  return file + body;
}

CheckpointContents decodeCheckpoint(const std::string& bytes, const std::string& source) {
  if (!looksLikeCheckpointContainer(bytes))
    throw inputError(source + " is not a LatentLab checkpoint; use best.pt or checkpoint.pt of a run, or train again");
  if (bytes.size() < kHeaderSize)
    throw inputError(source + " is truncated (its header is cut off); train again or use another checkpoint");
  std::uint32_t format = 0, crc = 0;
  std::uint64_t bodySize = 0;
  std::memcpy(&format, bytes.data() + 8, 4);
  std::memcpy(&crc, bytes.data() + 12, 4);
  std::memcpy(&bodySize, bytes.data() + 16, 8);
  if (format > kFormat)
    throw inputError(source + " was written by a newer LatentLab (checkpoint format " + std::to_string(format) +
                     "); update LatentLab to read it");
  if (format < kFormat)
    throw inputError(source + " has an unknown checkpoint format " + std::to_string(format) +
                     "; train again or use another checkpoint");
  const std::size_t actualBody = bytes.size() - kHeaderSize;
  if (bodySize != actualBody)
    throw inputError(source + " is truncated or damaged (" + std::to_string(actualBody) +
                     " bytes of data where its header says " + std::to_string(bodySize) +
                     "); restore it from a copy or train again");
  if (crcOf(bytes.data() + kHeaderSize, actualBody) != crc)
    throw inputError(source +
                     " is damaged (checksum mismatch): it changed after LatentLab wrote it; restore it from a copy "
                     "or train again");

  BodyReader in(bytes, kHeaderSize, source);
  CheckpointContents contents;
  for (std::uint32_t i = 0, n = in.count(4 + 8); i < n; ++i) {
    std::string key = in.name();
    contents.integers[key] = in.get<std::int64_t>();
  }
  for (std::uint32_t i = 0, n = in.count(4 + 8); i < n; ++i) {
    std::string key = in.name();
    contents.reals[key] = in.get<double>();
  }
  contents.modules = readGroups(in);
  contents.optimizers = readGroups(in);
  contents.records = readGroups(in);
  if (in.left() != 0) in.fail("it has bytes after its last record");
  return contents;
}

void writeCheckpointFile(const std::filesystem::path& path, const CheckpointContents& contents) {
  const std::string bytes = encodeCheckpoint(contents);
  writeFileAtomically(path, [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
}

CheckpointContents readCheckpointFile(const std::filesystem::path& path) {
  return decodeCheckpoint(readTextFile(path), path.string());
}

}  // namespace latentlab
