#include "images/imageconversion.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

namespace latentlab {
namespace fs = std::filesystem;

namespace {
// One output pixel along an axis: a weighted sum of source pixels.
struct Tap {
  int source;
  float weight;
};
using AxisWeights = std::vector<std::vector<Tap>>;

// Shrinking averages the source interval each output pixel covers (area); growing
// interpolates between the two nearest source centres (bilinear, half-pixel centres).
AxisWeights axisWeights(int from, int to) {
  AxisWeights weights(std::size_t(to), std::vector<Tap>{});
  const double scale = double(from) / double(to);
  for (int i = 0; i < to; ++i) {
    auto& taps = weights[std::size_t(i)];
    if (from == to) {
      taps.push_back({i, 1.0f});
    } else if (from > to) {
      const double begin = i * scale, end = (i + 1) * scale;
      for (int s = int(std::floor(begin)); s < int(std::ceil(end)) && s < from; ++s) {
        const double overlap = std::min(end, double(s + 1)) - std::max(begin, double(s));
        if (overlap > 0.0) taps.push_back({s, float(overlap / scale)});
      }
    } else {
      const double position = std::clamp((i + 0.5) * scale - 0.5, 0.0, double(from - 1));
      const int left = int(std::floor(position));
      const int right = std::min(left + 1, from - 1);
      const float fraction = float(position - left);
      taps.push_back({left, 1.0f - fraction});
      if (right != left && fraction > 0.0f) taps.push_back({right, fraction});
    }
  }
  return weights;
}

void checkChannels(int channels, const char* which) {
  if (channels != 1 && channels != 3 && channels != 4)
    throw usageError(std::string("cannot convert images with ") + std::to_string(channels) + " channels (" + which +
                     "); images must have 1 (gray), 3 (RGB) or 4 (RGBA) channels");
}

// Float planes of the target channel count at the source size.
std::vector<float> convertChannels(const std::uint8_t* pixels, ImageShape from, int channels) {
  const std::size_t plane = std::size_t(from.height) * from.width;
  std::vector<float> result(plane * std::size_t(channels));
  const int colour = std::min(from.channels, 3);  // alpha is dropped
  for (std::size_t p = 0; p < plane; ++p) {
    const float r = pixels[p];
    const float g = colour == 3 ? pixels[plane + p] : r;
    const float b = colour == 3 ? pixels[2 * plane + p] : r;
    if (channels == 1) {
      result[p] = colour == 3 ? 0.299f * r + 0.587f * g + 0.114f * b : r;  // ITU-R BT.601, as toGray
      continue;
    }
    result[p] = r;
    result[plane + p] = g;
    result[2 * plane + p] = b;
    if (channels == 4) result[3 * plane + p] = from.channels == 4 ? float(pixels[3 * plane + p]) : 255.0f;
  }
  return result;
}
}  // namespace

std::vector<std::uint8_t> convertImage(const std::uint8_t* pixels, ImageShape from, ImageShape to) {
  checkChannels(from.channels, "the source");
  checkChannels(to.channels, "the target");
  if (from.height <= 0 || from.width <= 0 || to.height <= 0 || to.width <= 0)
    throw usageError("cannot convert a " + from.toString() + " image to " + to.toString() + ": sizes must be positive");
  if (from == to) return std::vector<std::uint8_t>(pixels, pixels + from.pixelCount());

  const std::vector<float> source = convertChannels(pixels, from, to.channels);
  const AxisWeights rows = axisWeights(from.height, to.height);
  const AxisWeights columns = axisWeights(from.width, to.width);
  std::vector<float> wide(std::size_t(from.height) * to.width);
  std::vector<std::uint8_t> result(to.pixelCount());
  for (int c = 0; c < to.channels; ++c) {
    const float* plane = source.data() + std::size_t(c) * from.height * from.width;
    for (int y = 0; y < from.height; ++y)
      for (int x = 0; x < to.width; ++x) {
        float sum = 0.0f;
        for (const Tap& tap : columns[std::size_t(x)])
          sum += tap.weight * plane[std::size_t(y) * from.width + tap.source];
        wide[std::size_t(y) * to.width + x] = sum;
      }
    std::uint8_t* out = result.data() + std::size_t(c) * to.height * to.width;
    for (int y = 0; y < to.height; ++y)
      for (int x = 0; x < to.width; ++x) {
        float sum = 0.0f;
        for (const Tap& tap : rows[std::size_t(y)]) sum += tap.weight * wide[std::size_t(tap.source) * to.width + x];
        out[std::size_t(y) * to.width + x] = std::uint8_t(std::clamp(std::lround(sum), 0L, 255L));
      }
  }
  return result;
}

Dataset convertDataset(const Dataset& dataset, ImageShape to) {
  if (dataset.shape == to) return dataset;
  Dataset converted;
  converted.name = dataset.name;
  converted.source = dataset.source;
  converted.shape = to;
  converted.labels = dataset.labels;
  converted.classNames = dataset.classNames;
  converted.officialTrainCount = dataset.officialTrainCount;
  converted.pixels.reserve(dataset.size() * to.pixelCount());
  for (std::size_t i = 0; i < dataset.size(); ++i) {
    const auto image = convertImage(dataset.image(i), dataset.shape, to);
    converted.pixels.insert(converted.pixels.end(), image.begin(), image.end());
  }
  return converted;
}

#ifdef LATENTLAB_HAVE_OPENCV

std::vector<std::uint8_t> loadImageFile(const fs::path& path, ImageShape to) {
  std::error_code error;
  if (!fs::exists(path, error)) throw inputError(path.string() + " does not exist; check the file name");
  if (!fs::is_regular_file(path, error)) throw inputError(path.string() + " is not a file; choose an image file");
  const std::string kinds = "; open a PNG, JPEG, BMP, TIFF, WebP or PGM image";
  cv::Mat image;
  try {
    image = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception&) {
    image.release();  // OpenCV throws on some malformed files; treat them as unreadable
  }
  if (image.empty()) throw inputError(path.string() + " is not a readable image" + kinds);

  if (image.depth() == CV_16U) {
    image.convertTo(image, CV_8U, 1.0 / 257.0);
  } else if (image.depth() == CV_32F || image.depth() == CV_64F) {
    image.convertTo(image, CV_8U, 255.0);  // float images are taken to hold [0, 1]
  } else if (image.depth() != CV_8U) {
    throw inputError(path.string() + " has a pixel format LatentLab cannot read (not 8 or 16 bits)" + kinds);
  }
  const int channels = image.channels();
  if (channels != 1 && channels != 3 && channels != 4)
    throw inputError(path.string() + " has " + std::to_string(channels) + " channels; expected gray, RGB or RGBA" +
                     kinds);

  // OpenCV keeps pixels interleaved in BGR(A) order; LatentLab wants planar RGB(A).
  const ImageShape shape{channels, image.rows, image.cols};
  const std::size_t plane = std::size_t(image.rows) * image.cols;
  std::vector<std::uint8_t> planar(shape.pixelCount());
  for (int y = 0; y < image.rows; ++y) {
    const std::uint8_t* row = image.ptr<std::uint8_t>(y);
    for (int x = 0; x < image.cols; ++x)
      for (int c = 0; c < channels; ++c) {
        const int planeIndex = channels >= 3 && c < 3 ? 2 - c : c;
        planar[std::size_t(planeIndex) * plane + std::size_t(y) * image.cols + x] = row[x * channels + c];
      }
  }
  return convertImage(planar.data(), shape, to);
}

#else

std::vector<std::uint8_t> loadImageFile(const fs::path& path, ImageShape) {
  throw runtimeError("this build of LatentLab has no OpenCV, so it cannot read " + path.string() +
                     "; rebuild with OpenCV (libopencv-dev) installed");
}

#endif

}  // namespace latentlab
