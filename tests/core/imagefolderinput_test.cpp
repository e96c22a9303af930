// Image folders with broken files and sizes outside 4..1024: one warning naming the first
// broken file and no raw libpng line; --image-size makes any square size usable.
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/imagefolderreader.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/imgcodecs.hpp>
#endif

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

#ifdef LATENTLAB_HAVE_OPENCV

void writeGray(const fs::path& path, int side, int value) {
  fs::create_directories(path.parent_path());
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(side, side, CV_8UC1, cv::Scalar(value))));
}

// The first half of a real PNG: libpng fails with "Read Error" on it.
void writeTruncatedPng(const fs::path& path) {
  writeGray(path, 16, 100);
  const std::string bytes = test::readBytes(path);
  test::writeBytes(path, bytes.substr(0, bytes.size() / 2));
}

// Found by the imagefolder fuzzer (fuzz/crashes-found/imagefolder-ppm-header-gigapixel-malloc.ppm):
// 20 bytes of ASCII PPM whose header claims a huge image; skipped like any unreadable file.
TEST(ImageFolderInput, AHeaderClaimingAHugeImageIsSkippedWithTheWarning) {
  TempDir dir;
  writeGray(dir / "a" / "good1.png", 8, 10);
  writeGray(dir / "b" / "good2.png", 8, 20);
  test::writeBytes(dir / "a" / "huge.png", std::string("P3\n223333P3332P33\x03"
                                                       "8Z",
                                                       20));
  std::vector<std::string> warnings;
  const Dataset data = loadImageFolder(dir.path(), "set", ImageFolderOptions{16, 1}, &warnings);
  EXPECT_EQ(data.size(), 2u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("huge.png"), std::string::npos) << warnings[0];
}

TEST(ImageFolderInput, UnreadableImagesGiveOneWarningWithCountAndFirstFileAndNoLibpngLine) {
  TempDir dir;
  writeGray(dir / "a" / "good1.png", 8, 10);
  writeGray(dir / "b" / "good2.png", 8, 20);
  writeTruncatedPng(dir / "a" / "broken1.png");
  writeTruncatedPng(dir / "b" / "broken2.png");
  std::vector<std::string> warnings;
  testing::internal::CaptureStderr();
  const Dataset data = loadImageFolder(dir.path(), "set", {}, &warnings);
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(data.size(), 2u);
  EXPECT_EQ(printed.find("libpng"), std::string::npos) << printed;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("skipped 2 files"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find((dir / "a" / "broken1.png").string()), std::string::npos) << warnings[0];
  // stderr works again afterwards.
  testing::internal::CaptureStderr();
  std::fputs("still here", stderr);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "still here");
}

TEST(ImageFolderInput, TinyOrHugeSquareImagesAskForImageSize) {
  TempDir dir;
  writeGray(dir / "a" / "one.png", 1, 10);
  writeGray(dir / "b" / "two.png", 1, 200);
  try {
    loadImageFolder(dir.path(), "set", {});
    FAIL() << "1x1 images were accepted at their own size";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("are 1x1 pixels"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("{image-size}"), std::string::npos) << error.what();
  }
}

TEST(ImageFolderInput, ImageSizeResizesAnySquareSize) {
  TempDir dir;
  writeGray(dir / "a" / "one.png", 1, 10);
  writeGray(dir / "b" / "two.png", 1, 200);
  ImageFolderOptions options;
  options.size = 12;
  const Dataset data = loadImageFolder(dir.path(), "set", options);
  EXPECT_EQ(data.shape, (ImageShape{1, 12, 12}));
  EXPECT_EQ(data.image(1)[5], 200);
  options.size = 2048;
  EXPECT_THROW(loadImageFolder(dir.path(), "set", options), Error);
}

#endif

TEST(DatasetCatalog, RelativeDatasetPathIsStoredAbsoluteAndNamesStayNames) {
  TempDir dir;
  fs::create_directories(dir / "digits");
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  const std::string stored = DatasetCatalog::storedReference("./digits/");
  const std::string missing = DatasetCatalog::storedReference("nowhere/digits");
  fs::current_path(before);
  EXPECT_EQ(fs::path(stored), fs::canonical(dir / "digits"));
  EXPECT_EQ(missing, "nowhere/digits");
  EXPECT_EQ(DatasetCatalog::storedReference("mnist"), "mnist");
}

}  // namespace
}  // namespace latentlab
