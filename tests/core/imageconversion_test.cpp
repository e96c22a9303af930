#include "images/imageconversion.h"
#include "common/error.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

namespace latentlab {
namespace {
namespace fs = std::filesystem;

// Planar RGB image of one pixel per colour: red, green, blue, white.
std::vector<std::uint8_t> primaries() {
  return {255, 0,   0,   255,   // R plane
          0,   255, 0,   255,   // G plane
          0,   0,   255, 255};  // B plane
}

TEST(ImageConversion, RgbToGrayUsesBt601Luminance) {
  const auto gray = convertImage(primaries().data(), ImageShape{3, 2, 2}, ImageShape{1, 2, 2});
  // 0.299, 0.587 and 0.114 of 255, rounded.
  EXPECT_EQ(gray, (std::vector<std::uint8_t>{76, 150, 29, 255}));
}

TEST(ImageConversion, GrayToRgbReplicatesAndAlphaIsDropped) {
  const std::vector<std::uint8_t> gray{0, 10, 200, 255};
  EXPECT_EQ(convertImage(gray.data(), ImageShape{1, 2, 2}, ImageShape{3, 2, 2}),
            (std::vector<std::uint8_t>{0, 10, 200, 255, 0, 10, 200, 255, 0, 10, 200, 255}));
  std::vector<std::uint8_t> rgba = primaries();
  rgba.insert(rgba.end(), {0, 0, 0, 0});  // fully transparent: still the colours
  EXPECT_EQ(convertImage(rgba.data(), ImageShape{4, 2, 2}, ImageShape{3, 2, 2}), primaries());
  EXPECT_EQ(convertImage(rgba.data(), ImageShape{4, 2, 2}, ImageShape{1, 2, 2}),
            (std::vector<std::uint8_t>{76, 150, 29, 255}));
}

TEST(ImageConversion, ShrinkingAveragesAreas) {
  // 56x56 checkerboard of 2x2 blocks and a constant: each 2x2 block becomes one pixel.
  std::vector<std::uint8_t> checker(56 * 56), constant(56 * 56, 77), fine(56 * 56);
  for (int y = 0; y < 56; ++y)
    for (int x = 0; x < 56; ++x) {
      checker[std::size_t(y) * 56 + x] = ((y / 2 + x / 2) % 2) ? 200 : 10;
      fine[std::size_t(y) * 56 + x] = ((y + x) % 2) ? 100 : 20;  // 1-pixel checker averages to 60
    }
  const ImageShape big{1, 56, 56}, small{1, 28, 28};
  const auto shrunk = convertImage(checker.data(), big, small);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) ASSERT_EQ(shrunk[std::size_t(y) * 28 + x], ((y + x) % 2) ? 200 : 10) << y << "," << x;
  EXPECT_EQ(convertImage(constant.data(), big, small), std::vector<std::uint8_t>(28 * 28, 77));
  EXPECT_EQ(convertImage(fine.data(), big, small), std::vector<std::uint8_t>(28 * 28, 60));
  // A non-integer ratio keeps a constant constant too.
  EXPECT_EQ(convertImage(constant.data(), big, ImageShape{1, 17, 23}), std::vector<std::uint8_t>(17 * 23, 77));
}

TEST(ImageConversion, GrowingInterpolatesBilinearly) {
  std::vector<std::uint8_t> ramp(7 * 7);
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) ramp[std::size_t(y) * 7 + x] = std::uint8_t(x * 40);
  const auto grown = convertImage(ramp.data(), ImageShape{1, 7, 7}, ImageShape{1, 28, 28});
  ASSERT_EQ(grown.size(), 28u * 28u);
  for (int y = 0; y < 28; ++y) {
    EXPECT_EQ(grown[std::size_t(y) * 28], 0);  // edges clamp to the border pixels
    EXPECT_EQ(grown[std::size_t(y) * 28 + 27], 240);
    for (int x = 1; x < 28; ++x) ASSERT_GE(grown[std::size_t(y) * 28 + x], grown[std::size_t(y) * 28 + x - 1]);
  }
  // Output pixel 5's centre is source position (5.5) / 4 - 0.5 = 0.875: 0.875 * 40 = 35.
  EXPECT_EQ(grown[5], 35);
  const std::vector<std::uint8_t> constant(49, 123);
  EXPECT_EQ(convertImage(constant.data(), ImageShape{1, 7, 7}, ImageShape{3, 28, 28}),
            std::vector<std::uint8_t>(3 * 28 * 28, 123));
}

TEST(ImageConversion, BadChannelCountIsAUsageError) {
  const std::vector<std::uint8_t> pixels(2 * 4 * 4, 0);
  try {
    convertImage(pixels.data(), ImageShape{2, 4, 4}, ImageShape{1, 4, 4});
    FAIL() << "2 channels were converted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("2 channels"), std::string::npos) << error.what();
  }
  EXPECT_THROW(convertImage(pixels.data(), ImageShape{1, 4, 4}, ImageShape{5, 4, 4}), Error);
}

TEST(ImageConversion, ConvertDatasetKeepsLabelsAndConvertsEveryImage) {
  const Dataset rgb = test::makeBlobDataset(6, ImageShape{3, 32, 32}, 3, 2);
  const Dataset gray = convertDataset(rgb, ImageShape{1, 28, 28});
  EXPECT_EQ(gray.shape, (ImageShape{1, 28, 28}));
  EXPECT_EQ(gray.labels, rgb.labels);
  EXPECT_EQ(gray.classNames, rgb.classNames);
  ASSERT_EQ(gray.pixels.size(), 6u * 28 * 28);
  const auto fifth = convertImage(rgb.image(4), rgb.shape, gray.shape);
  EXPECT_TRUE(std::equal(fifth.begin(), fifth.end(), gray.image(4)));
  EXPECT_EQ(convertDataset(rgb, rgb.shape).pixels, rgb.pixels);
}

std::string loadError(const fs::path& path) {
  try {
    loadImageFile(path, ImageShape{1, 28, 28});
  } catch (const Error& error) {
#ifdef LATENTLAB_HAVE_OPENCV
    EXPECT_EQ(error.kind(), ErrorKind::Input);
#endif
    return error.what();
  }
  ADD_FAILURE() << "no error for " << path;
  return {};
}

TEST(ImageConversion, LoadImageFileConvertsAPhotoToTheModelShape) {
#ifndef LATENTLAB_HAVE_OPENCV
  GTEST_SKIP() << "this build has no OpenCV";
#else
  test::TempDir dir;
  // A 40x60 colour photo: left half pure red, right half pure blue (OpenCV stores BGR).
  cv::Mat photo(40, 60, CV_8UC3, cv::Scalar(0, 0, 255));
  photo(cv::Rect(30, 0, 30, 40)).setTo(cv::Scalar(255, 0, 0));
  ASSERT_TRUE(cv::imwrite((dir / "photo.png").string(), photo));
  const auto gray = loadImageFile(dir / "photo.png", ImageShape{1, 28, 28});
  ASSERT_EQ(gray.size(), 28u * 28u);
  EXPECT_EQ(gray[10 * 28 + 2], 76);   // red's luminance
  EXPECT_EQ(gray[10 * 28 + 25], 29);  // blue's
  const auto rgb = loadImageFile(dir / "photo.png", ImageShape{3, 20, 30});
  ASSERT_EQ(rgb.size(), 3u * 20 * 30);
  EXPECT_EQ(rgb[0], 255);             // R plane, left: red
  EXPECT_EQ(rgb[2 * 600 + 29], 255);  // B plane, right: blue
  EXPECT_EQ(rgb[2 * 600 + 0], 0);

  // 16-bit gray with alpha-free PNG: 65535 -> 255.
  cv::Mat deep(10, 10, CV_16UC1, cv::Scalar(65535));
  ASSERT_TRUE(cv::imwrite((dir / "deep.png").string(), deep));
  EXPECT_EQ(loadImageFile(dir / "deep.png", ImageShape{1, 5, 5}), std::vector<std::uint8_t>(25, 255));
#endif
}

TEST(ImageConversion, UnreadableOrMissingFileNamesIt) {
  test::TempDir dir;
  test::writeBytes(dir / "garbage.png", "this is not a PNG at all, just some bytes");
  std::string message = loadError(dir / "garbage.png");
  EXPECT_NE(message.find("garbage.png"), std::string::npos) << message;
  message = loadError(dir / "missing.png");
  EXPECT_NE(message.find("missing.png"), std::string::npos) << message;
}

}  // namespace
}  // namespace latentlab
