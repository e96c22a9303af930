#pragma once

#include "inference/modelsnapshot.h"

#include <QImage>
#include <QString>

#include <vector>

namespace latentlab {

// Decodes `count` codes with the snapshot into displayable images.
std::vector<QImage> decodeToImages(const ModelSnapshot& model, const float* codes, int count);
QImage decodeToImage(const ModelSnapshot& model, const std::vector<float>& code);

// "[0.12, -1.30, …]" with `decimals`, at most `maxValues` shown.
QString formatCode(const float* code, int size, int decimals = 2, int maxValues = 16);

// Images side by side (each scaled to `side` pixels), for strips and their PNG export.
QImage composeStrip(const std::vector<QImage>& images, int side, int gap = 2);

}  // namespace latentlab
