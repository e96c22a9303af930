#pragma once

// A framed square label for one image (decoded, generated or original), and showing an image
// in it scaled to fit without smoothing, so pixels stay crisp.

#include <QImage>
#include <QLabel>

namespace latentlab {

QLabel* makeImageBox(int side);
// Clears the box for a null image.
void showInImageBox(QLabel* box, const QImage& image);

}  // namespace latentlab
