#include "autoencoder.h"

#include "fastlayers.h"

namespace latentlab {

namespace {
namespace nn = torch::nn;

nn::AnyModule activationModule(Activation activation) {
  switch (activation) {
    case Activation::ReLU:
      return nn::AnyModule(nn::ReLU(nn::ReLUOptions().inplace(true)));
    case Activation::SELU:
      return nn::AnyModule(nn::SELU());
    case Activation::LeakyReLU:
      return nn::AnyModule(nn::LeakyReLU(nn::LeakyReLUOptions().inplace(true)));
    case Activation::Sigmoid:
      return nn::AnyModule(nn::Sigmoid());
    case Activation::Tanh:
      return nn::AnyModule(nn::Tanh());
    case Activation::None:
      break;
  }
  return nn::AnyModule(nn::Identity());
}

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
      return activationModule(layer.activation);
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
}  // namespace

AutoencoderImpl::AutoencoderImpl(const ModelSpec& spec) : mSpec(spec), mPlan(planModel(spec)) {
  mEncoder = register_module("encoder", sequentialFor(mPlan.encoder));
  if (spec.isVariational()) {
    const auto& head = mPlan.latentHeads.at(0);
    mMean = register_module("mean", nn::Linear(head.inShape.channels, head.outShape.channels));
    mLogVariance = register_module("log_variance", nn::Linear(head.inShape.channels, head.outShape.channels));
  } else if (!mPlan.latentHeads.empty()) {
    const auto& head = mPlan.latentHeads.at(0);
    mCode = register_module("code", nn::Linear(head.inShape.channels, head.outShape.channels));
  }
  mDecoder = register_module("decoder", sequentialFor(mPlan.decoder));
}

torch::Tensor AutoencoderImpl::hidden(const torch::Tensor& images) {
  return mEncoder->is_empty() ? images : mEncoder->forward(images);
}

torch::Tensor AutoencoderImpl::encode(const torch::Tensor& images) {
  const torch::Tensor h = hidden(images);
  if (mMean) return mMean->forward(h);
  if (mCode) return mCode->forward(h);
  return h.flatten(1);
}

std::pair<torch::Tensor, torch::Tensor> AutoencoderImpl::encodeDistribution(const torch::Tensor& images) {
  if (!mMean) return {encode(images), torch::Tensor()};
  const torch::Tensor h = hidden(images);
  return {mMean->forward(h), mLogVariance->forward(h)};
}

torch::Tensor AutoencoderImpl::decode(const torch::Tensor& codes) {
  const auto& shape = mPlan.codeShape;
  torch::Tensor input =
      shape.isFlat() ? codes : codes.reshape({codes.size(0), shape.channels, shape.height, shape.width});
  return mDecoder->forward(input);
}

AutoencoderOutput AutoencoderImpl::forward(const torch::Tensor& images) {
  AutoencoderOutput output;
  const torch::Tensor h = hidden(images);
  if (mMean) {
    output.mean = mMean->forward(h);
    output.logVariance = mLogVariance->forward(h);
    if (is_training()) {
      const torch::Tensor noise = torch::randn_like(output.mean);
      output.code = output.mean + noise * torch::exp(0.5 * output.logVariance);
    } else {
      output.code = output.mean;
    }
  } else if (mCode) {
    output.code = mCode->forward(h);
  } else {
    output.code = h;  // the feature map itself; flattened below for callers
  }
  output.reconstruction = mCode || mMean ? mDecoder->forward(output.code) : mDecoder->forward(h);
  if (output.code.dim() > 2) output.code = output.code.flatten(1);
  return output;
}

Autoencoder cloneAutoencoder(const Autoencoder& model, const torch::Device& device) {
  torch::NoGradGuard noGrad;
  Autoencoder copy(model->spec());
  auto source = model->named_parameters(true);
  for (auto& item : copy->named_parameters(true)) item.value().copy_(source[item.key()]);
  auto sourceBuffers = model->named_buffers(true);
  for (auto& item : copy->named_buffers(true)) item.value().copy_(sourceBuffers[item.key()]);
  copy->to(device);
  copy->train(model->is_training());
  return copy;
}

}  // namespace latentlab
