#include "data/cifarreader.h"

#include "common/error.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
constexpr int kSide = 32;
constexpr std::size_t kPixels = 3 * kSide * kSide;
constexpr std::size_t kRecord = 1 + kPixels;

std::vector<std::string> defaultCifarClasses() {
  return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
}

std::vector<std::string> readClassNames(const fs::path& folder) {
  std::ifstream in(folder / "batches.meta.txt");
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line != "\r") names.push_back(line.back() == '\r' ? line.substr(0, line.size() - 1) : line);
  return names.size() == 10 ? names : defaultCifarClasses();
}

std::vector<fs::path> trainBatches(const fs::path& folder) {
  std::vector<fs::path> batches;
  for (int index = 1; index <= 5; ++index) {
    const fs::path path = folder / ("data_batch_" + std::to_string(index) + ".bin");
    if (fs::exists(path)) batches.push_back(path);
  }
  return batches;
}
}  // namespace

Dataset readCifarBatch(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw inputError("cannot open " + path.string() + ": the file does not exist or is not readable");
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty() || bytes.size() % kRecord != 0)
    throw inputError(path.string() + " is " + std::to_string(bytes.size()) +
                     " bytes, not a whole number of CIFAR-10 records (3073 bytes each; a batch is 30,730,000 bytes); "
                     "the file is truncated or not a CIFAR-10 binary batch");
  Dataset dataset;
  dataset.source = path.string();
  dataset.shape = ImageShape{3, kSide, kSide};
  const std::size_t count = bytes.size() / kRecord;
  dataset.labels.reserve(count);
  dataset.pixels.reserve(count * kPixels);
  for (std::size_t record = 0; record < count; ++record) {
    const auto* start = bytes.data() + record * kRecord;
    if (start[0] > 9)
      throw inputError(path.string() + " has label " + std::to_string(start[0]) + " in record " +
                       std::to_string(record) + "; CIFAR-10 labels are 0..9, so this is not a CIFAR-10 batch");
    dataset.labels.push_back(start[0]);
    dataset.pixels.insert(dataset.pixels.end(), start + 1, start + kRecord);
  }
  dataset.officialTrainCount = count;
  return dataset;
}

bool looksLikeCifarFolder(const fs::path& folder) {
  return fs::is_directory(folder) && (fs::exists(folder / "data_batch_1.bin") || fs::exists(folder / "test_batch.bin"));
}

Dataset loadCifarFolder(const fs::path& folder, const std::string& name) {
  const auto batches = trainBatches(folder);
  const fs::path testBatch = folder / "test_batch.bin";
  if (batches.empty() && !fs::exists(testBatch))
    throw inputError(folder.string() +
                     " holds no CIFAR-10 batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin)");
  Dataset dataset;
  dataset.shape = ImageShape{3, kSide, kSide};
  for (const auto& batch : batches) appendDataset(dataset, readCifarBatch(batch));
  dataset.officialTrainCount = dataset.size();
  if (fs::exists(testBatch)) {
    appendDataset(dataset, readCifarBatch(testBatch));
    if (batches.empty()) dataset.officialTrainCount = dataset.size();
  }
  dataset.name = name;
  dataset.source = folder.string();
  dataset.classNames = readClassNames(folder);
  return dataset;
}

}  // namespace latentlab
