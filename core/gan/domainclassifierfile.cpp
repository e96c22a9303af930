// classifier.pt: the domain classifier's weights in the checkpoint container (named
// tensors behind a CRC-32), so every epoch's FID and a later `eval` use the same network.

#include "gan/domainclassifier.h"

#include "common/error.h"
#include "gan/domainclassifiernet.h"
#include "run/checkpointfile.h"

#include <cstring>
#include <map>

namespace latentlab {

namespace {
constexpr std::int64_t kFormat = 1;
constexpr const char* kFormatKey = "domain_classifier_format";
constexpr const char* kNetwork = "classifier";
constexpr const char* kClassNames = "class_names";

StoredTensor storedFloats(const std::string& name, const torch::Tensor& tensor) {
  const auto cpu = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
  StoredTensor stored;
  stored.name = name;
  stored.type = StoredType::Float32;
  stored.shape.assign(cpu.sizes().begin(), cpu.sizes().end());
  stored.data.assign(static_cast<const char*>(cpu.data_ptr()), std::size_t(cpu.numel()) * sizeof(float));
  return stored;
}

StoredTensor storedText(const std::string& name, const std::string& text) {
  StoredTensor stored;
  stored.name = name;
  stored.type = StoredType::UInt8;
  stored.shape = {std::int64_t(text.size())};
  stored.data = text;
  return stored;
}

Error notAClassifier(const std::filesystem::path& path, const std::string& what) {
  return inputError(path.string() + " is not a usable domain classifier (" + what +
                    "); delete it and LatentLab trains a new one (FIDs then change scale)");
}

std::int64_t integer(const CheckpointContents& contents, const char* key, const std::filesystem::path& path) {
  const auto found = contents.integers.find(key);
  if (found == contents.integers.end()) throw notAClassifier(path, std::string("no ") + key);
  return found->second;
}

}  // namespace

void DomainClassifier::save(const std::filesystem::path& path) const {
  if (!mImpl) throw usageError("cannot save the domain classifier to " + path.string() + ": it is not trained");
  CheckpointContents contents;
  contents.integers[kFormatKey] = kFormat;
  contents.integers["channels"] = mImpl->shape.channels;
  contents.integers["height"] = mImpl->shape.height;
  contents.integers["width"] = mImpl->shape.width;
  contents.integers["classes"] = std::int64_t(mImpl->classNames.size());
  contents.integers["feature_size"] = kHiddenSize;  // the name the first files used for this layer
  contents.integers["trained_items"] = std::int64_t(mImpl->trainedItems);
  auto& network = contents.modules[kNetwork];
  for (const auto& item : mImpl->net->named_parameters(true)) network.push_back(storedFloats(item.key(), item.value()));
  auto& names = contents.records[kClassNames];
  for (std::size_t k = 0; k < mImpl->classNames.size(); ++k)
    names.push_back(storedText(std::to_string(k), mImpl->classNames[k]));
  writeCheckpointFile(path, contents);
}

DomainClassifier DomainClassifier::load(const std::filesystem::path& path) {
  const CheckpointContents contents = readCheckpointFile(path);
  if (integer(contents, kFormatKey, path) != kFormat)
    throw notAClassifier(
        path, "format " + std::to_string(contents.integers.at(kFormatKey)) + ", expected " + std::to_string(kFormat));
  if (integer(contents, "feature_size", path) != kHiddenSize)
    throw notAClassifier(path, "its hidden layer is not " + std::to_string(kHiddenSize) + " values");
  auto impl = std::make_unique<Impl>();
  impl->shape = {int(integer(contents, "channels", path)), int(integer(contents, "height", path)),
                 int(integer(contents, "width", path))};
  const std::int64_t classes = integer(contents, "classes", path);
  impl->trainedItems = std::size_t(std::max<std::int64_t>(0, integer(contents, "trained_items", path)));
  if (impl->shape.height > 4096 || impl->shape.width > 4096 || impl->shape.channels > 64 || classes < 2 ||
      classes > 100000)
    throw notAClassifier(path, "implausible image shape or class count");
  checkClassifierShape(impl->shape, path.string());

  const auto namesFound = contents.records.find(kClassNames);
  if (namesFound == contents.records.end() || std::int64_t(namesFound->second.size()) != classes)
    throw notAClassifier(path, "the class names are missing");
  for (const auto& name : namesFound->second) impl->classNames.push_back(name.data);

  const auto networkFound = contents.modules.find(kNetwork);
  if (networkFound == contents.modules.end()) throw notAClassifier(path, "no network weights");
  std::map<std::string, const StoredTensor*> saved;
  for (const auto& tensor : networkFound->second) saved[tensor.name] = &tensor;

  impl->net = DomainClassifierNet(impl->shape, int(classes));
  torch::NoGradGuard noGrad;
  const auto parameters = impl->net->named_parameters(true);
  if (parameters.size() != saved.size()) throw notAClassifier(path, "it holds a different set of weights");
  for (const auto& item : parameters) {  // check every tensor before the network is used
    const auto found = saved.find(item.key());
    if (found == saved.end()) throw notAClassifier(path, "weight " + item.key() + " is missing");
    const StoredTensor& stored = *found->second;
    const std::vector<std::int64_t> expected(item.value().sizes().begin(), item.value().sizes().end());
    if (stored.type != StoredType::Float32 || stored.shape != expected ||
        stored.data.size() != std::size_t(item.value().numel()) * sizeof(float))
      throw notAClassifier(path, "weight " + item.key() + " has the wrong shape or type");
    std::memcpy(item.value().data_ptr<float>(), stored.data.data(), stored.data.size());
  }
  impl->net->eval();
  return DomainClassifier(std::move(impl));
}

}  // namespace latentlab
