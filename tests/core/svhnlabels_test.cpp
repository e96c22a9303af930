// SVHN labels of any numeric type are read; NaN or fractions are refused naming the index
// (NaN used to become -9223372036854775808, int32 labels were refused as "-1.000000").
#include "common/error.h"
#include "data/svhnreader.h"
#include "svhnmat.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <cmath>

namespace latentlab {
namespace {
namespace fs = std::filesystem;

#ifdef LATENTLAB_HAVE_MATIO

// X as 32x32x3xN uint8 pixels; y of the given matio class and type.
template <typename Label>
void writeMat(const fs::path& path, std::vector<Label> labels, matio_classes labelClass, matio_types labelType) {
  const std::size_t count = labels.size();
  ASSERT_TRUE(test::writeSvhnMat(path, std::vector<std::uint8_t>(32 * 32 * 3 * count, 7), {32, 32, 3, count},
                                 std::move(labels), labelClass, labelType));
}

std::string readError(const fs::path& path) {
  try {
    readSvhnMat(path);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    return error.what();
  }
  return "";
}

TEST(SvhnReader, NanLabelIsRefusedNamingTheFileAndIndex) {
  test::TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  writeMat<double>(path, {1, 2, std::nan(""), 4}, MAT_C_DOUBLE, MAT_T_DOUBLE);
  const std::string message = readError(path);
  EXPECT_NE(message.find(path.string() + ": y(3) = nan is not an SVHN label"), std::string::npos) << message;
}

TEST(SvhnReader, FractionalOrOutOfRangeLabelsAreRefused) {
  test::TempDir dir;
  writeMat<double>(dir / "a.mat", {1, 2.5}, MAT_C_DOUBLE, MAT_T_DOUBLE);
  EXPECT_NE(readError(dir / "a.mat").find("y(2) = 2.5"), std::string::npos) << readError(dir / "a.mat");
  writeMat<double>(dir / "b.mat", {11}, MAT_C_DOUBLE, MAT_T_DOUBLE);
  EXPECT_NE(readError(dir / "b.mat").find("y(1) = 11"), std::string::npos);
  writeMat<double>(dir / "c.mat", {INFINITY}, MAT_C_DOUBLE, MAT_T_DOUBLE);
  EXPECT_NE(readError(dir / "c.mat").find("y(1) = inf"), std::string::npos);
}

TEST(SvhnReader, IntegerLabelsOfAnyTypeAreRead) {
  test::TempDir dir;
  writeMat<std::int32_t>(dir / "i32.mat", {10, 1, 9}, MAT_C_INT32, MAT_T_INT32);
  writeMat<std::uint16_t>(dir / "u16.mat", {10, 1, 9}, MAT_C_UINT16, MAT_T_UINT16);
  writeMat<std::int64_t>(dir / "i64.mat", {10, 1, 9}, MAT_C_INT64, MAT_T_INT64);
  writeMat<float>(dir / "f32.mat", {10, 1, 9}, MAT_C_SINGLE, MAT_T_SINGLE);
  for (const char* name : {"i32.mat", "u16.mat", "i64.mat", "f32.mat"}) {
    const Dataset data = readSvhnMat(dir / name);
    EXPECT_EQ(data.labels, (std::vector<std::int64_t>{0, 1, 9})) << name;
  }
  writeMat<std::int32_t>(dir / "bad.mat", {-1}, MAT_C_INT32, MAT_T_INT32);
  EXPECT_NE(readError(dir / "bad.mat").find("y(1) = -1 is not"), std::string::npos) << readError(dir / "bad.mat");
}

#else

TEST(SvhnReader, LabelChecksNeedMatio) {
  GTEST_SKIP() << "this build has no libmatio";
}

#endif

}  // namespace
}  // namespace latentlab
