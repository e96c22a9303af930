#include "modelspec.h"

#include "jsonsettings.h"
#include "jsontext.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace latentlab {
using nlohmann::json;

namespace {
const char* const kTypeKeys[] = {"conv", "deconv", "linear", "upsample", "reshape"};
constexpr int kTypeCount = 5;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw ModelSpecError(source + ": " + what);
}

Pooling parsePooling(const std::string& name, const std::string& where) {
  if (name == "none") return Pooling::None;
  if (name == "max") return Pooling::Max;
  if (name == "avg" || name == "average") return Pooling::Avg;
  throw ModelSpecError(where + ": pool must be max, avg or none, not '" + name + "'");
}

int intField(const json& object, const char* key, int fallback, const std::string& where) {
  try {
    return intSetting(object, key, fallback);
  } catch (const JsonSettingError& error) {
    throw ModelSpecError(where + ": " + error.what());
  }
}

LayerSpec parseLayer(const json& object, const std::string& where, const std::string& section, int index) {
  if (!object.is_object())
    throw ModelSpecError(where + " must be an object like {\"conv\": 32, \"kernel\": 3}", section, index);
  LayerSpec layer;
  int typeCount = 0;
  for (int type = 0; type < kTypeCount; ++type) {
    if (!object.contains(kTypeKeys[type])) continue;
    ++typeCount;
    layer.type = LayerType(type);
    if (layer.type == LayerType::Reshape) {
      const json& dims = object["reshape"];
      const bool ok = dims.is_array() && (dims.size() == 1 || dims.size() == 3) &&
                      std::all_of(dims.begin(), dims.end(), [](const json& d) {
                        return d.is_number_integer() && d.get<long long>() >= 1 && d.get<long long>() <= 65536;
                      });
      if (!ok)
        throw ModelSpecError(where +
                                 ": reshape must be [channels, height, width] or [units] in whole numbers from 1 "
                                 "to 65536, e.g. {\"reshape\": [128, 3, 3]}",
                             section, index);
      layer.reshape = dims.size() == 3 ? FeatureShape{dims[0].get<int>(), dims[1].get<int>(), dims[2].get<int>()}
                                       : FeatureShape{dims[0].get<int>(), 1, 1};
      layer.size = layer.reshape.channels;
      continue;
    }
    try {
      layer.size = intSetting(object, kTypeKeys[type], 0);
    } catch (const JsonSettingError& error) {
      throw ModelSpecError(where + ": " + error.what(), section, index);
    }
  }
  if (typeCount != 1)
    throw ModelSpecError(where + " must have exactly one of conv, deconv, linear, upsample, reshape", section, index);
  if (layer.type == LayerType::Reshape) return layer;
  try {
    layer.kernel = intField(object, "kernel", layer.type == LayerType::Upsample ? 1 : 3, where);
    layer.stride = intField(object, "stride", 1, where);
    layer.padding = intField(object, "padding", 0, where);
    layer.outputPadding = intField(object, "output_padding", 0, where);
    if (object.contains("pool")) layer.pooling = parsePooling(stringSetting(object, "pool", "none"), where);
    if (object.contains("activation")) {
      const auto name = stringSetting(object, "activation", "none");
      layer.activation = parseActivation(name);
      if (!layer.activation) throw ModelSpecError(where + ": unknown activation '" + name + "'");
    }
    if (object.contains("batch_norm")) layer.batchNorm = boolSetting(object, "batch_norm", false);
  } catch (const ModelSpecError& error) {
    throw ModelSpecError(error.what(), section, index);
  } catch (const JsonSettingError& error) {
    throw ModelSpecError(where + ": " + error.what(), section, index);
  } catch (const json::exception& error) {
    throw ModelSpecError(where + ": " + error.what(), section, index);
  }
  return layer;
}

std::vector<LayerSpec> parseLayers(const json& array, const std::string& source, const std::string& section) {
  if (!array.is_array()) fail(source, "'" + section + "' must be a list of layers");
  std::vector<LayerSpec> layers;
  for (std::size_t index = 0; index < array.size(); ++index)
    layers.push_back(
        parseLayer(array[index], source + ": " + section + " layer " + std::to_string(index + 1), section, int(index)));
  return layers;
}

json layerToJson(const LayerSpec& layer) {
  json object;
  if (layer.type == LayerType::Reshape) {
    const auto& shape = layer.reshape;
    object["reshape"] =
        shape.isFlat() ? json::array({shape.channels}) : json::array({shape.channels, shape.height, shape.width});
    return object;
  }
  object[kTypeKeys[int(layer.type)]] = layer.size;
  if (layer.type != LayerType::Upsample) {
    object["kernel"] = layer.kernel;
    object["stride"] = layer.stride;
    object["padding"] = layer.padding;
  }
  if (layer.type == LayerType::ConvTranspose && layer.outputPadding) object["output_padding"] = layer.outputPadding;
  if (layer.pooling != Pooling::None) object["pool"] = poolingName(layer.pooling);
  if (layer.activation) object["activation"] = activationName(*layer.activation);
  if (layer.batchNorm) object["batch_norm"] = *layer.batchNorm;
  if (layer.type == LayerType::Linear) {
    object.erase("kernel");
    object.erase("stride");
    object.erase("padding");
  }
  return object;
}
}  // namespace

std::string FeatureShape::toString() const {
  if (isFlat()) return std::to_string(channels);
  return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

bool LayerSpec::operator==(const LayerSpec& o) const {
  return type == o.type && size == o.size && kernel == o.kernel && stride == o.stride && padding == o.padding &&
         outputPadding == o.outputPadding && pooling == o.pooling && activation == o.activation &&
         batchNorm == o.batchNorm && reshape == o.reshape;
}

std::string activationName(Activation activation) {
  switch (activation) {
    case Activation::ReLU:
      return "relu";
    case Activation::SELU:
      return "selu";
    case Activation::LeakyReLU:
      return "leaky_relu";
    case Activation::Sigmoid:
      return "sigmoid";
    case Activation::Tanh:
      return "tanh";
    case Activation::None:
      return "none";
  }
  return "none";
}

std::optional<Activation> parseActivation(const std::string& name) {
  for (auto activation : {Activation::ReLU, Activation::SELU, Activation::LeakyReLU, Activation::Sigmoid,
                          Activation::Tanh, Activation::None})
    if (activationName(activation) == name) return activation;
  if (name == "leakyrelu") return Activation::LeakyReLU;
  return std::nullopt;
}

std::string poolingName(Pooling pooling) {
  switch (pooling) {
    case Pooling::Max:
      return "max";
    case Pooling::Avg:
      return "avg";
    case Pooling::None:
      return "none";
  }
  return "none";
}

std::string kindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::Autoencoder:
      return "ae";
    case ModelKind::VariationalAutoencoder:
      return "vae";
    case ModelKind::Gan:
      return "gan";
  }
  return "ae";
}

ModelSpec parseModelSpec(const std::string& text, const std::string& source) {
  json root;
  try {
    root = parseJsonText(text);
  } catch (const JsonTextError& error) {
    fail(source, std::string("is not valid JSON: ") + error.what());
  }
  if (!root.is_object()) fail(source, "must be a JSON object with \"input\", \"encoder\" and \"latent\"");
  ModelSpec spec;
  try {
    spec.name = stringSetting(root, "name", std::string());
    spec.description = stringSetting(root, "description", std::string());
    spec.seed = stringSetting(root, "seed", std::string());
    const auto kind = stringSetting(root, "kind", "ae");
    if (kind == "ae" || kind == "dae")
      spec.kind = ModelKind::Autoencoder;
    else if (kind == "vae")
      spec.kind = ModelKind::VariationalAutoencoder;
    else if (kind == "gan")
      spec.kind = ModelKind::Gan;
    else
      fail(source, "'kind' must be ae, vae or gan, not '" + kind + "'");

    if (!root.contains("input") || !root["input"].is_array() || root["input"].size() != 3)
      fail(source, "'input' must be [channels, height, width], e.g. [1, 28, 28]");
    int dims[3];
    for (int d = 0; d < 3; ++d) {
      try {
        dims[d] = intSetting(json{{"input", root["input"][d]}}, "input", 0, 0, INT_MAX);
      } catch (const JsonSettingError&) {
        fail(source, "'input' must be [channels, height, width] in whole numbers, not " + root["input"].dump());
      }
    }
    spec.input = FeatureShape{dims[0], dims[1], dims[2]};
    spec.outputChannels = intSetting(root, "output_channels", 0);

    for (auto [key, target] : {std::pair{"activation", &spec.activation},
                               {"output_activation", &spec.outputActivation},
                               {"discriminator_activation", &spec.discriminatorActivation}}) {
      if (!root.contains(key)) continue;
      const auto name = stringSetting(root, key, "none");
      auto parsed = parseActivation(name);
      if (!parsed)
        fail(source, std::string("unknown ") + key + " '" + name + "' (relu, selu, leaky_relu, sigmoid, tanh, none)");
      *target = *parsed;
    }
    spec.leakySlope = numberSetting(root, "leaky_slope", spec.leakySlope);
    if (!(spec.leakySlope >= 0.0 && spec.leakySlope < 1.0))
      fail(source, "'leaky_slope' (the LeakyReLU negative slope) must be in [0, 1), e.g. 0.2");
    if (root.contains("generator_average")) {
      if (!spec.isGan())
        fail(source, "'generator_average' averages a GAN's generator; remove it or set \"kind\": \"gan\"");
      spec.generatorAverage = numberSetting(root, "generator_average", 0.0);
      if (!(spec.generatorAverage >= 0.0 && spec.generatorAverage < 1.0))
        fail(source,
             "'generator_average' (the decay of the generator's weight average) must be in [0, 1), e.g. 0.999, "
             "or 0 for none");
    }
    spec.dropout = numberSetting(root, "dropout", 0.0);
    spec.batchNorm = boolSetting(root, "batch_norm", false);
    spec.latent = intSetting(root, "latent", 0);
    spec.encoder = parseLayers(root.value("encoder", json::array()), source, "encoder");
    const json decoder = root.value("decoder", json("mirror"));
    if (decoder.is_string()) {
      if (decoder.get<std::string>() != "mirror") fail(source, "'decoder' must be \"mirror\" or a list of layers");
      if (spec.isGan())
        fail(source,
             "a GAN's 'decoder' is its generator and cannot be \"mirror\"; list its layers from the latent z to "
             "the image, e.g. [{\"linear\": 1152}, {\"reshape\": [128, 3, 3]}, {\"deconv\": 64, ...}]");
      spec.mirrorDecoder = true;
    } else {
      spec.mirrorDecoder = false;
      spec.decoder = parseLayers(decoder, source, "decoder");
    }
    if (root.contains("training")) {
      if (!root["training"].is_object())
        fail(source, "'training' must be an object of training settings, e.g. {\"epochs\": 10}");
      spec.trainingDefaultsJson = root["training"].dump();
    }
  } catch (const JsonSettingError& error) {
    fail(source, error.what());
  } catch (const json::exception& error) {
    fail(source, std::string("has a value of the wrong type (") + error.what() + ")");
  }
  return spec;
}

std::string toJson(const ModelSpec& spec) {
  json root;
  root["name"] = spec.name;
  if (!spec.description.empty()) root["description"] = spec.description;
  if (!spec.seed.empty()) root["seed"] = spec.seed;
  root["kind"] = kindName(spec.kind);
  root["input"] = {spec.input.channels, spec.input.height, spec.input.width};
  if (spec.outputChannels) root["output_channels"] = spec.outputChannels;
  root["activation"] = activationName(spec.activation);
  root["output_activation"] = activationName(spec.outputActivation);
  if (spec.isGan()) root["discriminator_activation"] = activationName(spec.discriminatorActivation);
  if (spec.leakySlope != 0.01) root["leaky_slope"] = spec.leakySlope;
  if (spec.isGan() && spec.generatorAverage > 0.0) root["generator_average"] = spec.generatorAverage;
  root["dropout"] = spec.dropout;
  root["batch_norm"] = spec.batchNorm;
  root["encoder"] = json::array();
  for (const auto& layer : spec.encoder) root["encoder"].push_back(layerToJson(layer));
  root["latent"] = spec.latent;
  if (spec.mirrorDecoder) {
    root["decoder"] = "mirror";
  } else {
    root["decoder"] = json::array();
    for (const auto& layer : spec.decoder) root["decoder"].push_back(layerToJson(layer));
  }
  const json training = json::parse(spec.trainingDefaultsJson, nullptr, false);
  if (training.is_object() && !training.empty()) root["training"] = training;
  return root.dump(2) + "\n";
}

}  // namespace latentlab
