#include "modelspec.h"

#include <nlohmann/json.hpp>

namespace latentlab {
using nlohmann::json;

namespace {
const char* const kTypeKeys[] = {"conv", "deconv", "linear", "upsample"};

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
  if (!object.contains(key)) return fallback;
  if (!object[key].is_number_integer()) throw ModelSpecError(where + ": '" + key + "' must be a whole number");
  return object[key].get<int>();
}

LayerSpec parseLayer(const json& object, const std::string& where, const std::string& section, int index) {
  if (!object.is_object())
    throw ModelSpecError(where + " must be an object like {\"conv\": 32, \"kernel\": 3}", section, index);
  LayerSpec layer;
  int typeCount = 0;
  for (int type = 0; type < 4; ++type) {
    if (!object.contains(kTypeKeys[type])) continue;
    ++typeCount;
    layer.type = LayerType(type);
    if (!object[kTypeKeys[type]].is_number_integer())
      throw ModelSpecError(where + ": '" + kTypeKeys[type] + "' must be a whole number", section, index);
    layer.size = object[kTypeKeys[type]].get<int>();
  }
  if (typeCount != 1)
    throw ModelSpecError(where + " must have exactly one of conv, deconv, linear, upsample", section, index);
  try {
    layer.kernel = intField(object, "kernel", layer.type == LayerType::Upsample ? 1 : 3, where);
    layer.stride = intField(object, "stride", 1, where);
    layer.padding = intField(object, "padding", 0, where);
    layer.outputPadding = intField(object, "output_padding", 0, where);
    if (object.contains("pool")) layer.pooling = parsePooling(object["pool"].get<std::string>(), where);
    if (object.contains("activation")) {
      const auto name = object["activation"].get<std::string>();
      layer.activation = parseActivation(name);
      if (!layer.activation) throw ModelSpecError(where + ": unknown activation '" + name + "'");
    }
  } catch (const ModelSpecError& error) {
    throw ModelSpecError(error.what(), section, index);
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
  object[kTypeKeys[int(layer.type)]] = layer.size;
  if (layer.type != LayerType::Upsample) {
    object["kernel"] = layer.kernel;
    object["stride"] = layer.stride;
    object["padding"] = layer.padding;
  }
  if (layer.type == LayerType::ConvTranspose && layer.outputPadding) object["output_padding"] = layer.outputPadding;
  if (layer.pooling != Pooling::None) object["pool"] = poolingName(layer.pooling);
  if (layer.activation) object["activation"] = activationName(*layer.activation);
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
         outputPadding == o.outputPadding && pooling == o.pooling && activation == o.activation;
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
  return kind == ModelKind::VariationalAutoencoder ? "vae" : "ae";
}

ModelSpec parseModelSpec(const std::string& text, const std::string& source) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& error) {
    fail(source, std::string("is not valid JSON (") + error.what() + ")");
  }
  if (!root.is_object()) fail(source, "must be a JSON object with \"input\", \"encoder\" and \"latent\"");
  ModelSpec spec;
  try {
    spec.name = root.value("name", std::string());
    spec.description = root.value("description", std::string());
    spec.seed = root.value("seed", std::string());
    const auto kind = root.value("kind", std::string("ae"));
    if (kind == "ae" || kind == "dae")
      spec.kind = ModelKind::Autoencoder;
    else if (kind == "vae")
      spec.kind = ModelKind::VariationalAutoencoder;
    else
      fail(source, "'kind' must be ae or vae, not '" + kind + "'");

    if (!root.contains("input") || !root["input"].is_array() || root["input"].size() != 3)
      fail(source, "'input' must be [channels, height, width], e.g. [1, 28, 28]");
    spec.input = FeatureShape{root["input"][0].get<int>(), root["input"][1].get<int>(), root["input"][2].get<int>()};
    spec.outputChannels = root.value("output_channels", 0);

    for (auto [key, target] :
         {std::pair{"activation", &spec.activation}, {"output_activation", &spec.outputActivation}}) {
      if (!root.contains(key)) continue;
      const auto name = root[key].get<std::string>();
      auto parsed = parseActivation(name);
      if (!parsed)
        fail(source, std::string("unknown ") + key + " '" + name + "' (relu, selu, leaky_relu, sigmoid, tanh, none)");
      *target = *parsed;
    }
    spec.dropout = root.value("dropout", 0.0);
    spec.batchNorm = root.value("batch_norm", false);
    spec.latent = root.value("latent", 0);
    spec.encoder = parseLayers(root.value("encoder", json::array()), source, "encoder");
    const json decoder = root.value("decoder", json("mirror"));
    if (decoder.is_string()) {
      if (decoder.get<std::string>() != "mirror") fail(source, "'decoder' must be \"mirror\" or a list of layers");
      spec.mirrorDecoder = true;
    } else {
      spec.mirrorDecoder = false;
      spec.decoder = parseLayers(decoder, source, "decoder");
    }
    if (root.contains("training")) spec.trainingDefaultsJson = root["training"].dump();
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
