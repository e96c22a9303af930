#include "data/idxreader.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

// Runs `read` and returns the Error's message; fails the test when nothing (or something else) is thrown.
template <typename Read>
std::string errorOf(Read read) {
  try {
    read();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected a latentlab::Error";
  return {};
}

void expectSameImages(const Dataset& actual, const Dataset& expected) {
  EXPECT_EQ(actual.shape, expected.shape);
  EXPECT_EQ(actual.pixels, expected.pixels);
  EXPECT_EQ(actual.labels, expected.labels);
}

class IdxFormats : public ::testing::TestWithParam<bool> {};

TEST_P(IdxFormats, ImagesAndLabelsRoundTrip) {
  const bool gzip = GetParam();
  TempDir dir;
  const Dataset train = test::makeBlobDataset(30, ImageShape{1, 12, 10}, 10, 3);
  const Dataset testPart = test::makeBlobDataset(7, ImageShape{1, 12, 10}, 10, 4);
  test::writeIdxFolder(dir.path(), train, testPart, gzip);

  const fs::path images = dir / (gzip ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte");
  const Dataset read = readIdxImages(images);
  EXPECT_EQ(read.shape, (ImageShape{1, 12, 10}));
  EXPECT_EQ(read.pixels, train.pixels);
  EXPECT_EQ(readIdxLabels(dir / (gzip ? "train-labels-idx1-ubyte.gz" : "train-labels-idx1-ubyte")), train.labels);

  // The folder joins train then test and marks the seam.
  const Dataset folder = loadIdxFolder(dir.path(), "digits", digitClassNames());
  ASSERT_EQ(folder.size(), 37u);
  EXPECT_EQ(folder.officialTrainCount, 30u);
  EXPECT_TRUE(folder.hasOfficialTestPart());
  EXPECT_EQ(folder.classNames, digitClassNames());
  EXPECT_TRUE(std::equal(train.pixels.begin(), train.pixels.end(), folder.pixels.begin()));
  EXPECT_TRUE(
      std::equal(testPart.pixels.begin(), testPart.pixels.end(), folder.pixels.begin() + long(train.pixels.size())));
  EXPECT_EQ(folder.labels[30], testPart.labels[0]);

  // The same folder through the catalog, by path.
  const Dataset viaCatalog = DatasetCatalog(dir.path().string()).load(dir.path().string());
  EXPECT_EQ(viaCatalog.pixels, folder.pixels);
  EXPECT_EQ(viaCatalog.labels, folder.labels);
}

INSTANTIATE_TEST_SUITE_P(GzipAndRaw, IdxFormats, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Gzip" : "Raw"; });

TEST(IdxReader, SingleImagesFileFindsItsLabels) {
  TempDir dir;
  const Dataset data = test::makeBlobDataset(5, ImageShape{1, 6, 6});
  test::writeIdxImages(dir / "kmnist-t10k-images-idx3-ubyte", data, false);
  test::writeIdxLabels(dir / "kmnist-t10k-labels-idx1-ubyte", data, false);
  expectSameImages(loadIdxImageFile(dir / "kmnist-t10k-images-idx3-ubyte", "k", {}), data);
}

TEST(IdxReader, TruncatedRawFileNamesTheFile) {
  TempDir dir;
  const fs::path path = dir / "train-images-idx3-ubyte";
  test::writeIdxImages(path, test::makeBlobDataset(10, ImageShape{1, 8, 8}), false);
  const std::string bytes = test::readBytes(path);
  test::writeBytes(path, bytes.substr(0, bytes.size() - 100));
  const std::string message = errorOf([&] { readIdxImages(path); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
}

TEST(IdxReader, TruncatedGzipFileNamesTheFile) {
  TempDir dir;
  const fs::path path = dir / "train-images-idx3-ubyte.gz";
  test::writeIdxImages(path, test::makeBlobDataset(200, ImageShape{1, 28, 28}), true);
  const std::string bytes = test::readBytes(path);
  test::writeBytes(path, bytes.substr(0, bytes.size() / 2));
  const std::string message = errorOf([&] { readIdxImages(path); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
}

TEST(IdxReader, TooShortHeaderNamesTheFile) {
  TempDir dir;
  const fs::path path = dir / "train-labels-idx1-ubyte";
  test::writeBytes(path, std::string("\0\0\x08", 3));
  const std::string message = errorOf([&] { readIdxLabels(path); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
}

TEST(IdxReader, WrongMagicNamesTheFile) {
  TempDir dir;
  const Dataset data = test::makeBlobDataset(4, ImageShape{1, 8, 8});
  // A labels file where the images should be, and the reverse.
  const fs::path labelsAsImages = dir / "train-images-idx3-ubyte";
  test::writeIdxLabels(labelsAsImages, data, false);
  std::string message = errorOf([&] { readIdxImages(labelsAsImages); });
  EXPECT_NE(message.find(labelsAsImages.string()), std::string::npos) << message;
  EXPECT_NE(message.find("magic"), std::string::npos) << message;

  const fs::path imagesAsLabels = dir / "train-labels-idx1-ubyte.gz";
  test::writeIdxImages(imagesAsLabels, data, true);
  message = errorOf([&] { readIdxLabels(imagesAsLabels); });
  EXPECT_NE(message.find(imagesAsLabels.string()), std::string::npos) << message;
}

TEST(IdxReader, MismatchedLabelCountNamesBothFiles) {
  TempDir dir;
  test::writeIdxImages(dir / "t10k-images-idx3-ubyte", test::makeBlobDataset(6, ImageShape{1, 8, 8}), false);
  test::writeIdxLabels(dir / "t10k-labels-idx1-ubyte", test::makeBlobDataset(5, ImageShape{1, 8, 8}), false);
  const std::string message = errorOf([&] { loadIdxFolder(dir.path(), "x", {}); });
  EXPECT_NE(message.find("t10k-labels-idx1-ubyte"), std::string::npos) << message;
  EXPECT_NE(message.find("t10k-images-idx3-ubyte"), std::string::npos) << message;
}

// The real files, when the machine has them.
TEST(IdxReader, RealFashionMnistHas70000Images) {
  const fs::path folder = "/usr/share/datasets/fashion-mnist";
  if (findIdxFiles(folder).empty()) GTEST_SKIP() << folder << " is not installed";
  const Dataset data = DatasetCatalog(folder.parent_path().string()).load("fashion-mnist");
  EXPECT_EQ(data.name, "fashion-mnist");
  EXPECT_EQ(data.size(), 70000u);
  EXPECT_EQ(data.officialTrainCount, 60000u);
  EXPECT_EQ(data.shape, (ImageShape{1, 28, 28}));
  ASSERT_EQ(data.classNames.size(), 10u);
  EXPECT_EQ(data.classNames[0], "T-shirt/top");
  std::vector<int> counts(10, 0);
  for (auto label : data.labels) {
    ASSERT_GE(label, 0);
    ASSERT_LT(label, 10);
    ++counts[std::size_t(label)];
  }
  for (int count : counts) EXPECT_EQ(count, 7000);
}

TEST(IdxReader, RealMnistTestSetHas10000Images) {
  const fs::path folder = test::sharedMnistDir();
  if (folder.empty()) GTEST_SKIP() << "the shared MNIST test set is not present";
  const Dataset data = loadIdxFolder(folder, "mnist", digitClassNames());
  EXPECT_EQ(data.size(), 10000u);
  EXPECT_EQ(data.shape, (ImageShape{1, 28, 28}));
  EXPECT_FALSE(data.hasOfficialTestPart());  // a test-only folder: the caller splits it
  ASSERT_GE(data.labels.size(), 5u);
  // The MNIST test set famously starts 7, 2, 1, 0, 4.
  EXPECT_EQ(std::vector<std::int64_t>(data.labels.begin(), data.labels.begin() + 5),
            (std::vector<std::int64_t>{7, 2, 1, 0, 4}));
  EXPECT_GT(*std::max_element(data.pixels.begin(), data.pixels.begin() + 784), 200);
}

}  // namespace
}  // namespace latentlab
