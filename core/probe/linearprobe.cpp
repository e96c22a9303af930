// The linear probe: multinomial logistic regression on frozen codes (Adam on
// standardised codes), and optionally fine-tuning a copy of the encoder with it.

#include "probe/linearprobe.h"

#include "common/error.h"
#include "device/computedevice.h"
#include "inference/snapshotaccess.h"
#include "probe/probeshuffle.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace latentlab {

namespace {
namespace F = torch::nn::functional;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEncoderRateShare = 0.1;   // fine-tuning moves the pretrained encoder gently
constexpr std::int64_t kLeastSteps = 16;    // the probe's steps an epoch at least, while batches stay...
constexpr std::int64_t kSmallestBatch = 8;  // ...at least this large

// The probe's matrices are tiny: one thread is fastest and makes the result independent
// of the core count. Restores the caller's setting.
class TorchThreads {
public:
  explicit TorchThreads(int threads) : mPrevious(torch::get_num_threads()) {
    if (mPrevious != threads) torch::set_num_threads(threads);
  }
  ~TorchThreads() {
    if (torch::get_num_threads() != mPrevious) torch::set_num_threads(mPrevious);
  }
  TorchThreads(const TorchThreads&) = delete;
  TorchThreads& operator=(const TorchThreads&) = delete;

private:
  int mPrevious;
};

void checkCodes(const EncodedSet& set, const char* name, int codeSize, int classes) {
  if (set.count() == 0 && set.codes.empty()) return;  // no validation split, say
  if (set.codeSize != codeSize)
    throw usageError(std::string("the ") + name + " codes have " + std::to_string(set.codeSize) +
                     " values but the training codes " + std::to_string(codeSize));
  if (set.codes.size() != set.count() * std::size_t(codeSize) || set.labels.size() != set.count())
    throw usageError(std::string("the ") + name + " codes need " + std::to_string(codeSize) +
                     " values and one label per item");
  for (const auto label : set.labels)
    if (label < 0 || label >= classes)
      throw usageError(std::string("a ") + name + " label (" + std::to_string(label) + ") is outside the " +
                       std::to_string(classes) + " classes");
  for (const float value : set.codes)
    if (!std::isfinite(value))
      throw inputError(std::string("the ") + name +
                       " codes hold a non-finite value; the model diverged, retrain or pick another checkpoint");
}

// Per-dimension mean and standard deviation of the labelled training codes.
struct Standardizer {
  torch::Tensor mean;   // [codeSize]
  torch::Tensor scale;  // [codeSize], 1 where a dimension is constant
};

// `codeSize` values per item (an empty set may not say).
torch::Tensor codesTensor(const EncodedSet& set, int codeSize, const std::vector<std::size_t>* rows = nullptr) {
  if (set.count() == 0) return torch::zeros({0, std::int64_t(codeSize)}, torch::kFloat);
  const auto all = torch::from_blob(const_cast<float*>(set.codes.data()),
                                    {std::int64_t(set.count()), std::int64_t(set.codeSize)}, torch::kFloat);
  if (!rows) return all.clone();
  std::vector<std::int64_t> index(rows->begin(), rows->end());
  return all.index_select(0, torch::tensor(index, torch::kLong));
}

torch::Tensor labelsTensor(const std::vector<std::int64_t>& labels) {
  return torch::tensor(labels, torch::kLong);
}

// A few labelled items (1 % of them) still get some steps an epoch: smaller batches.
std::size_t batchSizeFor(std::size_t items, const ProbeOptions& options) {
  const std::size_t leastSteps = std::size_t(kLeastSteps), smallest = std::size_t(kSmallestBatch);
  return std::max<std::size_t>(
      1, std::min(std::size_t(options.batchSize), std::max(smallest, (items + leastSteps - 1) / leastSteps)));
}

struct Evaluation {
  double loss = kNaN;
  double accuracy = kNaN;
};

Evaluation evaluateLogits(const torch::Tensor& logits, const torch::Tensor& labels) {
  if (labels.numel() == 0) return {};
  return {F::cross_entropy(logits, labels).item<double>(),
          logits.argmax(1).eq(labels).sum().item<double>() / double(labels.numel())};
}

std::vector<int> toLabels(const torch::Tensor& predicted) {
  const auto values = predicted.to(torch::kLong).contiguous();
  std::vector<int> out(std::size_t(values.numel()));
  const auto* data = values.data_ptr<std::int64_t>();
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = int(data[i]);
  return out;
}

// Accuracy, recall per class and the confusion matrix of the test predictions.
void scoreTest(ProbeResult& result, const EncodedSet& test, std::vector<int> predicted, int classes) {
  result.testItems = test.indices;
  if (result.testItems.size() != test.count()) {  // synthetic codes without dataset items: their positions
    result.testItems.resize(test.count());
    std::iota(result.testItems.begin(), result.testItems.end(), std::size_t(0));
  }
  result.truth.assign(test.labels.begin(), test.labels.end());
  result.predicted = std::move(predicted);
  result.confusion = confusionMatrix(result.truth, result.predicted, classes);
  result.perClassAccuracy = perClassAccuracy(result.confusion);
  long long correct = 0;
  for (std::size_t i = 0; i < result.truth.size(); ++i) correct += result.truth[i] == result.predicted[i];
  result.accuracy = result.truth.empty() ? kNaN : double(correct) / double(result.truth.size());
}

// The trained probe on raw codes: logits = codes * weight^T + bias.
struct FrozenProbe {
  ProbeResult result;
  std::vector<std::size_t> labelled;  // positions into the training codes
  torch::Tensor weight;               // [classes, codeSize]
  torch::Tensor bias;                 // [classes]
};

FrozenProbe trainFrozenProbe(const EncodedSet& train, const EncodedSet& validation, const EncodedSet& test, int classes,
                             const ProbeOptions& options, const JobContext& job, const ProbeEpochSink& onEpoch) {
  validateProbeOptions(options);
  if (classes < 2)
    throw usageError("the probe needs at least two classes, not " + std::to_string(classes) +
                     "; choose a labelled dataset ({dataset})");
  if (train.count() == 0) throw usageError("the probe has no training codes; the training split is empty");
  const int codeSize = train.codeSize;
  if (codeSize < 1) throw usageError("the probe needs codes of at least one value");
  checkCodes(train, "training", codeSize, classes);
  checkCodes(validation, "validation", codeSize, classes);
  checkCodes(test, "test", codeSize, classes);
  const TorchThreads threads(1);
  torch::NoGradGuard noGradOutside;  // gradients only where the probe trains

  FrozenProbe probe;
  probe.labelled = labelledSubset(train.labels, classes, options.labelFraction, options.seed);
  const torch::Tensor rawTrain = codesTensor(train, codeSize, &probe.labelled);
  std::vector<std::int64_t> trainLabelValues;
  trainLabelValues.reserve(probe.labelled.size());
  for (const std::size_t row : probe.labelled) trainLabelValues.push_back(train.labels[row]);
  const torch::Tensor trainLabels = labelsTensor(trainLabelValues);

  Standardizer standard;
  standard.mean = rawTrain.mean(0);
  const torch::Tensor deviation =
      rawTrain.size(0) > 1 ? rawTrain.std(0, /*unbiased=*/false) : torch::zeros({codeSize}, torch::kFloat);
  standard.scale = torch::where(deviation > 1e-6, deviation, torch::ones_like(deviation));
  const auto standardize = [&](const torch::Tensor& codes) { return (codes - standard.mean) / standard.scale; };
  const torch::Tensor trainCodes = standardize(rawTrain);
  const torch::Tensor validationCodes = standardize(codesTensor(validation, codeSize));
  const torch::Tensor validationLabels = labelsTensor(validation.labels);
  const torch::Tensor testCodes = standardize(codesTensor(test, codeSize));

  // Zero initial weights: the problem is convex, and no draw from LibTorch's global generator.
  torch::Tensor weight = torch::zeros({classes, codeSize}, torch::kFloat).requires_grad_(true);
  torch::Tensor bias = torch::zeros({classes}, torch::kFloat).requires_grad_(true);
  torch::optim::Adam optimizer(std::vector<torch::Tensor>{weight, bias},
                               torch::optim::AdamOptions(options.learningRate));

  const std::int64_t count = trainCodes.size(0);
  const std::int64_t batch = std::int64_t(batchSizeFor(std::size_t(count), options));
  const std::int64_t batches = (count + batch - 1) / batch;
  std::vector<std::int64_t> order(static_cast<std::size_t>(count));
  std::iota(order.begin(), order.end(), std::int64_t(0));
  probedetail::SeededOrder shuffler(options.seed, probedetail::kProbeStream);
  const JobContext training = job.part(0.0, 0.7);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const std::string stage = "probe epoch " + std::to_string(epoch) + "/" + std::to_string(options.epochs);
    shuffler.shuffle(order);
    const torch::Tensor shuffled = torch::tensor(order, torch::kLong);
    for (std::int64_t b = 0; b < batches; ++b) {
      training.throwIfCancelled();
      training.report((double(epoch - 1) + double(b) / double(batches)) / double(options.epochs), stage);
      const torch::Tensor rows = shuffled.slice(0, b * batch, std::min(count, (b + 1) * batch));
      const torch::Tensor x = trainCodes.index_select(0, rows);
      const torch::Tensor y = trainLabels.index_select(0, rows);
      torch::AutoGradMode enableGrad(true);
      optimizer.zero_grad();
      const torch::Tensor loss = F::cross_entropy(F::linear(x, weight, bias), y);
      loss.backward();
      optimizer.step();
    }
    ProbeEpoch stats;
    stats.epoch = epoch;
    const Evaluation onTrain = evaluateLogits(F::linear(trainCodes, weight, bias), trainLabels);
    const Evaluation onValidation = evaluateLogits(F::linear(validationCodes, weight, bias), validationLabels);
    stats.trainLoss = onTrain.loss;
    stats.trainAccuracy = onTrain.accuracy;
    stats.validationLoss = onValidation.loss;
    stats.validationAccuracy = onValidation.accuracy;
    if (!std::isfinite(stats.trainLoss))
      throw runtimeError("the probe diverged in epoch " + std::to_string(epoch) + "; lower its learning rate ({lr})");
    probe.result.history.push_back(stats);
    if (onEpoch) onEpoch(stats);
  }
  training.report(1.0);

  ProbeResult& result = probe.result;
  for (int c = 0; c < classes; ++c) result.classNames.push_back(std::to_string(c));  // runProbe names them
  result.trainItems = probe.labelled.size();
  result.labelFraction = options.labelFraction;
  result.codeSize = codeSize;
  scoreTest(result, test, test.count() ? toLabels(F::linear(testCodes, weight, bias).argmax(1)) : std::vector<int>(),
            classes);
  result.frozenAccuracy = result.accuracy;

  // kNN votes among the labelled training codes only, in the latent space as it is.
  EncodedSet labelledCodes;
  labelledCodes.codeSize = codeSize;
  labelledCodes.indices.reserve(probe.labelled.size());
  labelledCodes.codes.reserve(probe.labelled.size() * std::size_t(codeSize));
  for (const std::size_t row : probe.labelled) {
    labelledCodes.indices.push_back(train.indices.empty() ? row : train.indices[row]);
    labelledCodes.labels.push_back(train.labels[row]);
    labelledCodes.codes.insert(labelledCodes.codes.end(), train.code(row), train.code(row) + codeSize);
  }
  result.knnK = int(std::min<std::size_t>(std::size_t(options.knnK), labelledCodes.count()));
  result.knnAccuracy = knnAccuracy(labelledCodes, test, options.knnK, job.part(0.7, 1.0), options.threads);
  job.report(1.0);

  // The same probe on raw codes: W' = W / scale, b' = b - W' mean.
  probe.weight = (weight.detach() / standard.scale.unsqueeze(0)).clone();
  probe.bias = (bias.detach() - (probe.weight * standard.mean.unsqueeze(0)).sum(1)).clone();
  return probe;
}

// ----- fine-tuning -----

torch::Tensor imageBatch(const ModelSnapshot& snapshot, const Dataset& dataset, const std::size_t* items,
                         std::size_t count) {
  const ImageShape in = snapshot.inputShape();
  std::vector<float> inputs = modelInputs(snapshot, dataset, items, count);
  return torch::from_blob(inputs.data(), {std::int64_t(count), in.channels, in.height, in.width}, torch::kFloat)
      .clone();
}

torch::Tensor labelsOf(const Dataset& dataset, const std::size_t* items, std::size_t count) {
  std::vector<std::int64_t> labels(count);
  for (std::size_t i = 0; i < count; ++i) labels[i] = dataset.labels[items[i]];
  return labelsTensor(labels);
}

struct Predictions {
  double loss = kNaN;
  double accuracy = kNaN;
  std::vector<int> predicted;
};

// The fine-tuned encoder and head on some items, in eval mode without gradients.
// `progress` gets the items done so far.
Predictions predictImages(Autoencoder& encoder, const torch::Tensor& weight, const torch::Tensor& bias,
                          const ModelSnapshot& snapshot, const Dataset& dataset, const std::vector<std::size_t>& items,
                          std::size_t batch, const JobContext& job, const std::function<void(std::size_t)>& progress) {
  Predictions out;
  if (items.empty()) return out;
  torch::NoGradGuard noGrad;
  encoder->eval();
  double lossSum = 0.0;
  long long correct = 0;
  out.predicted.reserve(items.size());
  for (std::size_t start = 0; start < items.size(); start += batch) {
    job.throwIfCancelled();
    progress(start);
    const std::size_t count = std::min(batch, items.size() - start);
    const torch::Tensor logits =
        F::linear(encoder->encode(imageBatch(snapshot, dataset, items.data() + start, count)), weight, bias);
    const torch::Tensor labels = labelsOf(dataset, items.data() + start, count);
    lossSum += F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
    const torch::Tensor predicted = logits.argmax(1);
    correct += predicted.eq(labels).sum().item<std::int64_t>();
    const std::vector<int> values = toLabels(predicted);
    out.predicted.insert(out.predicted.end(), values.begin(), values.end());
  }
  encoder->train();
  out.loss = lossSum / double(items.size());
  out.accuracy = double(correct) / double(items.size());
  return out;
}

void fineTune(const ProbeInput& input, const DatasetSplit& split, const EncodedSet& testCodes, const FrozenProbe& probe,
              const ProbeOptions& options, ProbeResult& result, const JobContext& job, const ProbeEpochSink& onEpoch) {
  const ModelSnapshot& snapshot = *input.snapshot;
  const Dataset& dataset = *input.dataset;
  configureThreads(options.threads, ThreadRole::Inference);
  // A trainable copy of the probed weights; the snapshot stays as it is.
  Autoencoder encoder = cloneAutoencoder(snapshotModule(snapshot, "a linear probe"), torch::kCPU);
  encoder->train();
  std::vector<torch::Tensor> encoderParameters;
  for (const auto& item : encoder->named_parameters(true)) {
    const std::string& name = item.key();
    if (name.rfind("decoder.", 0) == 0 || name.rfind("log_variance.", 0) == 0) {
      item.value().requires_grad_(false);  // not on the path from image to code
      continue;
    }
    encoderParameters.push_back(item.value());
  }
  torch::Tensor weight = probe.weight.clone().requires_grad_(true);
  torch::Tensor bias = probe.bias.clone().requires_grad_(true);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(encoderParameters,
                      std::make_unique<torch::optim::AdamOptions>(options.learningRate * kEncoderRateShare));
  groups.emplace_back(std::vector<torch::Tensor>{weight, bias},
                      std::make_unique<torch::optim::AdamOptions>(options.learningRate));
  torch::optim::Adam optimizer(std::move(groups), torch::optim::AdamOptions(options.learningRate));

  std::vector<std::size_t> labelled;
  labelled.reserve(probe.labelled.size());
  for (const std::size_t row : probe.labelled) labelled.push_back(split.train[row]);
  const std::size_t batch = batchSizeFor(labelled.size(), options);
  const std::size_t evaluationBatch = std::size_t(std::max(options.batchSize, 256));
  // Progress in images: each epoch's training (about three times a forward pass) and validation, then the test.
  const double perEpoch = 3.0 * double(labelled.size()) + double(split.validation.size());
  const double total = perEpoch * options.epochs + double(split.test.size());
  probedetail::SeededOrder shuffler(options.seed, probedetail::kFineTuneStream);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const std::string stage = "fine-tuning epoch " + std::to_string(epoch) + "/" + std::to_string(options.epochs);
    const double before = perEpoch * (epoch - 1);
    shuffler.shuffle(labelled);
    double lossSum = 0.0;
    long long correct = 0;
    std::size_t seen = 0;
    for (std::size_t start = 0; start < labelled.size(); start += batch) {
      job.throwIfCancelled();
      job.report((before + 3.0 * double(start)) / total, stage);
      const std::size_t count = std::min(batch, labelled.size() - start);
      if (count == 1 && start > 0) continue;  // batch norm cannot train on one item; it comes first another epoch
      const torch::Tensor images = imageBatch(snapshot, dataset, labelled.data() + start, count);
      const torch::Tensor labels = labelsOf(dataset, labelled.data() + start, count);
      optimizer.zero_grad();
      const torch::Tensor logits = F::linear(encoder->encode(images), weight, bias);
      const torch::Tensor loss = F::cross_entropy(logits, labels);
      const double value = loss.item<double>();
      if (!std::isfinite(value))
        throw runtimeError("fine-tuning diverged in epoch " + std::to_string(epoch) +
                           "; lower the learning rate ({lr})");
      loss.backward();
      optimizer.step();
      lossSum += value * double(count);
      correct += logits.detach().argmax(1).eq(labels).sum().item<std::int64_t>();
      seen += count;
    }
    ProbeEpoch stats;
    stats.epoch = epoch;
    stats.fineTune = true;
    stats.trainLoss = lossSum / double(seen);
    stats.trainAccuracy = double(correct) / double(seen);
    const double validationStart = before + 3.0 * double(labelled.size());
    const Predictions onValidation =
        predictImages(encoder, weight, bias, snapshot, dataset, split.validation, evaluationBatch, job,
                      [&](std::size_t done) { job.report((validationStart + double(done)) / total, stage); });
    stats.validationLoss = onValidation.loss;
    stats.validationAccuracy = onValidation.accuracy;
    result.history.push_back(stats);
    if (onEpoch) onEpoch(stats);
  }
  const double testStart = perEpoch * options.epochs;
  Predictions onTest =
      predictImages(encoder, weight, bias, snapshot, dataset, split.test, evaluationBatch, job,
                    [&](std::size_t done) { job.report((testStart + double(done)) / total, "testing"); });
  scoreTest(result, testCodes, std::move(onTest.predicted), int(dataset.classNames.size()));
  result.fineTuned = true;
  job.report(1.0);
}
}  // namespace

ProbeResult probeCodes(const EncodedSet& train, const EncodedSet& validation, const EncodedSet& test, int classes,
                       const ProbeOptions& options, const JobContext& job, const ProbeEpochSink& onEpoch) {
  return trainFrozenProbe(train, validation, test, classes, options, job, onEpoch).result;
}

ProbeResult runProbe(ProbeInput input, ProbeOptions options, const JobContext& job, const ProbeEpochSink& onEpoch) {
  if (!input.snapshot) throw usageError("the probe needs a run's weights; choose a trained run ({run})");
  if (!input.dataset) throw usageError("the probe needs a dataset ({dataset})");
  const Dataset& dataset = *input.dataset;
  if (dataset.classNames.size() < 2)
    throw usageError(dataset.name + " has no labels; the probe needs a labelled dataset ({dataset})");
  validateProbeOptions(options);
  const DatasetSplit split = makeSplit(dataset, input.split);
  if (split.train.empty())
    throw usageError("the training split of " + dataset.name + " is empty; the probe needs labelled training items");
  if (split.test.empty())
    throw usageError("the test split of " + dataset.name +
                     " is empty; the probe reports test accuracy, so set a test share ({test-fraction})");

  // Shares of the progress bar, by how long each step takes.
  const double encodeShare = options.fineTune ? 0.2 : 0.8;
  const double probeEnd = options.fineTune ? 0.25 : 1.0;
  const double items = double(split.train.size() + split.validation.size() + split.test.size());
  const double trainEnd = encodeShare * double(split.train.size()) / items;
  const double validationEnd = trainEnd + encodeShare * double(split.validation.size()) / items;

  EncodeOptions encode;
  encode.reconstructionErrors = false;
  encode.threads = options.threads;
  const ModelSnapshot& snapshot = *input.snapshot;
  const EncodedSet train =
      encodeDataset(snapshot, dataset, split.train, encode, job.part(0.0, trainEnd, "encoding the training split"));
  const EncodedSet validation = encodeDataset(snapshot, dataset, split.validation, encode,
                                              job.part(trainEnd, validationEnd, "encoding the validation split"));
  const EncodedSet test = encodeDataset(snapshot, dataset, split.test, encode,
                                        job.part(validationEnd, encodeShare, "encoding the test split"));
  const int classes = int(dataset.classNames.size());
  FrozenProbe probe =
      trainFrozenProbe(train, validation, test, classes, options, job.part(encodeShare, probeEnd), onEpoch);
  ProbeResult result = std::move(probe.result);
  result.classNames = dataset.classNames;
  result.epoch = snapshot.epoch();
  if (options.fineTune) fineTune(input, split, test, probe, options, result, job.part(probeEnd, 1.0), onEpoch);
  job.report(1.0);
  return result;
}

}  // namespace latentlab
