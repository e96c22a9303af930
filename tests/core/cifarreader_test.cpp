#include "data/cifarreader.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

TEST(CifarReader, BatchRoundTrips) {
  TempDir dir;
  const Dataset data = test::makeBlobDataset(12, ImageShape{3, 32, 32}, 10, 7);
  test::writeCifarBatch(dir / "data_batch_1.bin", data);
  const Dataset read = readCifarBatch(dir / "data_batch_1.bin");
  EXPECT_EQ(read.shape, (ImageShape{3, 32, 32}));
  EXPECT_EQ(read.pixels, data.pixels);
  EXPECT_EQ(read.labels, data.labels);
}

TEST(CifarReader, FolderJoinsTrainThenTestBatches) {
  TempDir dir;
  const Dataset first = test::makeBlobDataset(5, ImageShape{3, 32, 32}, 10, 1);
  const Dataset second = test::makeBlobDataset(4, ImageShape{3, 32, 32}, 10, 2);
  const Dataset testPart = test::makeBlobDataset(3, ImageShape{3, 32, 32}, 10, 3);
  test::writeCifarBatch(dir / "data_batch_1.bin", first);
  test::writeCifarBatch(dir / "data_batch_2.bin", second);
  test::writeCifarBatch(dir / "test_batch.bin", testPart);
  const Dataset read = DatasetCatalog(dir.path().string()).load(dir.path().string());
  ASSERT_EQ(read.size(), 12u);
  EXPECT_EQ(read.officialTrainCount, 9u);
  EXPECT_EQ(read.classNames.size(), 10u);
  EXPECT_EQ(read.classNames[0], "airplane");
  EXPECT_EQ(read.labels[5], second.labels[0]);
  EXPECT_EQ(read.labels[9], testPart.labels[0]);
}

TEST(CifarReader, WrongSizeNamesTheFile) {
  TempDir dir;
  const fs::path path = dir / "data_batch_1.bin";
  test::writeCifarBatch(path, test::makeBlobDataset(2, ImageShape{3, 32, 32}));
  test::writeBytes(path, test::readBytes(path) + "extra");
  try {
    readCifarBatch(path);
    FAIL() << "a batch of the wrong size was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("3073"), std::string::npos) << error.what();
  }
}

TEST(CifarReader, EmptyBatchIsAnError) {
  TempDir dir;
  test::writeBytes(dir / "test_batch.bin", "");
  EXPECT_THROW(readCifarBatch(dir / "test_batch.bin"), Error);
}

}  // namespace
}  // namespace latentlab
