#pragma once

// A drawing made like an MNIST digit: MNIST's own preprocessing, so a digit drawn
// anywhere on the pad, of any size, looks to the model like the digits it learned.
// Torch-free.

#include <vector>

namespace latentlab {

// `ink`: side x side floats in [0, 1] (0 = background). The ink's bounding box is
// scaled to fit a box of side * 20/28 pixels (20 of 28 for MNIST) keeping its aspect
// ratio, anti-aliased (each output pixel averages 4 x 4 bilinear samples), then
// placed so that its centre of mass sits at the centre of the side x side frame
// (shifted by whole pixels, never pushed off the frame). A blank drawing comes
// back unchanged.
std::vector<float> normalizeLikeMnist(const std::vector<float>& ink, int side);

}  // namespace latentlab
