#include "layerplan.h"

#include "modelsummary.h"

#include <climits>
#include <sstream>

namespace latentlab {

namespace {
// What a user calls the section: a GAN's encoder is its discriminator, its decoder its generator.
std::string sectionName(const ModelSpec& spec, const std::string& section) {
  if (!spec.isGan()) return section;
  if (section == "encoder") return "discriminator";
  if (section == "decoder") return "generator";
  return section;
}

std::string layerLabel(const std::string& section, int index, const LayerSpec& layer) {
  static const char* const names[] = {"conv", "deconv", "linear", "upsample", "reshape"};
  std::ostringstream out;
  out << section << " layer " << index + 1 << " (" << names[int(layer.type)] << " "
      << (layer.type == LayerType::Reshape ? layer.reshape.toString() : std::to_string(layer.size));
  if (layer.type == LayerType::Conv || layer.type == LayerType::ConvTranspose)
    out << ", kernel " << layer.kernel << ", stride " << layer.stride << ", padding " << layer.padding;
  out << ")";
  return out.str();
}

// Appends modules to one section while tracking the running shape.
class SectionBuilder {
public:
  // `specSection` is the spec list a layer's specIndex points into ("encoder" for a mirrored decoder).
  SectionBuilder(const ModelSpec& spec, std::vector<PlannedLayer>& target, std::string section, FeatureShape shape,
                 std::string specSection = {})
      : mSpec(spec),
        mTarget(target),
        mSection(std::move(section)),
        mSpecSection(specSection.empty() ? mSection : std::move(specSection)),
        mShape(shape),
        mHiddenActivation(spec.activation) {}

  FeatureShape shape() const { return mShape; }
  // The activation of hidden layers without their own (a GAN's discriminator has its own).
  void setHiddenActivation(Activation activation) { mHiddenActivation = activation; }

  PlannedLayer& push(PlanOp op, FeatureShape out, long long parameters, int specIndex) {
    if (parameters > kMaxParameters)
      throw ModelSpecError(where(specIndex) + ": its " + describeOp(op) + " would have " + withThousands(parameters) +
                               " parameters, more than the limit of " + withThousands(kMaxParameters) +
                               "; use fewer units or channels",
                           mSpecSection, specIndex);
    PlannedLayer layer;
    layer.op = op;
    layer.inShape = mShape;
    layer.outShape = out;
    layer.parameters = parameters;
    layer.section = mSection;
    layer.specIndex = specIndex;
    mTarget.push_back(layer);
    mShape = out;
    return mTarget.back();
  }

  // A shape computed in 64 bits; refused (naming the layer) when one image's output is absurdly large.
  FeatureShape checkedShape(PlanOp op, long long channels, long long height, long long width, int specIndex) const {
    const bool fits = channels <= kMaxValuesPerLayer && height <= kMaxValuesPerLayer && width <= kMaxValuesPerLayer &&
                      channels * height <= kMaxValuesPerLayer && channels * height * width <= kMaxValuesPerLayer;
    if (!fits) {
      // The product may not fit in 64 bits; a double is exact enough for the message.
      const double values = double(channels) * double(height) * double(width);
      std::ostringstream count;
      count.precision(3);
      count << values;
      throw ModelSpecError(where(specIndex) + ": its " + describeOp(op) + " output " + std::to_string(channels) + "x" +
                               std::to_string(height) + "x" + std::to_string(width) + " holds " +
                               (values < 1e15 ? withThousands((long long)values) : count.str()) +
                               " values per image, more than the limit of " + withThousands(kMaxValuesPerLayer) +
                               (op == PlanOp::Upsample ? "; use a smaller scale or fewer upsampling layers"
                                : op == PlanOp::Linear ? "; use fewer units"
                                                       : "; use fewer channels, a larger stride or pooling"),
                           mSpecSection, specIndex);
    }
    return FeatureShape{int(channels), int(height), int(width)};
  }

  void flatten(int specIndex) {
    if (!mShape.isFlat())
      push(PlanOp::Flatten, checkedShape(PlanOp::Flatten, mShape.elementCount(), 1, 1, specIndex), 0, specIndex);
  }

  void activation(Activation activation, int specIndex) {
    if (activation == Activation::None) return;
    auto& planned = push(PlanOp::Activation, mShape, 0, specIndex);
    planned.activation = activation;
    planned.negativeSlope = mSpec.leakySlope;
  }

  // Batch-norm, activation and dropout after a hidden conv or linear layer.
  void hiddenTail(const LayerSpec* layer, int specIndex) {
    if (layer && layer->batchNorm ? *layer->batchNorm : mSpec.batchNorm) {
      const bool map = !mShape.isFlat();
      push(map ? PlanOp::BatchNorm2d : PlanOp::BatchNorm1d, mShape, 2LL * mShape.channels, specIndex);
    }
    activation(layer && layer->activation ? *layer->activation : mHiddenActivation, specIndex);
  }

  void dropout(int specIndex) {
    if (mSpec.dropout > 0.0) push(PlanOp::Dropout, mShape, 0, specIndex).dropout = mSpec.dropout;
  }

  void linear(long long units, int specIndex) {
    flatten(specIndex);
    const long long in = mShape.channels;
    push(PlanOp::Linear, checkedShape(PlanOp::Linear, units, 1, 1, specIndex), in * units + units, specIndex);
  }

  void conv(const LayerSpec& layer, int outChannels, int specIndex, const std::string& label) {
    if (mShape.isFlat() && mShape != mSpec.input)
      throw ModelSpecError(label + ": a convolution needs a feature map, but its input is a flat vector of " +
                               mShape.toString() + "; put conv layers before linear layers",
                           mSection, specIndex);
    const int height = (mShape.height + 2 * layer.padding - layer.kernel) / layer.stride + 1;
    const int width = (mShape.width + 2 * layer.padding - layer.kernel) / layer.stride + 1;
    if (mShape.height + 2 * layer.padding < layer.kernel || mShape.width + 2 * layer.padding < layer.kernel)
      throw ModelSpecError(label + ": its " + mShape.toString() + " input is smaller than the " +
                               std::to_string(layer.kernel) + "x" + std::to_string(layer.kernel) +
                               " kernel; remove a layer, lower a stride or add padding",
                           mSection, specIndex);
    const long long weights = (long long)mShape.channels * outChannels * layer.kernel * layer.kernel;
    auto& planned = push(PlanOp::Conv2d, checkedShape(PlanOp::Conv2d, outChannels, height, width, specIndex),
                         weights + outChannels, specIndex);
    planned.kernel = layer.kernel;
    planned.stride = layer.stride;
    planned.padding = layer.padding;
  }

  void deconv(int outChannels, int kernel, int stride, int padding, int outputPadding, int specIndex,
              const std::string& label) {
    if (outputPadding < 0 || outputPadding >= stride)
      throw ModelSpecError(label + ": output padding " + std::to_string(outputPadding) +
                               " must be smaller than the stride " + std::to_string(stride),
                           mSection, specIndex);
    const long long height = (mShape.height - 1LL) * stride - 2 * padding + kernel + outputPadding;
    const long long width = (mShape.width - 1LL) * stride - 2 * padding + kernel + outputPadding;
    if (height < 1 || width < 1)
      throw ModelSpecError(label + ": the padding " + std::to_string(padding) + " leaves no output from its " +
                               mShape.toString() + " input",
                           mSection, specIndex);
    const long long weights = (long long)mShape.channels * outChannels * kernel * kernel;
    auto& planned =
        push(PlanOp::ConvTranspose2d, checkedShape(PlanOp::ConvTranspose2d, outChannels, height, width, specIndex),
             weights + outChannels, specIndex);
    planned.kernel = kernel;
    planned.stride = stride;
    planned.padding = padding;
    planned.outputPadding = outputPadding;
  }

  void pool(Pooling pooling, int specIndex, const std::string& label) {
    if (pooling == Pooling::None) return;
    if (mShape.height < 2 || mShape.width < 2)
      throw ModelSpecError(label + ": its " + mShape.toString() + " output is too small to pool; remove the pooling",
                           mSection, specIndex);
    auto& planned = push(pooling == Pooling::Max ? PlanOp::MaxPool2d : PlanOp::AvgPool2d,
                         FeatureShape{mShape.channels, mShape.height / 2, mShape.width / 2}, 0, specIndex);
    planned.kernel = 2;
    planned.stride = 2;
  }

  void upsampleTo(long long height, long long width, int specIndex) {
    push(PlanOp::Upsample, checkedShape(PlanOp::Upsample, mShape.channels, height, width, specIndex), 0, specIndex);
  }

  void unflatten(FeatureShape shape, int specIndex) { push(PlanOp::Unflatten, shape, 0, specIndex); }

  // A reshape layer: flatten if needed, then unflatten to `shape` (same element count).
  void reshape(FeatureShape shape, int specIndex, const std::string& label) {
    if (shape.elementCount() != mShape.elementCount())
      throw ModelSpecError(label + ": cannot reshape its " + mShape.toString() + " input (" +
                               withThousands(mShape.elementCount()) + " values) into " + shape.toString() + " (" +
                               withThousands(shape.elementCount()) + " values); the counts must match",
                           mSection, specIndex);
    if (shape == mShape) return;
    flatten(specIndex);
    if (!shape.isFlat()) unflatten(shape, specIndex);
  }

private:
  // Names the spec layer a module comes from, or the section for generated modules.
  std::string where(int specIndex) const {
    const auto& layers = mSpecSection == "encoder" ? mSpec.encoder : mSpec.decoder;
    if (specIndex < 0 || specIndex >= int(layers.size())) return "the " + mSection;
    const std::string label = layerLabel(sectionName(mSpec, mSpecSection), specIndex, layers[std::size_t(specIndex)]);
    return mSpecSection == mSection ? label : "the " + mSection + " mirroring " + label;
  }

  const ModelSpec& mSpec;
  std::vector<PlannedLayer>& mTarget;
  std::string mSection;
  std::string mSpecSection;
  FeatureShape mShape;
  Activation mHiddenActivation;
};

void checkLayerNumbers(const LayerSpec& layer, const std::string& label, const std::string& section, int index) {
  auto require = [&](bool ok, const std::string& what) {
    if (!ok) throw ModelSpecError(label + ": " + what, section, index);
  };
  require(layer.size >= 1 && layer.size <= 65536, "the size must be between 1 and 65536");
  if (layer.type == LayerType::Conv || layer.type == LayerType::ConvTranspose) {
    require(layer.kernel >= 1 && layer.kernel <= 15, "the kernel must be between 1 and 15");
    require(layer.stride >= 1 && layer.stride <= 8, "the stride must be between 1 and 8");
    require(layer.padding >= 0 && layer.padding <= layer.kernel, "the padding must be between 0 and the kernel size");
  }
  if (layer.type == LayerType::Upsample) require(layer.size <= 8, "the upsampling scale must be between 1 and 8");
  if (layer.type == LayerType::Reshape)
    require(layer.reshape.channels >= 1 && layer.reshape.height >= 1 && layer.reshape.width >= 1 &&
                layer.reshape.elementCount() <= kMaxValuesPerLayer,
            "the reshape target must be [channels, height, width] of whole numbers from 1");
}

// What the mirror needs to remember about each encoder conv layer.
struct ConvStage {
  int specIndex;
  LayerSpec layer;
  FeatureShape input;    // before the convolution
  FeatureShape convOut;  // after the convolution, before pooling
};

void checkSpecBasics(const ModelSpec& spec) {
  const auto& in = spec.input;
  if (in.channels < 1 || in.channels > 64 || in.height < 1 || in.height > 1024 || in.width < 1 || in.width > 1024)
    throw ModelSpecError("the input shape " + in.toString() + " is not an image shape; use [channels, height, width]");
  if (spec.outputChannels < 0 || spec.outputChannels > 64)
    throw ModelSpecError("output_channels must be between 1 and 64 (or 0 for the input's channel count)");
  if (spec.latent < 0 || spec.latent > 65536) throw ModelSpecError("the latent size must be between 1 and 65536");
  if (!(spec.dropout >= 0.0 && spec.dropout < 1.0)) throw ModelSpecError("dropout must be in [0, 1)");
  if (spec.isVariational() && spec.latent == 0)
    throw ModelSpecError("a VAE needs a latent size: set \"latent\" (e.g. 10)");
  if (spec.isGan() && spec.latent == 0)
    throw ModelSpecError("a GAN needs the size of its latent z: set \"latent\" (e.g. 100)");
  if (spec.isGan() && spec.effectiveOutputChannels() != spec.input.channels)
    throw ModelSpecError("a GAN's generator makes images like its input, so output_channels must be 0 or " +
                         std::to_string(spec.input.channels));
  if (spec.isGan() && spec.mirrorDecoder)
    throw ModelSpecError(
        "a GAN's decoder is its generator and cannot be \"mirror\"; list its layers from z to the image");
  if (spec.encoder.empty() && spec.latent == 0)
    throw ModelSpecError("the encoder is empty and there is no latent layer; add layers or set \"latent\"");
}
// What the mirrored decoder needs to know of the encoder.
struct EncoderPlan {
  std::vector<ConvStage> convStages;
  std::vector<int> linearUnits;
  FeatureShape beforeLinear;  // the feature map the linear layers flattened
  FeatureShape output;        // the encoder's last shape
};

// Encoder: conv layers (with optional pooling), then linear layers.
EncoderPlan planEncoder(const ModelSpec& spec, LayerPlan& plan) {
  SectionBuilder encoder(spec, plan.encoder, "encoder", spec.input);
  if (spec.isGan()) encoder.setHiddenActivation(spec.discriminatorActivation);
  EncoderPlan result;
  std::vector<ConvStage>& convStages = result.convStages;
  std::vector<int>& linearUnits = result.linearUnits;
  FeatureShape& beforeLinear = result.beforeLinear;
  beforeLinear = spec.input;
  for (int index = 0; index < int(spec.encoder.size()); ++index) {
    const LayerSpec& layer = spec.encoder[index];
    const std::string label = layerLabel(sectionName(spec, "encoder"), index, layer);
    checkLayerNumbers(layer, label, "encoder", index);
    switch (layer.type) {
      case LayerType::Conv: {
        if (!linearUnits.empty())
          throw ModelSpecError(label + ": conv layers must come before linear layers", "encoder", index);
        const FeatureShape input = encoder.shape();
        encoder.conv(layer, layer.size, index, label);
        convStages.push_back({index, layer, input, encoder.shape()});
        encoder.hiddenTail(&layer, index);
        encoder.pool(layer.pooling, index, label);
        encoder.dropout(index);
        beforeLinear = encoder.shape();
        break;
      }
      case LayerType::Linear:
        encoder.linear(layer.size, index);
        linearUnits.push_back(layer.size);
        encoder.hiddenTail(&layer, index);
        encoder.dropout(index);
        break;
      default:
        throw ModelSpecError(label + ": the encoder takes conv and linear layers only", "encoder", index);
    }
  }
  // Both VAE heads read the same flat vector.
  if (spec.latent > 0 || spec.isGan()) encoder.flatten(-1);
  result.output = encoder.shape();
  return result;
}

// Latent: a linear layer to `latent` units (two for a VAE), or the feature map itself.
void planLatent(const ModelSpec& spec, LayerPlan& plan, FeatureShape hidden) {
  if (spec.isGan()) {
    // The discriminator's head: one probability per image. The sigmoid is fixed; the module
    // applies it outside its Sequential so training can use the numerically stable logits.
    SectionBuilder head(spec, plan.latentHeads, "latent", hidden);
    head.linear(1, -1);
    head.activation(Activation::Sigmoid, -1);
    plan.codeShape = FeatureShape{spec.latent, 1, 1};
    return;
  }
  if (spec.latent > 0) {
    const int headCount = spec.isVariational() ? 2 : 1;
    for (int head = 0; head < headCount; ++head) {
      SectionBuilder one(spec, plan.latentHeads, "latent", hidden);
      one.linear(spec.latent, -1);
    }
    plan.codeShape = FeatureShape{spec.latent, 1, 1};
  } else {
    plan.codeShape = hidden;
  }
}

// The encoder reversed: its linear stack, then a transposed convolution per conv layer.
void planMirrorDecoder(const ModelSpec& spec, const EncoderPlan& encoded, SectionBuilder& decoder,
                       FeatureShape outputShape) {
  const int outputChannels = outputShape.channels;
  const std::vector<ConvStage>& convStages = encoded.convStages;
  const std::vector<int>& linearUnits = encoded.linearUnits;
  const FeatureShape& beforeLinear = encoded.beforeLinear;
  // Linear stack reversed, ending at the size the encoder flattened (or the image).
  if (spec.latent > 0 || !linearUnits.empty()) {
    std::vector<long long> targets(linearUnits.rbegin(), linearUnits.rend());
    if (spec.latent == 0 && !targets.empty()) targets.erase(targets.begin());  // the code is the last hidden layer
    const bool hasConv = !convStages.empty();
    targets.push_back(hasConv ? beforeLinear.elementCount() : outputShape.elementCount());
    for (std::size_t t = 0; t < targets.size(); ++t) {
      decoder.linear(targets[t], -1);
      const bool last = !hasConv && t + 1 == targets.size();
      if (!last) {
        decoder.hiddenTail(nullptr, -1);
        decoder.dropout(-1);
      }
    }
    if (hasConv)
      decoder.unflatten(beforeLinear, -1);
    else
      decoder.unflatten(outputShape, -1);
  }
  for (int stage = int(convStages.size()) - 1; stage >= 0; --stage) {
    const ConvStage& conv = convStages[stage];
    const std::string label = "cannot mirror " + layerLabel("encoder", conv.specIndex, conv.layer);
    if (conv.layer.pooling != Pooling::None)
      decoder.upsampleTo(conv.convOut.height, conv.convOut.width, conv.specIndex);
    const FeatureShape current = decoder.shape();
    const long long base = (current.height - 1LL) * conv.layer.stride - 2 * conv.layer.padding + conv.layer.kernel;
    const long long baseWidth = (current.width - 1LL) * conv.layer.stride - 2 * conv.layer.padding + conv.layer.kernel;
    const long long outputPadding = conv.input.height - base;
    if (outputPadding < 0 || outputPadding >= conv.layer.stride || conv.input.width - baseWidth != outputPadding)
      throw ModelSpecError(label + ": no transposed convolution turns " + current.toString() + " back into " +
                               conv.input.toString() + "; change the padding or write an explicit decoder",
                           "encoder", conv.specIndex);
    const bool last = stage == 0;
    decoder.deconv(last ? outputChannels : conv.input.channels, conv.layer.kernel, conv.layer.stride,
                   conv.layer.padding, int(outputPadding), conv.specIndex, label);
    if (!last) {
      decoder.hiddenTail(&conv.layer, conv.specIndex);
      decoder.dropout(conv.specIndex);
    }
  }
}

// A decoder written layer by layer; it must end at the output shape.
void planExplicitDecoder(const ModelSpec& spec, SectionBuilder& decoder, FeatureShape outputShape) {
  if (spec.decoder.empty()) throw ModelSpecError("the decoder is empty; add layers or use \"decoder\": \"mirror\"");
  for (int index = 0; index < int(spec.decoder.size()); ++index) {
    const LayerSpec& layer = spec.decoder[index];
    const std::string label = layerLabel(sectionName(spec, "decoder"), index, layer);
    checkLayerNumbers(layer, label, "decoder", index);
    const bool last = index + 1 == int(spec.decoder.size());
    switch (layer.type) {
      case LayerType::Conv:
        decoder.conv(layer, layer.size, index, label);
        break;
      case LayerType::ConvTranspose:
        if (decoder.shape().isFlat())
          throw ModelSpecError(
              label + ": needs a feature map but its input is a flat vector of " + decoder.shape().toString() +
                  "; put a reshape layer before it, e.g. {\"reshape\": [channels, height, width]} with as many "
                  "values",
              "decoder", index);
        decoder.deconv(layer.size, layer.kernel, layer.stride, layer.padding, layer.outputPadding, index, label);
        break;
      case LayerType::Linear:
        decoder.linear(layer.size, index);
        break;
      case LayerType::Upsample:
        if (decoder.shape().isFlat())
          throw ModelSpecError(label + ": needs a feature map but its input is a flat vector", "decoder", index);
        decoder.upsampleTo(decoder.shape().height * (long long)layer.size,
                           decoder.shape().width * (long long)layer.size, index);
        break;
      case LayerType::Reshape:
        decoder.reshape(layer.reshape, index, label);
        break;
    }
    if (!last && layer.type != LayerType::Upsample && layer.type != LayerType::Reshape) {
      decoder.hiddenTail(&layer, index);
      if (layer.type == LayerType::Conv) decoder.pool(layer.pooling, index, label);
      decoder.dropout(index);
    }
  }
  if (decoder.shape() != outputShape)
    throw ModelSpecError("the " + sectionName(spec, "decoder") + " ends with " + decoder.shape().toString() +
                             " but the model must output " + outputShape.toString() + "; fix the last " +
                             sectionName(spec, "decoder") + " layers",
                         "decoder", int(spec.decoder.size()) - 1);
}

}  // namespace

std::string describeOp(PlanOp op) {
  switch (op) {
    case PlanOp::Conv2d:
      return "Conv2d";
    case PlanOp::ConvTranspose2d:
      return "ConvTranspose2d";
    case PlanOp::Linear:
      return "Linear";
    case PlanOp::MaxPool2d:
      return "MaxPool2d";
    case PlanOp::AvgPool2d:
      return "AvgPool2d";
    case PlanOp::Upsample:
      return "Upsample";
    case PlanOp::BatchNorm2d:
      return "BatchNorm2d";
    case PlanOp::BatchNorm1d:
      return "BatchNorm1d";
    case PlanOp::Activation:
      return "Activation";
    case PlanOp::Dropout:
      return "Dropout";
    case PlanOp::Flatten:
      return "Flatten";
    case PlanOp::Unflatten:
      return "Unflatten";
  }
  return "?";
}

namespace {
long long sumParameters(std::initializer_list<const std::vector<PlannedLayer>*> sections) {
  long long total = 0;
  for (const auto* section : sections)
    for (const auto& layer : *section) total += layer.parameters;
  return total;
}
}  // namespace

long long LayerPlan::generatorParameters() const {
  return sumParameters({&decoder});
}

long long LayerPlan::discriminatorParameters() const {
  return sumParameters({&encoder, &latentHeads});
}

long long LayerPlan::totalParameters() const {
  long long total = 0;
  for (const auto* section : {&encoder, &latentHeads, &decoder})
    for (const auto& layer : *section) total += layer.parameters;
  return total;
}

LayerPlan planModel(const ModelSpec& spec) {
  checkSpecBasics(spec);
  LayerPlan plan;
  const FeatureShape outputShape{spec.effectiveOutputChannels(), spec.input.height, spec.input.width};
  const EncoderPlan encoded = planEncoder(spec, plan);
  planLatent(spec, plan, encoded.output);
  SectionBuilder decoder(spec, plan.decoder, "decoder", plan.codeShape, spec.mirrorDecoder ? "encoder" : "decoder");
  if (spec.mirrorDecoder)
    planMirrorDecoder(spec, encoded, decoder, outputShape);
  else
    planExplicitDecoder(spec, decoder, outputShape);
  decoder.activation(spec.outputActivation, -1);
  if (plan.totalParameters() > kMaxParameters)
    throw ModelSpecError("the model would have " + withThousands(plan.totalParameters()) +
                         " parameters, more than the limit of " + withThousands(kMaxParameters) +
                         "; use fewer units or channels");
  return plan;
}

}  // namespace latentlab
