#include "run/filmstrip.h"

#include "common/atomicfile.h"

#include <cstdio>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace latentlab {

std::string filmStripName(int epoch) {
  char name[32];
  std::snprintf(name, sizeof(name), "epoch-%04d.png", epoch);
  return name;
}

StripImage composeFilmStrip(const FilmFrame& frame) {
  StripImage strip;
  if (frame.count == 0) return strip;
  const ImageShape cell = frame.shape;
  const bool showInputs = frame.originals != frame.targets;
  // A GAN's film is one row of samples (no originals, no targets).
  const std::vector<const std::vector<std::uint8_t>*> rows =
      frame.targets.empty() ? std::vector<const std::vector<std::uint8_t>*>{&frame.reconstructions}
      : showInputs
          ? std::vector<const std::vector<std::uint8_t>*>{&frame.originals, &frame.reconstructions, &frame.targets}
          : std::vector<const std::vector<std::uint8_t>*>{&frame.targets, &frame.reconstructions};
  strip.channels = cell.channels == 1 ? 1 : 3;
  strip.width = cell.width * frame.count;
  strip.height = cell.height * int(rows.size());
  strip.pixels.assign(std::size_t(strip.width) * strip.height * strip.channels, 0);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const auto& source = *rows[row];
    // The input row of a colorization film is gray: spread it over the three channels.
    const int sourceChannels =
        source.size() == std::size_t(frame.count) * frame.inputShape.pixelCount() && row == 0 && showInputs
            ? frame.inputShape.channels
            : cell.channels;
    const std::size_t plane = std::size_t(cell.height) * cell.width;
    for (int item = 0; item < frame.count; ++item) {
      const std::uint8_t* image = source.data() + std::size_t(item) * plane * sourceChannels;
      for (int y = 0; y < cell.height; ++y)
        for (int x = 0; x < cell.width; ++x)
          for (int c = 0; c < strip.channels; ++c) {
            const int from = std::min(c, sourceChannels - 1);
            const std::size_t target =
                ((std::size_t(row) * cell.height + y) * strip.width + std::size_t(item) * cell.width + x) *
                    strip.channels +
                c;
            strip.pixels[target] = image[from * plane + std::size_t(y) * cell.width + x];
          }
    }
  }
  return strip;
}

#ifdef LATENTLAB_HAVE_OPENCV
bool writeFilmStrip(const std::filesystem::path& path, const FilmFrame& frame) {
  StripImage strip = composeFilmStrip(frame);
  if (strip.pixels.empty()) return false;
  cv::Mat image(strip.height, strip.width, strip.channels == 1 ? CV_8UC1 : CV_8UC3, strip.pixels.data());
  if (strip.channels == 3) {
    cv::Mat bgr;
    cv::cvtColor(image, bgr, cv::COLOR_RGB2BGR);
    image = bgr;
  }
  std::vector<std::uint8_t> png;
  if (!cv::imencode(".png", image, png)) return false;
  writeFileAtomically(path,
                      [&](std::ostream& out) { out.write(reinterpret_cast<const char*>(png.data()), png.size()); });
  return true;
}
#else
bool writeFilmStrip(const std::filesystem::path&, const FilmFrame&) {
  return false;
}
#endif

}  // namespace latentlab
