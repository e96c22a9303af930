#pragma once

#include <cstddef>

namespace latentlab {

// Averages over images of how close an output is to its target (values in [0, 1]).
struct ImageQuality {
  double mse = 0.0;    // mean squared error per pixel
  double bce = 0.0;    // binary cross-entropy per pixel
  double psnr = 0.0;   // dB, 10 log10(1 / mse) per image
  double snrDb = 0.0;  // dB, 10 log10(sum target^2 / sum (target - output)^2) per image (seed 004)
  double ssim = 0.0;   // structural similarity, 11x11 Gaussian window (sigma 1.5)
  std::size_t count = 0;
};

}  // namespace latentlab
