#include "latent/projectorexport.h"

#include "common/atomicfile.h"
#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace latentlab {
namespace fs = std::filesystem;

namespace {
constexpr int kMaxSpriteSide = 8192;  // the largest sprite the projector loads

// Rows and columns of the sprite grid and the size of one (shrunk) image in it.
struct SpriteLayout {
  int columns = 1;
  int tileWidth = 1;
  int tileHeight = 1;
};

SpriteLayout spriteLayout(std::size_t count, const ImageShape& shape) {
  SpriteLayout layout;
  layout.columns = std::max(1, int(std::ceil(std::sqrt(double(std::max<std::size_t>(count, 1))))));
  const int largest = std::max({shape.width, shape.height, 1});
  const int side = std::max(1, std::min(largest, kMaxSpriteSide / layout.columns));
  const double scale = double(side) / double(largest);
  layout.tileWidth = std::max(1, int(std::lround(shape.width * scale)));
  layout.tileHeight = std::max(1, int(std::lround(shape.height * scale)));
  return layout;
}

#ifdef LATENTLAB_HAVE_OPENCV
void writeSprite(const fs::path& file, const EncodedSet& codes, const Dataset& dataset, const SpriteLayout& layout) {
  const ImageShape shape = dataset.shape;
  const bool color = shape.channels >= 3;
  const int rows = int((codes.count() + std::size_t(layout.columns) - 1) / std::size_t(layout.columns));
  try {
    cv::Mat sprite(std::max(1, rows) * layout.tileHeight, layout.columns * layout.tileWidth, color ? CV_8UC3 : CV_8UC1,
                   cv::Scalar::all(255));
    const std::size_t plane = std::size_t(shape.height) * std::size_t(shape.width);
    cv::Mat tile(shape.height, shape.width, color ? CV_8UC3 : CV_8UC1), shrunk;
    for (std::size_t i = 0; i < codes.count(); ++i) {
      const std::uint8_t* image = dataset.image(codes.indices[i]);
      for (int y = 0; y < shape.height; ++y)
        for (int x = 0; x < shape.width; ++x) {
          const std::size_t p = std::size_t(y) * std::size_t(shape.width) + std::size_t(x);
          if (color)
            tile.at<cv::Vec3b>(y, x) = cv::Vec3b(image[2 * plane + p], image[plane + p], image[p]);  // BGR
          else
            tile.at<std::uint8_t>(y, x) = image[p];
        }
      const cv::Mat* placed = &tile;
      if (layout.tileWidth != shape.width || layout.tileHeight != shape.height) {
        cv::resize(tile, shrunk, cv::Size(layout.tileWidth, layout.tileHeight), 0, 0, cv::INTER_AREA);
        placed = &shrunk;
      }
      const int row = int(i / std::size_t(layout.columns)), column = int(i % std::size_t(layout.columns));
      placed->copyTo(
          sprite(cv::Rect(column * layout.tileWidth, row * layout.tileHeight, layout.tileWidth, layout.tileHeight)));
    }
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", sprite, png)) throw runtimeError("OpenCV could not encode the sprite " + file.string());
    writeFileAtomically(file, [&](std::ostream& out) {
      out.write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size()));
    });
  } catch (const cv::Exception& error) {
    throw runtimeError("writing the sprite " + file.string() + " failed: " + error.what());
  }
}
#endif
}  // namespace

void writeCodesCsv(const fs::path& file, const EncodedSet& codes) {
  writeFileAtomically(file, [&](std::ostream& out) {
    out.precision(std::numeric_limits<float>::max_digits10);  // the codes read back exactly
    out << "index,label";
    for (int d = 0; d < codes.codeSize; ++d) out << ",z" << d;
    out << "\n";
    for (std::size_t i = 0; i < codes.count(); ++i) {
      out << codes.indices[i] << "," << (i < codes.labels.size() ? codes.labels[i] : -1);
      for (int d = 0; d < codes.codeSize; ++d) out << "," << codes.code(i)[d];
      out << "\n";
    }
  });
}

void exportProjector(const fs::path& folder, const EncodedSet& codes, const Dataset& dataset,
                     const std::vector<std::string>& classNames, std::vector<std::string>* warnings) {
  for (std::size_t index : codes.indices)
    if (index >= dataset.size())
      throw usageError("the codes name item " + std::to_string(index) + " but " + dataset.name + " holds " +
                       std::to_string(dataset.size()) + " items; export with the dataset they were encoded from");
  std::error_code error;
  fs::create_directories(folder, error);
  if (!fs::is_directory(folder))
    throw inputError("cannot create the folder " + folder.string() + "; choose a writable folder");
  writeFileAtomically(folder / "tensors.tsv", [&](std::ostream& out) {
    out.precision(7);  // what the projector's float32 display needs
    for (std::size_t i = 0; i < codes.count(); ++i) {
      for (int d = 0; d < codes.codeSize; ++d) out << (d ? "\t" : "") << codes.code(i)[d];
      out << "\n";
    }
  });
  writeFileAtomically(folder / "metadata.tsv", [&](std::ostream& out) {
    out << "index\tlabel\tclass\n";
    for (std::size_t i = 0; i < codes.count(); ++i) {
      const std::int64_t label = i < codes.labels.size() ? codes.labels[i] : -1;
      std::string name =
          label >= 0 && std::size_t(label) < classNames.size() ? classNames[std::size_t(label)] : std::to_string(label);
      std::replace_if(
          name.begin(), name.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
      out << codes.indices[i] << "\t" << label << "\t" << name << "\n";
    }
  });
  std::ostringstream config;
  config << "embeddings {\n  tensor_name: \"latent codes\"\n  tensor_path: \"tensors.tsv\"\n"
         << "  metadata_path: \"metadata.tsv\"\n";
#ifdef LATENTLAB_HAVE_OPENCV
  const SpriteLayout layout = spriteLayout(codes.count(), dataset.shape);
  writeSprite(folder / "sprite.png", codes, dataset, layout);
  config << "  sprite {\n    image_path: \"sprite.png\"\n    single_image_dim: " << layout.tileWidth
         << "\n    single_image_dim: " << layout.tileHeight << "\n  }\n";
#else
  (void)spriteLayout;
  if (warnings)
    warnings->push_back("this build has no OpenCV, so no sprite.png was written (points show without images)");
#endif
  config << "}\n";
  writeTextFileAtomically(folder / "projector_config.pbtxt", config.str());
#ifdef LATENTLAB_HAVE_OPENCV
  (void)warnings;
#endif
}

}  // namespace latentlab
