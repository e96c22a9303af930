#include "fixtures.h"

#include <zlib.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace latentlab::test {
namespace fs = std::filesystem;

namespace {
void appendBigEndian(std::string& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(char((value >> shift) & 0xFF));
}

void writeMaybeGzip(const fs::path& path, const std::string& bytes, bool gzip) {
  if (!gzip) return writeBytes(path, bytes);
  gzFile file = gzopen(path.c_str(), "wb");
  if (!file) throw std::runtime_error("cannot write " + path.string());
  gzwrite(file, bytes.data(), unsigned(bytes.size()));
  gzclose(file);
}
}  // namespace

Dataset makeBlobDataset(std::size_t count, ImageShape shape, int classes, std::uint64_t seed) {
  Dataset dataset;
  dataset.name = "blobs";
  dataset.source = "generated";
  dataset.shape = shape;
  for (int k = 0; k < classes; ++k) dataset.classNames.push_back("class" + std::to_string(k));
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> noise(0, 40);
  const int side = std::max(2, shape.height / 4);
  dataset.pixels.resize(count * shape.pixelCount());
  for (std::size_t i = 0; i < count; ++i) {
    const int label = int(i % std::size_t(classes));
    dataset.labels.push_back(label);
    const int top = (label * 3) % std::max(1, shape.height - side);
    const int left = (label * 7) % std::max(1, shape.width - side);
    std::uint8_t* image = dataset.pixels.data() + i * shape.pixelCount();
    for (int c = 0; c < shape.channels; ++c)
      for (int y = 0; y < shape.height; ++y)
        for (int x = 0; x < shape.width; ++x) {
          const bool inside = y >= top && y < top + side && x >= left && x < left + side;
          const int value = (inside ? 200 + c * 10 : 0) + noise(random);
          image[(c * shape.height + y) * shape.width + x] = std::uint8_t(std::min(255, value));
        }
  }
  dataset.officialTrainCount = count;
  return dataset;
}

Dataset makeNoiseDataset(std::size_t count, ImageShape shape, int classes, std::uint64_t seed) {
  Dataset dataset = makeBlobDataset(count, shape, classes, seed);
  dataset.name = "noise";
  std::mt19937_64 random(seed);
  for (auto& pixel : dataset.pixels) pixel = std::uint8_t(random() & 0xFF);
  return dataset;
}

void writeIdxImages(const fs::path& path, const Dataset& dataset, bool gzip) {
  std::string bytes;
  appendBigEndian(bytes, 0x00000803);
  appendBigEndian(bytes, std::uint32_t(dataset.size()));
  appendBigEndian(bytes, std::uint32_t(dataset.shape.height));
  appendBigEndian(bytes, std::uint32_t(dataset.shape.width));
  bytes.append(reinterpret_cast<const char*>(dataset.pixels.data()), dataset.pixels.size());
  writeMaybeGzip(path, bytes, gzip);
}

void writeIdxLabels(const fs::path& path, const Dataset& dataset, bool gzip) {
  std::string bytes;
  appendBigEndian(bytes, 0x00000801);
  appendBigEndian(bytes, std::uint32_t(dataset.size()));
  for (auto label : dataset.labels) bytes.push_back(char(label));
  writeMaybeGzip(path, bytes, gzip);
}

void writeIdxFolder(const fs::path& folder, const Dataset& train, const Dataset& test, bool gzip) {
  fs::create_directories(folder);
  const std::string suffix = gzip ? ".gz" : "";
  writeIdxImages(folder / ("train-images-idx3-ubyte" + suffix), train, gzip);
  writeIdxLabels(folder / ("train-labels-idx1-ubyte" + suffix), train, gzip);
  writeIdxImages(folder / ("t10k-images-idx3-ubyte" + suffix), test, gzip);
  writeIdxLabels(folder / ("t10k-labels-idx1-ubyte" + suffix), test, gzip);
}

void writeCifarBatch(const fs::path& path, const Dataset& dataset) {
  std::string bytes;
  for (std::size_t i = 0; i < dataset.size(); ++i) {
    bytes.push_back(char(dataset.labels[i]));
    bytes.append(reinterpret_cast<const char*>(dataset.image(i)), dataset.shape.pixelCount());
  }
  writeBytes(path, bytes);
}

void writeNpmDigits(const fs::path& folder, const Dataset& dataset) {
  fs::create_directories(folder);
  for (int digit = 0; digit < 10; ++digit) {
    std::ostringstream json;
    json << "{ \"data\": [";
    bool first = true;
    for (std::size_t i = 0; i < dataset.size(); ++i) {
      if (dataset.labels[i] != digit) continue;
      for (std::size_t p = 0; p < dataset.shape.pixelCount(); ++p) {
        json << (first ? "" : ",") << double(dataset.image(i)[p]) / 255.0;
        first = false;
      }
    }
    json << "]}";
    writeBytes(folder / (std::to_string(digit) + ".json"), json.str());
  }
}

void writeBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

fs::path sharedMnistDir() {
  const fs::path dir = LATENTLAB_SHARED_MNIST_DIR;
  return fs::exists(dir / "t10k-images-idx3-ubyte.gz") ? dir : fs::path();
}

}  // namespace latentlab::test
