#pragma once

// The checkpoint container: named tensors in named groups plus an info block, behind a
// header with a CRC-32 of everything after it. Nothing in it is code, and the reader checks
// the checksum and every length before it builds anything, so a damaged file is refused
// with a message instead of reaching LibTorch. Torch-free (a fuzz target can read it).
//
// Layout (little-endian):
//   "LatLabCk"  u32 format (2)  u32 crc32(body)  u64 body size  body
//   body: integers (u32 n; n x (string key, i64)), reals (u32 n; n x (string key, f64)),
//         then three group maps, modules, optimizers and records, each u32 n; n x
//         (string name, u32 tensors; tensors x (string name, u8 type, u8 rank,
//         rank x i64 size, u64 bytes, bytes))
//   string: u32 length, bytes

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace latentlab {

enum class StoredType : std::uint8_t {
  Float32 = 1,
  Float64 = 2,
  Int64 = 3,
  Int32 = 4,
  UInt8 = 5,
  Bool = 6,
  Float16 = 7
};

std::size_t storedTypeSize(StoredType type);

struct StoredTensor {
  std::string name;
  StoredType type = StoredType::Float32;
  std::vector<std::int64_t> shape;
  std::string data;  // the elements, row-major, little-endian
};

using TensorGroup = std::vector<StoredTensor>;

struct CheckpointContents {
  std::map<std::string, std::int64_t> integers;   // info block: epoch, best_epoch, …
  std::map<std::string, double> reals;            // info block: best_val_loss, …
  std::map<std::string, TensorGroup> modules;     // "model"; a GAN: "generator", "discriminator"
  std::map<std::string, TensorGroup> optimizers;  // one per module that trains
  std::map<std::string, TensorGroup> records;     // what an epoch wrote besides weights (film frame, batch losses)
};

// The file's bytes (header included).
std::string encodeCheckpoint(const CheckpointContents& contents);
// Parses bytes read from `source` (named in messages); an input Error when the header,
// checksum or any length is wrong.
CheckpointContents decodeCheckpoint(const std::string& bytes, const std::string& source);

// Writes atomically (temp file, fsync, rename).
void writeCheckpointFile(const std::filesystem::path& path, const CheckpointContents& contents);
CheckpointContents readCheckpointFile(const std::filesystem::path& path);

// True when the bytes start with this container's magic (else: a legacy archive or garbage).
bool looksLikeCheckpointContainer(const std::string& bytes);

}  // namespace latentlab
