#pragma once

#include "train/trainingevents.h"

#include <filesystem>
#include <string>

namespace latentlab {

// "epoch-0003.png": the samples/ file of an epoch's film frame.
std::string filmStripName(int epoch);

// Writes the frame as a PNG grid: the model inputs (when they differ from the
// targets), the reconstructions, and the targets, one column per sample.
// Returns false without writing when this build has no image support (no OpenCV).
bool writeFilmStrip(const std::filesystem::path& path, const FilmFrame& frame);

// The frame as an 8-bit RGB or gray image: width x height x channels bytes, row-major interleaved.
struct StripImage {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<std::uint8_t> pixels;
};
StripImage composeFilmStrip(const FilmFrame& frame);

}  // namespace latentlab
