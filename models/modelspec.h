#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace latentlab {

// A model description that one builder turns into LibTorch modules; presets are
// just specs. Deliberately free of LibTorch so the model editor compiles fast.

// A GAN reuses the spec's fields: `latent` is the size of z, `decoder` (an explicit list) is the
// generator (z -> image), `encoder` is the discriminator's body (image -> features), which the
// planner ends with its own Linear to 1 unit and a fixed sigmoid (not configurable).
enum class ModelKind { Autoencoder, VariationalAutoencoder, Gan };
enum class Activation { ReLU, SELU, LeakyReLU, Sigmoid, Tanh, None };
enum class Pooling { None, Max, Avg };
// Reshape turns the running features into `LayerSpec::reshape` (same element count), e.g. a
// flat 1152 into 128x3x3 in an explicit decoder or generator; JSON {"reshape": [128, 3, 3]}.
enum class LayerType { Conv, ConvTranspose, Linear, Upsample, Reshape };

// Channels x height x width of a feature map; a flat vector of n features is n x 1 x 1.
struct FeatureShape {
  int channels = 0;
  int height = 1;
  int width = 1;

  long long elementCount() const { return (long long)channels * height * width; }
  bool isFlat() const { return height == 1 && width == 1; }
  std::string toString() const;  // "24x14x14" or "128"
  bool operator==(const FeatureShape& o) const {
    return channels == o.channels && height == o.height && width == o.width;
  }
  bool operator!=(const FeatureShape& o) const { return !(*this == o); }
};

struct LayerSpec {
  LayerType type = LayerType::Conv;
  int size = 0;  // output channels (conv, deconv, reshape), units (linear), or scale factor (upsample)
  int kernel = 3;
  int stride = 1;
  int padding = 0;
  int outputPadding = 0;  // deconv only
  Pooling pooling = Pooling::None;
  std::optional<Activation> activation;  // overrides the model's activation for this layer
  std::optional<bool> batchNorm;         // overrides the model's batch_norm for this layer
  FeatureShape reshape;                  // reshape only: the target shape

  bool operator==(const LayerSpec& o) const;
};

struct ModelSpec {
  std::string name;
  std::string description;
  std::string seed;  // which lab report it reproduces, for the presets
  ModelKind kind = ModelKind::Autoencoder;
  FeatureShape input{1, 28, 28};
  int outputChannels = 0;  // 0 = as many as the input; 3 with a 1-channel input = colorization
  Activation activation = Activation::ReLU;
  Activation outputActivation = Activation::Sigmoid;           // a GAN: the generator's output
  Activation discriminatorActivation = Activation::LeakyReLU;  // a GAN: the discriminator's hidden layers
  double leakySlope = 0.01;       // negative slope of every LeakyReLU in the model (LibTorch's default)
  double generatorAverage = 0.0;  // a GAN: decay of the generator's weight average, 0 = none (gan.h)
  double dropout = 0.0;
  bool batchNorm = false;
  std::vector<LayerSpec> encoder;           // conv layers, then linear layers
  int latent = 0;                           // 0 = no latent linear layer: the code is the encoder's feature map
  bool mirrorDecoder = true;                // build the decoder by mirroring the encoder
  std::vector<LayerSpec> decoder;           // used when mirrorDecoder is false
  std::string trainingDefaultsJson = "{}";  // the preset's recommended training settings, verbatim

  int effectiveOutputChannels() const { return outputChannels > 0 ? outputChannels : input.channels; }
  bool isColorization() const { return input.channels == 1 && effectiveOutputChannels() == 3; }
  bool isVariational() const { return kind == ModelKind::VariationalAutoencoder; }
  bool isGan() const { return kind == ModelKind::Gan; }
};

// A spec that cannot be built. `layer` points at the offending layer (section
// "encoder" or "decoder", 0-based index) so an editor can mark that row.
class ModelSpecError : public std::runtime_error {
public:
  ModelSpecError(const std::string& message, std::string section = {}, int layer = -1)
      : std::runtime_error(message), mSection(std::move(section)), mLayer(layer) {}
  const std::string& section() const { return mSection; }
  int layer() const { return mLayer; }

private:
  std::string mSection;
  int mLayer;
};

// JSON (see models/presets/*.json). `source` names the file in error messages.
ModelSpec parseModelSpec(const std::string& json, const std::string& source = "the model spec");
std::string toJson(const ModelSpec& spec);

std::string activationName(Activation activation);
std::string poolingName(Pooling pooling);
std::string kindName(ModelKind kind);
std::optional<Activation> parseActivation(const std::string& name);

}  // namespace latentlab
