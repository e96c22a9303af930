#pragma once

#include "data/dataset.h"

#include <filesystem>
#include <optional>

namespace latentlab {

// Readers for the IDX format of MNIST, Fashion-MNIST and KMNIST (gzip or raw).

// Reads an images file (magic 0x00000803) into a dataset without labels.
Dataset readIdxImages(const std::filesystem::path& path);

// Reads a labels file (magic 0x00000801).
std::vector<std::int64_t> readIdxLabels(const std::filesystem::path& path);

// The image and label files of one part of an IDX set.
struct IdxFilePair {
  std::filesystem::path images;
  std::filesystem::path labels;
};

// The files of an IDX set in a folder: train-images-idx3-ubyte[.gz] and friends
// (any prefix, so "kmnist-train-images-..." works too).
struct IdxFolderLayout {
  std::optional<IdxFilePair> train;
  std::optional<IdxFilePair> test;
  bool empty() const { return !train && !test; }
};
IdxFolderLayout findIdxFiles(const std::filesystem::path& folder);

// Loads the train part followed by the test part; officialTrainCount marks the seam.
Dataset loadIdxFolder(const std::filesystem::path& folder, const std::string& name,
                      const std::vector<std::string>& classNames);

// Loads one images file and the labels file beside it (…-images-idx3… -> …-labels-idx1…).
Dataset loadIdxImageFile(const std::filesystem::path& imagesFile, const std::string& name,
                         const std::vector<std::string>& classNames);

}  // namespace latentlab
