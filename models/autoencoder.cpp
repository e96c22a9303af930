#include "autoencoder.h"

#include "planmodules.h"

namespace latentlab {

namespace {
namespace nn = torch::nn;

const ModelSpec& refuseGan(const ModelSpec& spec) {
  if (spec.isGan())
    throw ModelSpecError((spec.name.empty() ? std::string("this model") : spec.name) +
                         " is a GAN (a generator and a discriminator, no encoder), not an autoencoder: this "
                         "needs an autoencoder preset such as mnist-conv or mnist-vae");
  return spec;
}
}  // namespace

AutoencoderImpl::AutoencoderImpl(const ModelSpec& spec) : mSpec(refuseGan(spec)), mPlan(planModel(spec)) {
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
  Autoencoder copy(model->spec());
  copyModuleState(*copy, *model);
  copy->to(device);
  copy->train(model->is_training());
  return copy;
}

}  // namespace latentlab
