#pragma once

// PNG encoding (zlib, no image library) and base64, so the lab report embeds images
// without OpenCV or Qt.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

// An 8-bit image, row-major and interleaved: width x height x channels bytes (1 gray, 3 RGB).
struct RasterImage {
  int width = 0;
  int height = 0;
  int channels = 1;
  std::vector<std::uint8_t> pixels;
};

// The PNG file's bytes; throws a usage Error for an empty image or channels other than 1 or 3.
std::string encodePng(const RasterImage& image);
// Writes it atomically; throws an Error naming the path.
void writePng(const std::filesystem::path& path, const RasterImage& image);

std::string base64Encode(const std::string& bytes);

// Cells of `images` (each gray or RGB, converted to RGB when any is) in `columns`
// columns, each scaled up by `scale` (nearest neighbour), `gap` white pixels apart.
RasterImage imageGrid(const std::vector<RasterImage>& images, int columns, int scale = 1, int gap = 2);

// A model image (channel-planar floats in [0, 1], channels x height x width) as an 8-bit image.
RasterImage rasterFromPlanar(const float* values, int channels, int height, int width);
RasterImage rasterFromPlanar(const std::uint8_t* values, int channels, int height, int width);

}  // namespace latentlab
