#include "data/imagefolderreader.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
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

TEST(ImageFolderReader, EmptyFolderIsAnErrorNamingIt) {
  TempDir dir;
  try {
    loadImageFolder(dir.path(), "empty", {});
    FAIL() << "an empty folder was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(dir.path().string()), std::string::npos) << error.what();
  }
  // Through the catalog too, with a hint about what belongs there.
  try {
    DatasetCatalog().load(dir.path().string());
    FAIL() << "an empty folder was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find("empty"), std::string::npos) << error.what();
  }
}

#ifdef LATENTLAB_HAVE_OPENCV

// A gray image whose pixel (y, x) is `base + 3y + x`.
cv::Mat rampImage(int rows, int cols, int base) {
  cv::Mat image(rows, cols, CV_8UC1);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) image.at<std::uint8_t>(y, x) = std::uint8_t(base + 3 * y + x);
  return image;
}

TEST(ImageFolderReader, ClassFoldersRoundTripAtTheirOwnSize) {
  TempDir dir;
  fs::create_directories(dir / "dog");
  fs::create_directories(dir / "cat");
  ASSERT_TRUE(cv::imwrite((dir / "cat" / "a.png").string(), rampImage(6, 6, 10)));
  ASSERT_TRUE(cv::imwrite((dir / "cat" / "b.png").string(), rampImage(6, 6, 50)));
  ASSERT_TRUE(cv::imwrite((dir / "dog" / "a.png").string(), rampImage(6, 6, 90)));
  const Dataset data = loadImageFolder(dir.path(), "pets", {});
  EXPECT_EQ(data.classNames, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(data.shape, (ImageShape{1, 6, 6}));
  EXPECT_EQ(data.labels, (std::vector<std::int64_t>{0, 0, 1}));
  EXPECT_EQ(data.image(0)[0], 10);
  EXPECT_EQ(data.image(1)[6 * 2 + 4], 50 + 3 * 2 + 4);
  EXPECT_EQ(data.image(2)[35], 90 + 15 + 5);
}

TEST(ImageFolderReader, ResizesToTheChosenSizeAndKeepsColorOrder) {
  TempDir dir;
  fs::create_directories(dir / "red");
  fs::create_directories(dir / "gray");
  ASSERT_TRUE(cv::imwrite((dir / "red" / "r.png").string(), cv::Mat(20, 30, CV_8UC3, cv::Scalar(0, 0, 255))));  // BGR
  ASSERT_TRUE(cv::imwrite((dir / "gray" / "g.png").string(), rampImage(9, 13, 0)));
  test::writeBytes(dir / "gray" / "broken.png", "not a png");
  std::vector<std::string> warnings;
  ImageFolderOptions options;
  options.size = 16;
  const Dataset data = loadImageFolder(dir.path(), "mixed", options, &warnings);
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data.shape, (ImageShape{3, 16, 16}));  // one color image makes the set RGB
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("broken.png"), std::string::npos);
  const std::uint8_t* red = data.image(1);  // classes sorted: gray, red
  EXPECT_EQ(data.labels[1], 1);
  EXPECT_EQ(red[0], 255);        // R plane
  EXPECT_EQ(red[256 + 40], 0);   // G plane
  EXPECT_EQ(red[512 + 100], 0);  // B plane

  options.channels = 1;
  options.size = 8;
  const Dataset gray = loadImageFolder(dir.path(), "mixed", options);
  EXPECT_EQ(gray.shape, (ImageShape{1, 8, 8}));
}

#else

TEST(ImageFolderReader, WithoutOpenCvSaysWhatToInstall) {
  EXPECT_FALSE(imageFoldersSupported());
  GTEST_SKIP() << "this build has no OpenCV";
}

#endif

}  // namespace
}  // namespace latentlab
