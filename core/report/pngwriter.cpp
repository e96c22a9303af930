#include "report/pngwriter.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {

void putBigEndian(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += char((value >> shift) & 0xffu);
}

void putChunk(std::string& out, const char* type, const std::string& data) {
  putBigEndian(out, std::uint32_t(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  putBigEndian(out, std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
}

}  // namespace

std::string encodePng(const RasterImage& image) {
  if (image.width <= 0 || image.height <= 0 || (image.channels != 1 && image.channels != 3) ||
      image.pixels.size() != std::size_t(image.width) * std::size_t(image.height) * std::size_t(image.channels))
    throw usageError("cannot encode a PNG of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                     "x" + std::to_string(image.channels) + " from " + std::to_string(image.pixels.size()) + " bytes");
  std::string header;
  putBigEndian(header, std::uint32_t(image.width));
  putBigEndian(header, std::uint32_t(image.height));
  header += char(8);                            // bit depth
  header += char(image.channels == 1 ? 0 : 2);  // gray or RGB
  header += std::string("\0\0\0", 3);           // deflate, adaptive filtering, no interlace

  const std::size_t stride = std::size_t(image.width) * std::size_t(image.channels);
  std::string raw;
  raw.reserve((stride + 1) * std::size_t(image.height));
  for (int y = 0; y < image.height; ++y) {
    raw += char(0);  // filter: none
    raw.append(reinterpret_cast<const char*>(image.pixels.data()) + std::size_t(y) * stride, stride);
  }
  uLongf size = compressBound(uLong(raw.size()));
  std::string compressed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                uLong(raw.size()), 6) != Z_OK)
    throw runtimeError("zlib could not compress a PNG image");
  compressed.resize(size);

  std::string out("\x89PNG\r\n\x1a\n", 8);
  putChunk(out, "IHDR", header);
  putChunk(out, "IDAT", compressed);
  putChunk(out, "IEND", {});
  return out;
}

void writePng(const std::filesystem::path& path, const RasterImage& image) {
  const std::string bytes = encodePng(image);
  writeFileAtomically(path, [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
}

std::string base64Encode(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                            (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

RasterImage imageGrid(const std::vector<RasterImage>& images, int columns, int scale, int gap) {
  RasterImage grid;
  if (images.empty() || columns <= 0) return grid;
  int cellWidth = 0, cellHeight = 0;
  grid.channels = 1;
  for (const auto& image : images) {
    cellWidth = std::max(cellWidth, image.width * scale);
    cellHeight = std::max(cellHeight, image.height * scale);
    if (image.channels == 3) grid.channels = 3;
  }
  columns = std::min<int>(columns, int(images.size()));
  const int rows = (int(images.size()) + columns - 1) / columns;
  grid.width = columns * cellWidth + (columns - 1) * gap;
  grid.height = rows * cellHeight + (rows - 1) * gap;
  grid.pixels.assign(std::size_t(grid.width) * std::size_t(grid.height) * std::size_t(grid.channels), 255);
  for (std::size_t n = 0; n < images.size(); ++n) {
    const auto& image = images[n];
    const int x0 = int(n) % columns * (cellWidth + gap), y0 = int(n) / columns * (cellHeight + gap);
    for (int y = 0; y < image.height * scale; ++y)
      for (int x = 0; x < image.width * scale; ++x)
        for (int c = 0; c < grid.channels; ++c) {
          const std::size_t source = (std::size_t(y / scale) * std::size_t(image.width) + std::size_t(x / scale)) *
                                         std::size_t(image.channels) +
                                     std::size_t(image.channels == 3 ? c : 0);
          grid.pixels[(std::size_t(y0 + y) * std::size_t(grid.width) + std::size_t(x0 + x)) *
                          std::size_t(grid.channels) +
                      std::size_t(c)] = image.pixels[source];
        }
  }
  return grid;
}

RasterImage rasterFromPlanar(const float* values, int channels, int height, int width) {
  RasterImage image{width, height, channels == 3 ? 3 : 1, {}};
  const std::size_t plane = std::size_t(width) * std::size_t(height);
  image.pixels.resize(plane * std::size_t(image.channels));
  for (std::size_t i = 0; i < plane; ++i)
    for (int c = 0; c < image.channels; ++c)
      image.pixels[i * std::size_t(image.channels) + std::size_t(c)] =
          std::uint8_t(std::lround(std::clamp(double(values[std::size_t(c) * plane + i]), 0.0, 1.0) * 255.0));
  return image;
}

RasterImage rasterFromPlanar(const std::uint8_t* values, int channels, int height, int width) {
  RasterImage image{width, height, channels == 3 ? 3 : 1, {}};
  const std::size_t plane = std::size_t(width) * std::size_t(height);
  image.pixels.resize(plane * std::size_t(image.channels));
  for (std::size_t i = 0; i < plane; ++i)
    for (int c = 0; c < image.channels; ++c)
      image.pixels[i * std::size_t(image.channels) + std::size_t(c)] = values[std::size_t(c) * plane + i];
  return image;
}

}  // namespace latentlab
