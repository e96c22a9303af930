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
  double negativeSlope = 0.01;               // for a LeakyReLU activation
  double dropout = 0.0;                      // for PlanOp::Dropout
  std::string section;                       // "encoder", "latent" or "decoder"
  int specIndex = -1;                        // the spec layer it came from (-1: generated)
};

// Sizes beyond these cannot be trained on any machine LatentLab targets; refusing them also
// keeps every shape within int and every parameter count within long long.
constexpr long long kMaxValuesPerLayer = 1LL << 30;  // one image's feature map: 4 GiB of floats
constexpr long long kMaxParameters = 1LL << 31;      // per layer and per model: 8 GiB of weights

// The whole network: encoder (input -> hidden), the latent head(s), decoder (code -> image).
// A GAN: encoder = the discriminator's body, latentHeads = its Linear(->1) and a Sigmoid,
// decoder = the generator (z -> image), codeShape = {latent}, the size of z.
struct LayerPlan {
  std::vector<PlannedLayer> encoder;
  std::vector<PlannedLayer> latentHeads;  // AE: one Linear (or none); VAE: mu and log-variance; GAN: D's head
  std::vector<PlannedLayer> decoder;
  FeatureShape codeShape;  // the code's shape: {latent} or the encoder's last feature map

  int codeSize() const { return int(codeShape.elementCount()); }
  long long totalParameters() const;
  // For a GAN: the generator is the decoder, the discriminator the encoder and its head.
  long long generatorParameters() const;
  long long discriminatorParameters() const;
};

// Resolves every shape and checks that the spec can be built. Throws
// ModelSpecError naming the offending layer, e.g. "encoder layer 3 (conv 96,
// kernel 3, stride 2): its 48x2x2 input is smaller than the 3x3 kernel", also for
// a layer above kMaxValuesPerLayer or kMaxParameters.
LayerPlan planModel(const ModelSpec& spec);

std::string describeOp(PlanOp op);

}  // namespace latentlab
