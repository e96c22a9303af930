#include "data/svhnreader.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "fixtures.h"
#include "svhnmat.h"
#include "tempdir.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

#ifdef LATENTLAB_HAVE_MATIO

// MATLAB's X(row, col, channel, n), stored column-major.
std::uint8_t pixelAt(std::size_t row, std::size_t col, std::size_t channel, std::size_t n) {
  return std::uint8_t((row * 7 + col * 3 + channel * 50 + n * 11) % 256);
}

void writeSvhnMat(const fs::path& path, std::size_t count, const std::vector<double>& labels) {
  const std::size_t side = 32;
  std::vector<std::uint8_t> x(side * side * 3 * count);
  for (std::size_t n = 0; n < count; ++n)
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t col = 0; col < side; ++col)
        for (std::size_t row = 0; row < side; ++row)
          x[row + side * (col + side * (c + 3 * n))] = pixelAt(row, col, c, n);
  ASSERT_TRUE(test::writeSvhnMat(path, std::move(x), {side, side, 3, count}, labels));
}

TEST(SvhnReader, MatFileRoundTripsWithDigitZeroAsLabelTen) {
  TempDir dir;
  writeSvhnMat(dir / "train_32x32.mat", 3, {10, 1, 9});
  writeSvhnMat(dir / "test_32x32.mat", 2, {2, 10});
  const Dataset data = DatasetCatalog(dir.path().string()).load(dir.path().string());
  ASSERT_EQ(data.size(), 5u);
  EXPECT_EQ(data.officialTrainCount, 3u);
  EXPECT_EQ(data.shape, (ImageShape{3, 32, 32}));
  EXPECT_EQ(data.labels, (std::vector<std::int64_t>{0, 1, 9, 2, 0}));
  for (std::size_t n : {0u, 2u})
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t row : {0u, 5u, 31u})
        for (std::size_t col : {0u, 17u, 31u})
          EXPECT_EQ(data.image(n)[(c * 32 + row) * 32 + col], pixelAt(row, col, c, n));
}

TEST(SvhnReader, GarbageMatFileNamesIt) {
  TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  test::writeBytes(path, std::string(300, 'x'));
  try {
    readSvhnMat(path);
    FAIL() << "a garbage .mat file was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
}

#else

TEST(SvhnReader, NeedsMatio) {
  GTEST_SKIP() << "this build has no libmatio";
}

#endif

}  // namespace
}  // namespace latentlab
