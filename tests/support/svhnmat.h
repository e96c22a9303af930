#pragma once
// SVHN-style .mat files written by libmatio, an independent writer (SVHN's own files are
// MATLAB's): X as uint8 pixels of any dims, y as N x 1 labels of any numeric type.
// Header-only: only the test binaries that link libmatio include it.
#ifdef LATENTLAB_HAVE_MATIO

#include <matio.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace latentlab::test {

// Returns false when libmatio could not write the file (the caller asserts).
template <typename Label>
bool writeSvhnMat(const std::filesystem::path& path, std::vector<std::uint8_t> x, std::vector<size_t> xDims,
                  std::vector<Label> labels, matio_classes labelClass, matio_types labelType,
                  matio_compression compression = MAT_COMPRESSION_NONE) {
  mat_t* file = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  if (!file) return false;
  size_t yDims[2] = {labels.size(), 1};
  matvar_t* xVar = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, int(xDims.size()), xDims.data(), x.data(), 0);
  matvar_t* yVar = Mat_VarCreate("y", labelClass, labelType, 2, yDims, labels.data(), 0);
  const bool written =
      xVar && yVar && Mat_VarWrite(file, xVar, compression) == 0 && Mat_VarWrite(file, yVar, compression) == 0;
  Mat_VarFree(xVar);
  Mat_VarFree(yVar);
  Mat_Close(file);
  return written;
}

// The usual case: double labels, as MATLAB writes them.
inline bool writeSvhnMat(const std::filesystem::path& path, std::vector<std::uint8_t> x, std::vector<size_t> xDims,
                         std::vector<double> labels, matio_compression compression = MAT_COMPRESSION_NONE) {
  return writeSvhnMat<double>(path, std::move(x), std::move(xDims), std::move(labels), MAT_C_DOUBLE, MAT_T_DOUBLE,
                              compression);
}

}  // namespace latentlab::test

#endif
