#include "planmodules.h"

#include "fastlayers.h"

namespace latentlab {

namespace nn = torch::nn;

namespace {
nn::AnyModule activationModule(Activation activation, double negativeSlope) {
  switch (activation) {
    case Activation::ReLU:
      return nn::AnyModule(nn::ReLU(nn::ReLUOptions().inplace(true)));
    case Activation::SELU:
      return nn::AnyModule(nn::SELU());
    case Activation::LeakyReLU:
      return nn::AnyModule(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(negativeSlope).inplace(true)));
    case Activation::Sigmoid:
      return nn::AnyModule(nn::Sigmoid());
    case Activation::Tanh:
      return nn::AnyModule(nn::Tanh());
    case Activation::None:
      break;
  }
  return nn::AnyModule(nn::Identity());
}

}  // namespace

nn::AnyModule moduleFor(const PlannedLayer& layer) {
  const auto& in = layer.inShape;
  const auto& out = layer.outShape;
  switch (layer.op) {
    case PlanOp::Conv2d:
      return nn::AnyModule(nn::Conv2d(
          nn::Conv2dOptions(in.channels, out.channels, layer.kernel).stride(layer.stride).padding(layer.padding)));
    case PlanOp::ConvTranspose2d:
      return nn::AnyModule(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(in.channels, out.channels, layer.kernel)
                                                   .stride(layer.stride)
                                                   .padding(layer.padding)
                                                   .output_padding(layer.outputPadding)));
    case PlanOp::Linear:
      return nn::AnyModule(nn::Linear(in.channels, out.channels));
    case PlanOp::MaxPool2d:
      return nn::AnyModule(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
    case PlanOp::AvgPool2d:
      return nn::AnyModule(nn::AvgPool2d(nn::AvgPool2dOptions(2)));
    case PlanOp::Upsample:
      return nn::AnyModule(
          nn::Upsample(nn::UpsampleOptions().size(std::vector<int64_t>{out.height, out.width}).mode(torch::kNearest)));
    case PlanOp::BatchNorm2d:
      return nn::AnyModule(nn::BatchNorm2d(in.channels));
    case PlanOp::BatchNorm1d:
      return nn::AnyModule(nn::BatchNorm1d(in.channels));
    case PlanOp::Activation:
      return activationModule(layer.activation, layer.negativeSlope);
    case PlanOp::Dropout:
      return nn::AnyModule(FastDropout(layer.dropout));
    case PlanOp::Flatten:
      return nn::AnyModule(nn::Flatten());
    case PlanOp::Unflatten:
      return nn::AnyModule(nn::Unflatten(nn::UnflattenOptions(1, {out.channels, out.height, out.width})));
  }
  return nn::AnyModule(nn::Identity());
}

nn::Sequential sequentialFor(const std::vector<PlannedLayer>& layers) {
  nn::Sequential sequential;
  for (const auto& layer : layers) sequential->push_back(moduleFor(layer));
  return sequential;
}

void copyModuleState(torch::nn::Module& target, const torch::nn::Module& source) {
  torch::NoGradGuard noGrad;
  auto parameters = source.named_parameters(true);
  for (auto& item : target.named_parameters(true)) item.value().copy_(parameters[item.key()]);
  auto buffers = source.named_buffers(true);
  for (auto& item : target.named_buffers(true)) item.value().copy_(buffers[item.key()]);
}

}  // namespace latentlab
