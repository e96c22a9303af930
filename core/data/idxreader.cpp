#include "data/idxreader.h"

#include "common/error.h"
#include "data/compressedfile.h"

#include <algorithm>
#include <sstream>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;

std::uint32_t readBigEndian32(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  return (std::uint32_t(bytes[offset]) << 24) | (std::uint32_t(bytes[offset + 1]) << 16) |
         (std::uint32_t(bytes[offset + 2]) << 8) | std::uint32_t(bytes[offset + 3]);
}

std::string hex(std::uint32_t value) {
  std::ostringstream out;
  out << "0x" << std::hex;
  out.width(8);
  out.fill('0');
  out << value;
  return out.str();
}

void checkMagic(const fs::path& path, const std::vector<std::uint8_t>& bytes, std::uint32_t expected,
                const char* what) {
  if (bytes.size() < 8)
    throw inputError(path.string() + " is too short to be an IDX " + what + " file (" + std::to_string(bytes.size()) +
                     " bytes); download it again");
  const std::uint32_t magic = readBigEndian32(bytes, 0);
  if (magic != expected)
    throw inputError(path.string() + " is not an IDX " + what + " file (magic number " + hex(magic) + ", expected " +
                     hex(expected) + "); choose MNIST-format files ({dataset})");
}

void checkPayload(const fs::path& path, std::size_t available, std::size_t expected, const std::string& promise) {
  if (available < expected)
    throw inputError(path.string() + " is truncated: its header promises " + promise + " (" + std::to_string(expected) +
                     " bytes) but only " + std::to_string(available) + " follow; download it again");
}

bool nameHas(const fs::path& path, const std::string& part) {
  return path.filename().string().find(part) != std::string::npos;
}

std::optional<fs::path> findFile(const fs::path& folder, const std::vector<std::string>& prefixes,
                                 const std::string& kind) {
  std::vector<fs::path> matches;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (!entry.is_regular_file()) continue;
    for (const auto& prefix : prefixes)
      if (nameHas(entry.path(), prefix + "-" + kind)) matches.push_back(entry.path());
  }
  if (matches.empty()) return std::nullopt;
  std::sort(matches.begin(), matches.end());  // prefer the raw file over .gz when both exist
  return matches.front();
}

std::optional<IdxFilePair> findPair(const fs::path& folder, const std::vector<std::string>& prefixes) {
  auto images = findFile(folder, prefixes, "images-idx3");
  auto labels = findFile(folder, prefixes, "labels-idx1");
  if (!images || !labels) return std::nullopt;
  return IdxFilePair{*images, *labels};
}

Dataset loadPair(const IdxFilePair& pair, const std::string& name, const std::vector<std::string>& classNames) {
  Dataset dataset = readIdxImages(pair.images);
  dataset.labels = readIdxLabels(pair.labels);
  const std::size_t imageCount = dataset.pixels.size() / dataset.shape.pixelCount();
  if (dataset.labels.size() != imageCount)
    throw inputError(pair.labels.string() + " holds " + std::to_string(dataset.labels.size()) + " labels but " +
                     pair.images.string() + " holds " + std::to_string(imageCount) +
                     " images; the two files do not belong together");
  const auto maxLabel = dataset.labels.empty() ? 0 : *std::max_element(dataset.labels.begin(), dataset.labels.end());
  dataset.name = name;
  dataset.classNames = classNames;
  for (auto label = std::int64_t(dataset.classNames.size()); label <= maxLabel; ++label)
    dataset.classNames.push_back(std::to_string(label));
  dataset.officialTrainCount = dataset.size();
  return dataset;
}
}  // namespace

Dataset readIdxImages(const fs::path& path) {
  const auto bytes = readMaybeCompressedFile(path);
  checkMagic(path, bytes, kImagesMagic, "images");
  checkPayload(path, bytes.size(), 16, "three dimensions");
  const std::size_t count = readBigEndian32(bytes, 4);
  const int height = int(readBigEndian32(bytes, 8));
  const int width = int(readBigEndian32(bytes, 12));
  if (height <= 0 || width <= 0 || height > 4096 || width > 4096)
    throw inputError(path.string() + " declares images of " + std::to_string(height) + "x" + std::to_string(width) +
                     " pixels, which is not a valid image size; the file is damaged");
  Dataset dataset;
  dataset.source = path.string();
  dataset.shape = ImageShape{1, height, width};
  const std::size_t payload = count * dataset.shape.pixelCount();
  checkPayload(path, bytes.size() - 16, payload,
               std::to_string(count) + " images of " + std::to_string(height) + "x" + std::to_string(width));
  dataset.pixels.assign(bytes.begin() + 16, bytes.begin() + 16 + std::ptrdiff_t(payload));
  return dataset;
}

std::vector<std::int64_t> readIdxLabels(const fs::path& path) {
  const auto bytes = readMaybeCompressedFile(path);
  checkMagic(path, bytes, kLabelsMagic, "labels");
  const std::size_t count = readBigEndian32(bytes, 4);
  checkPayload(path, bytes.size() - 8, count, std::to_string(count) + " labels");
  return std::vector<std::int64_t>(bytes.begin() + 8, bytes.begin() + 8 + std::ptrdiff_t(count));
}

IdxFolderLayout findIdxFiles(const fs::path& folder) {
  IdxFolderLayout layout;
  if (!fs::is_directory(folder)) return layout;
  layout.train = findPair(folder, {"train"});
  layout.test = findPair(folder, {"t10k", "test"});
  return layout;
}

Dataset loadIdxFolder(const fs::path& folder, const std::string& name, const std::vector<std::string>& classNames) {
  const IdxFolderLayout layout = findIdxFiles(folder);
  if (layout.empty())
    throw inputError(folder.string() +
                     " holds no IDX files (expected train-images-idx3-ubyte[.gz] and "
                     "train-labels-idx1-ubyte[.gz], or the t10k- test files)");
  if (!layout.train) {
    Dataset test = loadPair(*layout.test, name, classNames);
    test.source = folder.string();
    return test;  // a test-only folder: no official split, the caller splits it
  }
  Dataset dataset = loadPair(*layout.train, name, classNames);
  dataset.source = folder.string();
  if (layout.test) {
    const Dataset test = loadPair(*layout.test, name, classNames);
    appendDataset(dataset, test);
  }
  return dataset;
}

Dataset loadIdxImageFile(const fs::path& imagesFile, const std::string& name,
                         const std::vector<std::string>& classNames) {
  std::string labelsName = imagesFile.filename().string();
  const auto at = labelsName.find("images-idx3");
  if (at == std::string::npos)
    throw inputError(imagesFile.string() + " is not named like an IDX images file (…-images-idx3-ubyte[.gz])");
  labelsName.replace(at, 11, "labels-idx1");
  const fs::path labelsFile = imagesFile.parent_path() / labelsName;
  if (!fs::exists(labelsFile))
    throw inputError("the labels file " + labelsFile.string() + " for " + imagesFile.string() + " is missing");
  Dataset dataset = loadPair(IdxFilePair{imagesFile, labelsFile}, name, classNames);
  dataset.source = imagesFile.string();
  return dataset;
}

}  // namespace latentlab
