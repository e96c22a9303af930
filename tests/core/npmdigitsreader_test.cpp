#include "data/npmdigitsreader.h"
#include "common/error.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace latentlab {
namespace {
using test::TempDir;

TEST(NpmDigitsReader, FolderRoundTrips) {
  TempDir dir;
  const Dataset data = test::makeBlobDataset(25, ImageShape{1, 28, 28}, 10, 5);
  test::writeNpmDigits(dir.path(), data);
  ASSERT_TRUE(looksLikeNpmDigitsFolder(dir.path()));
  const Dataset read = loadNpmDigitsFolder(dir.path(), "mnist");
  ASSERT_EQ(read.size(), data.size());
  EXPECT_EQ(read.shape, (ImageShape{1, 28, 28}));
  EXPECT_EQ(read.classNames, digitClassNames());
  EXPECT_FALSE(read.hasOfficialTestPart());
  // The reader groups by digit (file 0.json first); within a digit the order is kept.
  std::size_t at = 0;
  for (int digit = 0; digit < 10; ++digit)
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (data.labels[i] != digit) continue;
      ASSERT_EQ(read.labels[at], digit);
      EXPECT_TRUE(std::equal(data.image(i), data.image(i) + 784, read.image(at))) << "digit " << digit;
      ++at;
    }
}

TEST(NpmDigitsReader, MalformedFileNamesIt) {
  TempDir dir;
  test::writeNpmDigits(dir.path(), test::makeBlobDataset(10, ImageShape{1, 28, 28}));
  test::writeBytes(dir / "3.json", "{ \"data\": [0.5, 0.25, oops]}");
  try {
    loadNpmDigitsFolder(dir.path(), "mnist");
    FAIL() << "a malformed digit file was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find((dir / "3.json").string()), std::string::npos) << error.what();
  }
}

TEST(NpmDigitsReader, PartialDigitIsAnError) {
  TempDir dir;
  test::writeNpmDigits(dir.path(), test::makeBlobDataset(10, ImageShape{1, 28, 28}));
  test::writeBytes(dir / "7.json", "{ \"data\": [0.5, 0.25]}");
  EXPECT_THROW(loadNpmDigitsFolder(dir.path(), "mnist"), Error);
}

}  // namespace
}  // namespace latentlab
