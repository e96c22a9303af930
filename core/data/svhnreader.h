#pragma once

#include "data/dataset.h"

#include <filesystem>

namespace latentlab {

// SVHN "cropped digits" (train_32x32.mat, test_32x32.mat): X is 32x32x3xN uint8 in
// MATLAB's column-major order, y is Nx1 with labels 1..10 where 10 means digit 0.

// True when this build can read MATLAB files (libmatio was found).
bool svhnSupported();

Dataset readSvhnMat(const std::filesystem::path& path);

bool looksLikeSvhnFolder(const std::filesystem::path& folder);

// Loads train_32x32.mat then test_32x32.mat.
Dataset loadSvhnFolder(const std::filesystem::path& folder, const std::string& name);

}  // namespace latentlab
