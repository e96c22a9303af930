#pragma once

#include "data/dataset.h"
#include "metrics/imagequality.h"

namespace latentlab {

// MSE, BCE, PSNR, SNR (dB) and SSIM of one output against its target (C x H x W
// floats in [0, 1]), the same definitions as the batch metrics. Torch-free
// interface for the GUI's per-image captions.
ImageQuality measureImage(const float* output, const float* target, ImageShape shape);

}  // namespace latentlab
