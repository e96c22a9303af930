#pragma once

#include "modelspec.h"

#include <vector>

namespace latentlab {

enum class PlanOp {
  Conv2d,
  ConvTranspose2d,
  Linear,
  MaxPool2d,
  AvgPool2d,
  Upsample,
  BatchNorm2d,
  BatchNorm1d,
  Activation,
  Dropout,
  Flatten,
  Unflatten,
};

// One concrete module with its shapes and parameter count. The builder maps each
// entry to exactly one LibTorch module, so the summary and the network agree.
struct PlannedLayer {
  PlanOp op = PlanOp::Linear;
  FeatureShape inShape;
  FeatureShape outShape;
  long long parameters = 0;
  int kernel = 0;
  int stride = 1;
  int padding = 0;
  int outputPadding = 0;
  Activation activation = Activation::None;  // for PlanOp::Activation
  double dropout = 0.0;                      // for PlanOp::Dropout
  std::string section;                       // "encoder", "latent" or "decoder"
  int specIndex = -1;                        // the spec layer it came from (-1: generated)
};

// The whole network: encoder (input -> hidden), the latent head(s), decoder (code -> image).
struct LayerPlan {
  std::vector<PlannedLayer> encoder;
  std::vector<PlannedLayer> latentHeads;  // AE: one Linear (or none); VAE: mu and log-variance
  std::vector<PlannedLayer> decoder;
  FeatureShape codeShape;  // the code's shape: {latent} or the encoder's last feature map

  int codeSize() const { return int(codeShape.elementCount()); }
  long long totalParameters() const;
};

// Resolves every shape and checks that the spec can be built. Throws
// ModelSpecError naming the offending layer, e.g. "encoder layer 3 (conv 96,
// kernel 3, stride 2): its 48x2x2 input is smaller than the 3x3 kernel".
LayerPlan planModel(const ModelSpec& spec);

std::string describeOp(PlanOp op);

}  // namespace latentlab
