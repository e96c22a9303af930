#include "gan/domainclassifier.h"

#include "common/error.h"
#include "gan/domainclassifiernet.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace latentlab {

namespace {
namespace F = torch::nn::functional;
constexpr std::size_t kInferenceBatch = 500;  // bounds the activations' memory for large sets

double unitRandom(std::mt19937_64& random) {
  return double(random() >> 11) * 0x1.0p-53;  // [0, 1), the same on every platform
}

// He-uniform weights and zero biases from our own generator: seeded training without
// reseeding LibTorch's global generator, which the GAN trainer owns.
void initialiseWeights(DomainClassifierNetImpl& net, std::uint64_t seed) {
  std::mt19937_64 random(seed * 0x9E3779B97F4A7C15ULL + 0x5DEECE66DULL);
  torch::NoGradGuard noGrad;
  for (auto& item : net.named_parameters(true)) {
    torch::Tensor parameter = item.value();
    if (parameter.dim() == 1) {
      parameter.zero_();
      continue;
    }
    const double fanIn = double(parameter.numel() / parameter.size(0));
    const double bound = std::sqrt(6.0 / fanIn);
    std::vector<float> values(std::size_t(parameter.numel()));
    for (auto& value : values) value = float((2.0 * unitRandom(random) - 1.0) * bound);
    std::memcpy(parameter.data_ptr<float>(), values.data(), values.size() * sizeof(float));
  }
}

// At most `limit` of `indices`, evenly spread so every part of the dataset is represented.
std::vector<std::size_t> spreadSubset(const std::vector<std::size_t>& indices, std::size_t limit) {
  if (limit == 0 || indices.size() <= limit) return indices;
  std::vector<std::size_t> subset(limit);
  for (std::size_t i = 0; i < limit; ++i) subset[i] = indices[i * indices.size() / limit];
  return subset;
}

torch::Tensor imageBatch(const Dataset& dataset, const std::size_t* indices, std::size_t count) {
  const std::size_t pixels = dataset.shape.pixelCount();
  auto bytes = torch::empty({std::int64_t(count), dataset.shape.channels, dataset.shape.height, dataset.shape.width},
                            torch::kUInt8);
  auto* target = bytes.data_ptr<std::uint8_t>();
  for (std::size_t item = 0; item < count; ++item)
    std::memcpy(target + item * pixels, dataset.image(indices[item]), pixels);
  return bytes.to(torch::kFloat).div_(255.0f);
}

torch::Tensor labelBatch(const Dataset& dataset, const std::size_t* indices, std::size_t count) {
  auto labels = torch::empty({std::int64_t(count)}, torch::kInt64);
  for (std::size_t item = 0; item < count; ++item) labels[std::int64_t(item)] = dataset.labels[indices[item]];
  return labels;
}

std::vector<std::size_t> allItems(const Dataset& dataset) {
  std::vector<std::size_t> indices(dataset.size());
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  return indices;
}

}  // namespace

DomainClassifierNetImpl::DomainClassifierNetImpl(ImageShape shape, int classes) {
  namespace nn = torch::nn;
  conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(shape.channels, 32, 3).padding(1)));
  conv2 = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(32, DomainClassifier::kFeatureSize, 3).padding(1)));
  const std::int64_t pooled =
      std::int64_t(DomainClassifier::kFeatureSize) * (shape.height / 2 / 2) * (shape.width / 2 / 2);
  feature = register_module("feature", nn::Linear(pooled, DomainClassifier::kHiddenSize));
  head = register_module("head", nn::Linear(DomainClassifier::kHiddenSize, classes));
}

DomainClassifierNetImpl::Outputs DomainClassifierNetImpl::forward(const torch::Tensor& images) {
  auto x = F::max_pool2d(torch::relu(conv1->forward(images)), F::MaxPool2dFuncOptions(2));
  const auto activations = torch::relu(conv2->forward(x));
  x = F::max_pool2d(activations, F::MaxPool2dFuncOptions(2));
  return {activations.mean({2, 3}), head->forward(torch::relu(feature->forward(x.flatten(1))))};
}

void checkClassifierShape(const ImageShape& shape, const std::string& what) {
  if (shape.channels < 1 || shape.height < 4 || shape.width < 4)
    throw usageError(what + " has images of " + shape.toString() +
                     "; the domain classifier needs at least 4 x 4 pixels and one channel");
}

void validateDomainClassifierOptions(const DomainClassifierOptions& options) {
  if (options.epochs < 1)
    throw usageError("domain classifier: epochs must be at least 1, not " + std::to_string(options.epochs));
  if (options.batchSize < 1)
    throw usageError("domain classifier: the batch size must be at least 1, not " + std::to_string(options.batchSize));
  if (!(options.learningRate > 0.0 && std::isfinite(options.learningRate)))
    throw usageError("domain classifier: the learning rate must be a positive number, not " +
                     std::to_string(options.learningRate));
}

DomainClassifier::DomainClassifier() = default;
DomainClassifier::~DomainClassifier() = default;
DomainClassifier::DomainClassifier(DomainClassifier&&) noexcept = default;
DomainClassifier& DomainClassifier::operator=(DomainClassifier&&) noexcept = default;
DomainClassifier::DomainClassifier(std::unique_ptr<Impl> impl) : mImpl(std::move(impl)) {}

bool DomainClassifier::isReady() const {
  return mImpl != nullptr;
}

ImageShape DomainClassifier::shape() const {
  return mImpl ? mImpl->shape : ImageShape{};
}

const std::vector<std::string>& DomainClassifier::classNames() const {
  static const std::vector<std::string> none;
  return mImpl ? mImpl->classNames : none;
}

std::size_t DomainClassifier::trainedItems() const {
  return mImpl ? mImpl->trainedItems : 0;
}

ClassifierOutputs DomainClassifier::outputs(const float* images, std::size_t count) const {
  if (!mImpl) throw usageError("the domain classifier is not trained; train it or load classifier.pt first");
  ClassifierOutputs out;
  out.features.reserve(count * kFeatureSize);
  out.predictions.reserve(count);
  const ImageShape& shape = mImpl->shape;
  torch::NoGradGuard noGrad;
  for (std::size_t begin = 0; begin < count; begin += kInferenceBatch) {
    const std::size_t rows = std::min(kInferenceBatch, count - begin);
    const auto batch = torch::from_blob(const_cast<float*>(images + begin * shape.pixelCount()),
                                        {std::int64_t(rows), shape.channels, shape.height, shape.width}, torch::kFloat);
    const auto result = mImpl->net->forward(batch);
    const auto features = result.pooled.contiguous();
    const auto predicted = result.logits.argmax(1).contiguous();
    const float* featureData = features.data_ptr<float>();
    out.features.insert(out.features.end(), featureData, featureData + rows * kFeatureSize);
    const auto* predictedData = predicted.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < rows; ++i) out.predictions.push_back(int(predictedData[i]));
  }
  return out;
}

std::vector<float> DomainClassifier::features(const float* images, std::size_t count) const {
  return outputs(images, count).features;
}

std::vector<int> DomainClassifier::predict(const float* images, std::size_t count) const {
  return outputs(images, count).predictions;
}

double DomainClassifier::accuracy(const Dataset& dataset, const std::vector<std::size_t>& indices) const {
  if (indices.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (dataset.shape != shape())
    throw usageError("dataset " + dataset.name + " has images of " + dataset.shape.toString() +
                     " but the domain classifier takes " + shape().toString());
  const auto predicted = predict(datasetImagesAsFloats(dataset, indices).data(), indices.size());
  std::size_t correct = 0;
  for (std::size_t i = 0; i < indices.size(); ++i) correct += predicted[i] == dataset.labels[indices[i]];
  return double(correct) / double(indices.size());
}

DomainClassifier trainDomainClassifier(const Dataset& dataset, const std::vector<std::size_t>& indices,
                                       const DomainClassifierOptions& options, const JobContext& job) {
  validateDomainClassifierOptions(options);
  checkClassifierShape(dataset.shape, "dataset " + dataset.name);
  if (dataset.classNames.size() < 2)
    throw usageError("dataset " + dataset.name +
                     " has fewer than two classes; the domain FID and class histogram need a labelled dataset");
  const auto items = spreadSubset(indices.empty() ? allItems(dataset) : indices, options.maxItems);
  if (items.empty()) throw usageError("the domain classifier has no items to learn from; the dataset is empty");
  for (const auto item : items)
    if (item >= dataset.size())
      throw usageError("domain classifier: item " + std::to_string(item) + " is outside dataset " + dataset.name);

  auto impl = std::make_unique<DomainClassifier::Impl>();
  impl->shape = dataset.shape;
  impl->classNames = dataset.classNames;
  impl->trainedItems = items.size();
  impl->net = DomainClassifierNet(dataset.shape, int(dataset.classNames.size()));
  initialiseWeights(*impl->net, options.seed);
  torch::optim::Adam optimizer(impl->net->parameters(), torch::optim::AdamOptions(options.learningRate));

  const std::size_t batchSize = std::size_t(options.batchSize);
  const std::size_t batchesPerEpoch = (items.size() + batchSize - 1) / batchSize;
  const double totalBatches = double(batchesPerEpoch) * options.epochs;
  std::mt19937_64 random(options.seed ^ 0xD1B54A32D192ED03ULL);
  std::vector<std::size_t> order = items;
  impl->net->train();
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random() % i]);
    for (std::size_t batch = 0; batch < batchesPerEpoch; ++batch) {
      job.throwIfCancelled();
      const std::size_t begin = batch * batchSize, count = std::min(batchSize, order.size() - begin);
      const auto images = imageBatch(dataset, order.data() + begin, count);
      const auto labels = labelBatch(dataset, order.data() + begin, count);
      optimizer.zero_grad();
      const auto loss = F::cross_entropy(impl->net->logits(images), labels);
      loss.backward();
      optimizer.step();
      job.report((double(epoch) * batchesPerEpoch + batch + 1) / totalBatches, "Training the domain classifier");
    }
  }
  impl->net->eval();
  return DomainClassifier(std::move(impl));
}

std::vector<float> datasetImagesAsFloats(const Dataset& dataset, const std::vector<std::size_t>& indices) {
  const std::size_t pixels = dataset.shape.pixelCount();
  const std::size_t count = indices.empty() ? dataset.size() : indices.size();
  std::vector<float> out(count * pixels);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t item = indices.empty() ? i : indices[i];
    if (item >= dataset.size())
      throw usageError("item " + std::to_string(item) + " is outside dataset " + dataset.name + " (" +
                       std::to_string(dataset.size()) + " items)");
    const std::uint8_t* image = dataset.image(item);
    for (std::size_t p = 0; p < pixels; ++p) out[i * pixels + p] = float(image[p]) / 255.0f;
  }
  return out;
}

}  // namespace latentlab
