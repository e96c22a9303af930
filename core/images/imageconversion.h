#pragma once

// Bringing images of any size and channel count to a model's input shape:
// photos the user opens and other datasets scored against a model. Torch-free.

#include "data/dataset.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace latentlab {

// `pixels`: one C x H x W uint8 image of shape `from`. Channels first (3 -> 1 by
// ITU-R 601 luminance, 1 -> 3 by replication, 4 -> drops alpha), then size
// (area averaging when shrinking, bilinear when growing). Throws a usage Error
// for channel counts other than 1, 3 or 4.
std::vector<std::uint8_t> convertImage(const std::uint8_t* pixels, ImageShape from, ImageShape to);

// A copy of `dataset` with every image converted to `to`; the same object's
// contents when it already has that shape.
Dataset convertDataset(const Dataset& dataset, ImageShape to);

// Reads a photo (PNG, JPEG, BMP, TIFF, WebP, PGM...) with OpenCV and converts it
// to `to`. Throws an input Error naming the file when it is missing, unreadable
// or not an image, and a runtime Error when LatentLab was built without OpenCV.
std::vector<std::uint8_t> loadImageFile(const std::filesystem::path& path, ImageShape to);

}  // namespace latentlab
