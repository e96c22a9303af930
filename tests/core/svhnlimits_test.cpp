// SVHN .mat files whose headers declare more than the file holds (found by the svhn fuzzer,
// fuzz/crashes-found/svhn-*.mat): refused with a message before libmatio allocates gigabytes.

#include "common/error.h"
#include "data/svhnreader.h"
#include "fixtures.h"
#include "svhnmat.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#ifdef LATENTLAB_HAVE_MATIO
#include <matio.h>
#include <zlib.h>
#endif

#include <chrono>
#include <fstream>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

#ifdef LATENTLAB_HAVE_MATIO

// An SVHN-like file with X of `xDims` (uint8) and y of `count` labels, written by libmatio.
void writeMat(const fs::path& path, std::vector<size_t> xDims, std::size_t count, matio_compression compression) {
  std::size_t values = 1;
  for (size_t d : xDims) values *= d;
  ASSERT_TRUE(test::writeSvhnMat(path, std::vector<std::uint8_t>(values, 7), xDims, std::vector<double>(count, 3.0),
                                 compression));
}

// The offset of the first dims list (X's) in an uncompressed v5 file that libmatio wrote:
// 128-byte header, 8-byte tag, 16 bytes of array flags, the dims tag.
constexpr std::streamoff kFirstDims = 128 + 8 + 16 + 8;

void patchInt32(const fs::path& path, std::streamoff offset, std::int32_t value) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(offset);
  file.write(reinterpret_cast<const char*>(&value), 4);
}

void expectRefusedQuickly(const fs::path& path, const std::string& part) {
  const auto start = std::chrono::steady_clock::now();
  try {
    readSvhnMat(path);
    ADD_FAILURE() << "accepted";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find(part), std::string::npos) << message;
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
}

TEST(SvhnReader, SmallFileDeclaringHugeImagesIsRefusedWithoutAllocating) {
  TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  // fuzz/crashes-found/svhn-small-file-6GB-resident.mat: X claims 16,252,960x32x3x2 in 6 KB.
  writeMat(path, {32, 32, 3, 2}, 2, MAT_COMPRESSION_NONE);
  patchInt32(path, kFirstDims, 16252960);
  expectRefusedQuickly(path, "16252960x32x3x2");
  // svhn-x-dims-claim-205GB.mat: a dimension that is negative as an int32.
  writeMat(path, {32, 32, 3, 2}, 2, MAT_COMPRESSION_NONE);
  patchInt32(path, kFirstDims, std::int32_t(0xff000020u));
  expectRefusedQuickly(path, "negative dimension");
  // svhn-matio-readinfo-malloc-2.6GB.mat: a dims list of 1.3 GB.
  writeMat(path, {32, 32, 3, 2}, 2, MAT_COMPRESSION_NONE);
  patchInt32(path, kFirstDims - 4, 0x4e000010);
  expectRefusedQuickly(path, "dimension list");
  // A variable that claims more bytes than the file has.
  writeMat(path, {32, 32, 3, 2}, 2, MAT_COMPRESSION_NONE);
  patchInt32(path, 128 + 4, 0x7ffffff0);
  expectRefusedQuickly(path, "bytes but only");
}

TEST(SvhnReader, FileWithoutV5HeaderIsRefusedBeforeLibmatioReadsItAsV4) {
  // fuzz/crashes-found/svhn-v4-fallback-oom-2.3GB-rss.mat: no v5 header, so libmatio falls back
  // to MATLAB v4 and sizes its buffers from a 20-byte header. v4 cannot hold a 4-D X anyway.
  TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  const std::int32_t v4Header[5] = {0, 100000, 100000, 0, 2};  // double, 100000x100000, name "X"
  test::writeBytes(path, std::string(reinterpret_cast<const char*>(v4Header), sizeof v4Header) + std::string("X\0", 2) +
                             std::string(200, '\0'));
  expectRefusedQuickly(path, "not a MATLAB v5/v7 .mat file");
}

TEST(SvhnReader, ComplexImagesAreRefusedNotReadAsPixels) {
  // Found by the svhn fuzzer: a complex X's data is libmatio's pair of pointers (16 bytes),
  // which was read as 3072 pixels (heap-buffer-overflow).
  TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  std::vector<std::uint8_t> real(32 * 32 * 3 * 2, 1), imaginary(real.size(), 2);
  std::vector<double> y(2, 3.0);
  mat_complex_split_t x{real.data(), imaginary.data()};
  mat_t* file = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  ASSERT_NE(file, nullptr);
  size_t xDims[4] = {32, 32, 3, 2};
  size_t yDims[2] = {2, 1};
  matvar_t* xVar = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, xDims, &x, MAT_F_COMPLEX);
  matvar_t* yVar = Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, yDims, y.data(), 0);
  ASSERT_EQ(Mat_VarWrite(file, xVar, MAT_COMPRESSION_NONE), 0);
  ASSERT_EQ(Mat_VarWrite(file, yVar, MAT_COMPRESSION_NONE), 0);
  Mat_VarFree(xVar);
  Mat_VarFree(yVar);
  Mat_Close(file);
  expectRefusedQuickly(path, "real uint8");
}

TEST(SvhnReader, ImagesThatAreNot32x32x3AreRefused) {
  TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  writeMat(path, {31, 32, 3, 2}, 2, MAT_COMPRESSION_NONE);
  expectRefusedQuickly(path, "X is 31x32x3x2");
  writeMat(path, {32, 32, 1, 2}, 2, MAT_COMPRESSION_ZLIB);
  expectRefusedQuickly(path, "X is 32x32x1x2");
}

TEST(SvhnReader, CompressedFilesStillLoadAndTheirDeclaredSizesAreBounded) {
  TempDir dir;
  const fs::path path = dir / "train_32x32.mat";
  writeMat(path, {32, 32, 3, 5}, 5, MAT_COMPRESSION_ZLIB);
  const Dataset data = readSvhnMat(path);
  EXPECT_EQ(data.size(), 5u);
  EXPECT_EQ(data.labels[4], 3);

  // A compressed X whose inflated header claims 3 GB: rewritten from a stream of our own.
  const std::string original = test::readBytes(path);
  std::string fake = original.substr(0, 128);
  // miMATRIX: flags (uint8 class), dims 32x32x3x1000000, name "X", then (absent) data.
  std::vector<std::int32_t> matrix = {14, 0x7fffff00, 6, 8, 9, 0, 5, 16, 32, 32, 3, 1000000, 0x00010001, 'X'};
  std::string inflated(reinterpret_cast<const char*>(matrix.data()), matrix.size() * 4);
  inflated += std::string(4096, '\0');
  uLongf packedSize = compressBound(uLong(inflated.size()));
  std::string packed(packedSize, '\0');
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(packed.data()), &packedSize,
                     reinterpret_cast<const Bytef*>(inflated.data()), uLong(inflated.size())),
            Z_OK);
  packed.resize(packedSize);
  const std::int32_t tag[2] = {15, std::int32_t(packed.size())};
  fake += std::string(reinterpret_cast<const char*>(tag), 8) + packed;
  test::writeBytes(path, fake);
  expectRefusedQuickly(path, "once inflated");
}

#endif

}  // namespace
}  // namespace latentlab
