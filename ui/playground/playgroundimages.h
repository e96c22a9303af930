#pragma once

#include "data/dataset.h"
#include "inference/modelsnapshot.h"

#include <QImage>
#include <QString>

#include <vector>

namespace latentlab {

// What every Playground page says when the session has no weights yet.
QString noModelMessage();
// What a page says when the model is a GAN (the Playground panel explains it above the pages).
QString ganModelMessage();

// Bytes [0, 255] to floats [0, 1].
std::vector<float> toUnitFloats(const std::uint8_t* bytes, std::size_t count);

// A dataset item in `shape` (converted with convertImage when the set's shape differs) as floats [0, 1].
std::vector<float> itemInShape(const Dataset& dataset, std::size_t index, ImageShape shape);

// The model's output for `count` images of its input shape: decode(encode(images)).
std::vector<float> reconstruct(const ModelSnapshot& model, const float* images, int count);

// Float planar image [0, 1] as a QImage (null for an empty vector).
QImage floatImage(const std::vector<float>& pixels, ImageShape shape, std::size_t offset = 0);

// Mean squared difference of two equally long float images.
double meanSquaredError(const float* a, const float* b, std::size_t count);

// "MSE 0.0123 · PSNR 19.1 dB · SNR 12.0 dB · SSIM 0.81" for one image.
QString qualityCaption(const float* output, const float* target, ImageShape shape);

// Evenly spread items of the session's test split (all items when it has none).
std::vector<std::size_t> spreadItems(const std::vector<std::size_t>& pool, std::size_t datasetSize, std::size_t count,
                                     std::size_t offset = 0);

}  // namespace latentlab
