#pragma once

#include "data/dataset.h"

#include <QImage>
#include <vector>

namespace latentlab {

// A planar uint8 image (C x H x W, C = 1 or 3) as a QImage (Grayscale8 or RGB888).
QImage toQImage(const std::uint8_t* planar, const ImageShape& shape);

// Float [0, 1] planar image, e.g. a decoded image or the mean image.
QImage toQImage(const float* planar, const ImageShape& shape);

// One item of a dataset.
QImage datasetImage(const Dataset& dataset, std::size_t index);

// Nearest-neighbour upscaling keeps digits crisp: thumbnails are pixel art.
QImage scaledCrisp(const QImage& image, int factor);

}  // namespace latentlab
