#include "train/trainingengine.h"

#include "common/error.h"
#include "metrics/imagemetrics.h"

#include <cmath>

namespace latentlab {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& config, Autoencoder& model) {
  return makeOptimizer(config, model->parameters());
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& config,
                                                       const std::vector<torch::Tensor>& parameters) {
  const auto betas = std::make_tuple(config.adamBeta1, config.adamBeta2);
  switch (config.optimizer) {
    case OptimizerKind::Adam:
      return std::make_unique<torch::optim::Adam>(
          parameters, torch::optim::AdamOptions(config.learningRate).betas(betas).weight_decay(config.weightDecay));
    case OptimizerKind::AdamW:
      return std::make_unique<torch::optim::AdamW>(
          parameters, torch::optim::AdamWOptions(config.learningRate).betas(betas).weight_decay(config.weightDecay));
    case OptimizerKind::Sgd:
      return std::make_unique<torch::optim::SGD>(
          parameters,
          torch::optim::SGDOptions(config.learningRate).momentum(config.momentum).weight_decay(config.weightDecay));
  }
  throw usageError("unknown optimizer");
}

TrainingEngine::TrainingEngine(const ModelSpec& spec, const TrainConfig& config, torch::Device device)
    : mConfig(config), mDevice(device), mModel(spec) {
  if (config.loss == LossKind::Bce && spec.outputActivation != Activation::Sigmoid)
    throw usageError("the BCE loss needs outputs in [0, 1], but " + spec.name + " ends with " +
                     activationName(spec.outputActivation) + "; choose the MSE loss ({loss}) or a sigmoid output");
  mModel->to(device);
  mOptimizer = makeOptimizer(config, mModel);
}

torch::Tensor TrainingEngine::loss(const AutoencoderOutput& output, const torch::Tensor& target) const {
  torch::Tensor reconstruction;
  switch (mConfig.loss) {
    case LossKind::Mse:
      reconstruction = torch::mse_loss(output.reconstruction, target);
      break;
    case LossKind::Bce:
      reconstruction = torch::binary_cross_entropy(output.reconstruction, target);
      break;
    case LossKind::L1:
      reconstruction = torch::l1_loss(output.reconstruction, target);
      break;
  }
  if (!output.mean.defined()) return reconstruction;
  // KL(q(z|x) || N(0, I)) per image, scaled per output element like the reconstruction term,
  // so beta = 1 is the usual ELBO up to a constant factor.
  const auto& mean = output.mean;
  const auto& logVariance = output.logVariance;
  const auto kl = -0.5 * (1 + logVariance - mean.pow(2) - logVariance.exp()).sum(1).mean();
  const double elementsPerImage = double(target[0].numel());
  return reconstruction + mConfig.beta * kl / elementsPerImage;
}

double TrainingEngine::trainStep(const Batch& batch) {
  mModel->train();
  const auto input = batch.input.to(mDevice, /*non_blocking=*/true);
  const auto target = batch.target.to(mDevice, /*non_blocking=*/true);
  mOptimizer->zero_grad();
  const auto output = mModel->forward(input);
  const auto value = loss(output, target);
  const double lossValue = value.item<double>();
  if (!std::isfinite(lossValue)) return lossValue;  // never step on a diverged loss
  value.backward();
  mOptimizer->step();
  return lossValue;
}

EvaluationResult TrainingEngine::evaluate(BatchLoader& loader, const JobContext& job) {
  torch::NoGradGuard noGrad;
  mModel->eval();
  EvaluationResult result;
  QualityAccumulator quality;
  double lossSum = 0.0;
  std::size_t count = 0;
  loader.startEpoch(0);
  Batch batch;
  while (loader.next(batch)) {
    job.throwIfCancelled();
    const auto input = batch.input.to(mDevice);
    const auto target = batch.target.to(mDevice);
    const auto output = mModel->forward(input);
    const auto items = std::size_t(input.size(0));
    lossSum += loss(output, target).item<double>() * double(items);
    quality.add(output.reconstruction, target);
    count += items;
  }
  result.loss = count ? lossSum / double(count) : std::nan("");
  result.quality = quality.mean();
  return result;
}

}  // namespace latentlab
