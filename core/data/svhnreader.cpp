#include "data/svhnreader.h"

#include "common/error.h"

#ifdef LATENTLAB_HAVE_MATIO
#include <matio.h>
#include <zlib.h>
#endif

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace latentlab {
namespace fs = std::filesystem;

bool looksLikeSvhnFolder(const fs::path& folder) {
  return fs::is_directory(folder) && (fs::exists(folder / "train_32x32.mat") || fs::exists(folder / "test_32x32.mat"));
}

Dataset loadSvhnFolder(const fs::path& folder, const std::string& name) {
  const fs::path train = folder / "train_32x32.mat";
  const fs::path test = folder / "test_32x32.mat";
  if (!fs::exists(train) && !fs::exists(test))
    throw inputError(folder.string() + " holds neither train_32x32.mat nor test_32x32.mat (SVHN cropped digits)");
  Dataset dataset = readSvhnMat(fs::exists(train) ? train : test);
  dataset.officialTrainCount = dataset.size();
  if (fs::exists(train) && fs::exists(test)) appendDataset(dataset, readSvhnMat(test));
  dataset.name = name;
  dataset.source = folder.string();
  return dataset;
}

#ifdef LATENTLAB_HAVE_MATIO

namespace {
struct MatFileCloser {
  void operator()(mat_t* file) const { Mat_Close(file); }
};
struct MatVarFreer {
  void operator()(matvar_t* variable) const { Mat_VarFree(variable); }
};
using MatFile = std::unique_ptr<mat_t, MatFileCloser>;
using MatVar = std::unique_ptr<matvar_t, MatVarFreer>;

// libmatio allocates what a file's headers declare (a dims list of 1.3 GB, an array of
// 16,252,960x32x3x2 bytes) before it notices that the file is 6 KB long. So the top-level
// variables of a v5 file (what SVHN ships; v7 is v5 with zlib-compressed variables) are
// walked here first, and each one's declared sizes are bounded by what the file can hold.
constexpr std::uint64_t kMaxInflation = 1032;            // zlib's best ratio is about 1032:1
constexpr std::uint64_t kMaxVariableBytes = 8ull << 30;  // SVHN's extra set: 1.6 GB of pixels
constexpr std::size_t kMatrixHeadBytes = 256;            // flags, dims (rank <= 32), the name's start

struct MatLayoutChecker {
  const fs::path& path;
  bool bigEndian = false;

  std::uint32_t word(const unsigned char* bytes) const {
    return bigEndian
               ? std::uint32_t(bytes[0]) << 24 | std::uint32_t(bytes[1]) << 16 | std::uint32_t(bytes[2]) << 8 | bytes[3]
               : std::uint32_t(bytes[3]) << 24 | std::uint32_t(bytes[2]) << 16 | std::uint32_t(bytes[1]) << 8 |
                     bytes[0];
  }
  [[noreturn]] void refuse(const std::string& what) const {
    throw inputError(path.string() + ": " + what + "; the file is damaged or not an SVHN .mat file");
  }

  // `head`: the first bytes of a matrix element's contents (after its tag); `size`: the bytes it
  // declares; `allowed`: the most bytes its values can take given the file's size.
  void checkMatrix(const std::vector<unsigned char>& head, std::uint64_t size, std::uint64_t allowed, int index) const {
    std::string which = "variable " + std::to_string(index);
    if (head.size() < 24) refuse(which + " is too short for a MATLAB array header");
    // Its name, for the messages, when the header is whole: a small element (up to 4 bytes) or a tag.
    if (const std::uint64_t dimsEnd = 24 + ((std::uint64_t(word(&head[20])) + 7) / 8) * 8; dimsEnd + 8 <= head.size()) {
      const std::uint32_t nameTag = word(&head[dimsEnd]);
      const std::uint64_t nameStart = nameTag >> 16 ? dimsEnd + 4 : dimsEnd + 8;
      const std::uint64_t nameBytes = nameTag >> 16 ? nameTag >> 16 : word(&head[dimsEnd + 4]);
      if (nameBytes >= 1 && nameBytes <= 63 && nameStart + nameBytes <= head.size()) {
        std::string name(reinterpret_cast<const char*>(&head[nameStart]), std::size_t(nameBytes));
        if (std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum((unsigned char)c) || c == '_'; }))
          which = name;
      }
    }
    if (word(&head[0]) != 6 || word(&head[4]) != 8) refuse(which + " has no array flags");
    const std::uint32_t arrayClass = word(&head[8]) & 0xFF;
    if (arrayClass < 4 || arrayClass > 15 || arrayClass == 5)  // cell, struct, object, sparse
      refuse(which + " is not a numeric array (MATLAB class " + std::to_string(arrayClass) +
             "); SVHN files hold only the numeric arrays X and y");
    const std::uint32_t dimsType = word(&head[16]);
    const std::uint64_t dimsBytes = word(&head[20]);
    if (dimsType != 5 || dimsBytes % 4 != 0 || dimsBytes < 8 || dimsBytes > 32 * 4 || 24 + dimsBytes > head.size() ||
        24 + dimsBytes > size)
      refuse(which + " declares a dimension list of " + std::to_string(dimsBytes) + " bytes (at most 32 dimensions)");
    // The name: libmatio allocates the length its tag declares.
    const std::uint64_t nameAt = 24 + ((dimsBytes + 7) / 8) * 8;
    if (nameAt + 8 > head.size() || nameAt + 8 > size) refuse(which + " has no name");
    const std::uint32_t nameTag = word(&head[nameAt]);
    const std::uint64_t nameBytes = nameTag >> 16 ? nameTag >> 16 : word(&head[nameAt + 4]);
    if (nameAt + 8 + nameBytes > size)
      refuse(which + " declares a name of " + std::to_string(nameBytes) + " bytes, more than the variable holds");
    std::uint64_t elements = 1;
    std::string shape;
    for (std::uint64_t d = 0; d < dimsBytes / 4; ++d) {
      const auto extent = std::int32_t(word(&head[24 + 4 * d]));
      shape += (d ? "x" : "") + std::to_string(extent);
      if (extent < 0) refuse(which + " declares a negative dimension (" + shape + ")");
      // Each value takes at least one byte of the variable (zlib inflated, where compressed).
      if (extent != 0 && elements > allowed / std::uint64_t(extent))
        elements = allowed + 1;
      else
        elements *= std::uint64_t(extent);
    }
    if (elements > allowed || elements > size)
      refuse(which + " declares " + shape + " values, more than its " + std::to_string(size) + " bytes in a file of " +
             std::to_string(fileSize) + " bytes can hold");
  }

  std::uint64_t fileSize = 0;

  void check() {
    std::ifstream in(path, std::ios::binary);
    std::error_code error;
    fileSize = fs::file_size(path, error);
    unsigned char header[128];
    if (!in || error) return;  // Mat_Open says why
    // libmatio reads a file without a v5 header as MATLAB v4, whose 20-byte headers it trusts
    // just as blindly; v4 holds only 2-D arrays, never SVHN's 32x32x3xN X, so it is refused.
    const auto notV5 = [&] {
      throw inputError(path.string() +
                       " is not a MATLAB v5/v7 .mat file (SVHN's format): its 128-byte header is missing or "
                       "unknown; the file is damaged or not an SVHN .mat file");
    };
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) notV5();
    if (header[126] == 'M' && header[127] == 'I')
      bigEndian = true;
    else if (!(header[126] == 'I' && header[127] == 'M'))
      notV5();
    const unsigned version =
        bigEndian ? unsigned(header[124]) << 8 | header[125] : unsigned(header[125]) << 8 | header[124];
    if (version == 0x0200) return;  // v7.3 (HDF5): bounded after Mat_VarReadInfo
    if (version != 0x0100) notV5();
    std::uint64_t position = 128;
    for (int index = 1; position + 8 <= fileSize; ++index) {
      unsigned char tag[8];
      in.seekg(std::streamoff(position));
      if (!in.read(reinterpret_cast<char*>(tag), 8)) refuse("cannot read variable " + std::to_string(index));
      const std::uint32_t type = word(tag);
      const std::uint64_t size = word(tag + 4);
      const std::uint64_t left = fileSize - position - 8;
      if (size > left)
        refuse("variable " + std::to_string(index) + " declares " + std::to_string(size) + " bytes but only " +
               std::to_string(left) + " follow in the file");
      if (type == 14) {  // miMATRIX, stored as is
        std::vector<unsigned char> head(std::size_t(std::min<std::uint64_t>(size, kMatrixHeadBytes)));
        in.read(reinterpret_cast<char*>(head.data()), std::streamsize(head.size()));
        checkMatrix(head, size, size, index);
      } else if (type == 15) {  // miCOMPRESSED: a zlib stream of one miMATRIX
        std::vector<unsigned char> packed(std::size_t(std::min<std::uint64_t>(size, 1 << 16)));
        in.read(reinterpret_cast<char*>(packed.data()), std::streamsize(packed.size()));
        std::vector<unsigned char> head(8 + kMatrixHeadBytes);
        z_stream stream{};
        if (inflateInit(&stream) != Z_OK) refuse("cannot start zlib");
        stream.next_in = packed.data();
        stream.avail_in = uInt(packed.size());
        stream.next_out = head.data();
        stream.avail_out = uInt(head.size());
        const int status = inflate(&stream, Z_SYNC_FLUSH);
        head.resize(head.size() - stream.avail_out);
        inflateEnd(&stream);
        if ((status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) || head.size() < 8)
          refuse("variable " + std::to_string(index) + " is compressed data that zlib cannot inflate");
        const std::uint64_t innerSize = word(&head[4]);
        const std::uint64_t allowed = std::min(kMaxVariableBytes, kMaxInflation * size + 4096);
        if (word(&head[0]) != 14 || innerSize > allowed)
          refuse("variable " + std::to_string(index) + " declares " + std::to_string(innerSize) +
                 " bytes once inflated, more than its " + std::to_string(size) + " compressed bytes can hold");
        checkMatrix(std::vector<unsigned char>(head.begin() + 8, head.end()), innerSize, allowed, index);
      }
      position += 8 + size;
    }
  }
};

MatVar readVariable(mat_t* file, const fs::path& path, const char* name) {
  MatVar variable(Mat_VarRead(file, name));
  if (!variable)
    throw inputError(path.string() + " has no readable variable '" + name +
                     "'; SVHN files hold X (32x32x3xN images) and y (labels)");
  return variable;
}

// True when y is a real array of a numeric type labelAt reads, with `count` values.
bool holdsRealNumbers(const matvar_t* y, std::size_t count) {
  switch (y->data_type) {
    case MAT_T_DOUBLE:
    case MAT_T_SINGLE:
    case MAT_T_INT8:
    case MAT_T_UINT8:
    case MAT_T_INT16:
    case MAT_T_UINT16:
    case MAT_T_INT32:
    case MAT_T_UINT32:
    case MAT_T_INT64:
    case MAT_T_UINT64:
      return !y->isComplex && y->data && y->rank == 2 && y->nbytes >= count * Mat_SizeOf(y->data_type);
    default:
      return false;
  }
}

// Label `index` of y, whatever numeric type the writer chose (MATLAB: double; scipy: often
// uint8 or int32); check holdsRealNumbers first.
double labelAt(const matvar_t* y, std::size_t index) {
  const void* data = y->data;
  switch (y->data_type) {
    case MAT_T_DOUBLE:
      return static_cast<const double*>(data)[index];
    case MAT_T_SINGLE:
      return static_cast<const float*>(data)[index];
    case MAT_T_INT8:
      return static_cast<const std::int8_t*>(data)[index];
    case MAT_T_UINT8:
      return static_cast<const std::uint8_t*>(data)[index];
    case MAT_T_INT16:
      return static_cast<const std::int16_t*>(data)[index];
    case MAT_T_UINT16:
      return static_cast<const std::uint16_t*>(data)[index];
    case MAT_T_INT32:
      return static_cast<const std::int32_t*>(data)[index];
    case MAT_T_UINT32:
      return static_cast<const std::uint32_t*>(data)[index];
    case MAT_T_INT64:
      return double(static_cast<const std::int64_t*>(data)[index]);
    case MAT_T_UINT64:
      return double(static_cast<const std::uint64_t*>(data)[index]);
    default:
      return std::nan("");
  }
}

// SVHN's classes: 1..9 for the digits 1..9 and 10 for the digit 0. NaN, 2.5 or 11 is refused.
std::int64_t digitOfLabel(double label, const fs::path& path, std::size_t index) {
  if (!std::isfinite(label) || label != std::floor(label) || label < 1 || label > 10) {
    std::ostringstream shown;
    shown << label;
    throw inputError(path.string() + ": y(" + std::to_string(index + 1) + ") = " + shown.str() +
                     " is not an SVHN label (a whole number 1..10, 10 for the digit 0); the file is damaged");
  }
  return label == 10 ? 0 : std::int64_t(label);
}
}  // namespace

bool svhnSupported() {
  return true;
}

Dataset readSvhnMat(const fs::path& path) {
  MatLayoutChecker{path}.check();
  MatFile file(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!file)
    throw inputError("cannot open " + path.string() + " as a MATLAB file; it is missing, truncated or not a .mat file");
  {
    MatVar info(Mat_VarReadInfo(file.get(), "X"));
    if (!info)
      throw inputError(path.string() + " has no readable variable 'X'; SVHN files hold X (32x32x3xN images) and y");
    std::string shape;
    for (int d = 0; d < info->rank; ++d) shape += (d ? "x" : "") + std::to_string(info->dims[d]);
    if (info->rank != 4 || info->dims[0] != 32 || info->dims[1] != 32 || info->dims[2] != 3)
      throw inputError(path.string() + ": X is " + shape + "; SVHN's X is 32x32x3xN (N images of 32x32 pixels)");
    // A v7.3 (HDF5) file was not walked above: bound its image count by what the file can hold.
    std::error_code error;
    const std::uint64_t fileSize = fs::file_size(path, error);
    if (info->dims[3] > std::min(kMaxVariableBytes, kMaxInflation * fileSize + 4096) / (32 * 32 * 3))
      throw inputError(path.string() + ": X declares " + shape + " images, more than a file of " +
                       std::to_string(fileSize) + " bytes can hold; the file is damaged");
  }
  MatVar x = readVariable(file.get(), path, "X");
  MatVar y = readVariable(file.get(), path, "y");
  if (x->rank != 4 || x->dims[0] != 32 || x->dims[1] != 32 || x->dims[2] != 3 || x->data_type != MAT_T_UINT8 ||
      x->isComplex || !x->data)  // complex: data is a pair of pointers, not pixels
    throw inputError(path.string() + ": X must be a 32x32x3xN real uint8 array (SVHN cropped digits)");
  if (std::uint64_t(x->nbytes) != std::uint64_t(32 * 32 * 3) * x->dims[3])
    throw inputError(path.string() + ": X holds " + std::to_string(x->nbytes) + " bytes for " +
                     std::to_string(x->dims[3]) + " images of 32x32x3; the file is damaged");
  const std::size_t height = x->dims[0];
  const std::size_t width = x->dims[1];
  const std::size_t count = x->dims[3];
  if (y->rank != 2 || y->dims[0] * y->dims[1] != count || !y->data)
    throw inputError(path.string() + ": y holds " + std::to_string(y->dims[0] * y->dims[1]) + " labels for " +
                     std::to_string(count) + " images");
  if (!holdsRealNumbers(y.get(), count))
    throw inputError(path.string() + ": y must be an Nx1 array of real numbers (SVHN labels 1..10)");

  Dataset dataset;
  dataset.source = path.string();
  dataset.shape = ImageShape{3, int(height), int(width)};
  dataset.classNames = digitClassNames();
  dataset.pixels.resize(count * dataset.shape.pixelCount());
  dataset.labels.resize(count);
  const auto* source = static_cast<const std::uint8_t*>(x->data);
  // MATLAB column-major X(row, col, channel, n) -> our planar [n][channel][row][col].
  for (std::size_t n = 0; n < count; ++n) {
    dataset.labels[n] = digitOfLabel(labelAt(y.get(), n), path, n);
    auto* target = dataset.pixels.data() + n * dataset.shape.pixelCount();
    for (std::size_t channel = 0; channel < 3; ++channel)
      for (std::size_t col = 0; col < width; ++col)
        for (std::size_t row = 0; row < height; ++row)
          target[(channel * height + row) * width + col] = source[row + height * (col + width * (channel + 3 * n))];
  }
  dataset.officialTrainCount = count;
  return dataset;
}

#else

bool svhnSupported() {
  return false;
}

Dataset readSvhnMat(const fs::path& path) {
  throw inputError("cannot read " + path.string() +
                   ": this build has no MATLAB file support; install libmatio-dev and rebuild");
}

#endif

}  // namespace latentlab
