#include "generatoraverage.h"

#include "planmodules.h"

#include <algorithm>
#include <functional>

namespace latentlab {

GeneratorAverageImpl::GeneratorAverageImpl(std::vector<PlannedLayer> layers, double decay)
    : mLayers(std::move(layers)), mDecay(decay) {
  reset();
}

void GeneratorAverageImpl::reset() {
  mNetwork = register_module("network", sequentialFor(mLayers));
  mUpdates = register_buffer("updates", torch::zeros({}, torch::kLong));
  for (auto& parameter : mNetwork->parameters()) parameter.set_requires_grad(false);
}

void GeneratorAverageImpl::copyFrom(const torch::nn::Sequential& generator) {
  copyModuleState(*mNetwork, *generator);
}

void GeneratorAverageImpl::follow(const torch::nn::Sequential& generator) {
  torch::NoGradGuard noGrad;
  const double updates = double(mUpdates.item<int64_t>());
  const double decay = std::min(mDecay, (1.0 + updates) / (10.0 + updates));
  const auto average = mNetwork->parameters();
  const auto current = generator->parameters();
  for (std::size_t i = 0; i < average.size(); ++i) average[i].mul_(decay).add_(current[i], 1.0 - decay);
  mUpdates.add_(1);
}

namespace {
// Switches a batch norm to a cumulative average (no momentum) with fresh statistics and
// gives back a function that restores its momentum.
template <typename Norm>
std::function<void()> restartStatistics(Norm& norm) {
  const c10::optional<double> momentum = norm.options.momentum();
  norm.options.momentum(c10::nullopt);
  norm.reset_running_stats();
  return [&norm, momentum] { norm.options.momentum(momentum); };
}
}  // namespace

void GeneratorAverageImpl::calibrate(const torch::Tensor& latents, int64_t chunk) {
  std::vector<std::function<void()>> restore;
  for (const auto& module : mNetwork->modules(/*include_self=*/false)) {
    if (auto* norm = dynamic_cast<torch::nn::BatchNorm1dImpl*>(module.get()))
      restore.push_back(restartStatistics(*norm));
    if (auto* norm = dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get()))
      restore.push_back(restartStatistics(*norm));
  }
  if (restore.empty()) return;
  const bool wasTraining = is_training();
  const auto device = mNetwork->parameters().front().device();
  train();
  {
    torch::NoGradGuard noGrad;
    for (int64_t start = 0; start < latents.size(0); start += chunk)
      mNetwork->forward(latents.slice(0, start, std::min(start + chunk, latents.size(0))).to(device));
  }
  train(wasTraining);
  for (const auto& undo : restore) undo();
}

}  // namespace latentlab
