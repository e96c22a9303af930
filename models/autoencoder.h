#pragma once

// LibTorch module built from a ModelSpec. Include only from .cpp files of core
// and models: UI headers stay free of torch (the UI library cannot even see it).

#include "layerplan.h"

#include <torch/torch.h>

#include <utility>

namespace latentlab {

struct AutoencoderOutput {
  torch::Tensor reconstruction;  // [B, C_out, H, W]
  torch::Tensor code;            // [B, codeSize]: the code the decoder used (a sample for a VAE)
  torch::Tensor mean;            // VAE only: [B, latent]
  torch::Tensor logVariance;     // VAE only: [B, latent]
};

class AutoencoderImpl : public torch::nn::Module {
public:
  explicit AutoencoderImpl(const ModelSpec& spec);

  const ModelSpec& spec() const { return mSpec; }
  const LayerPlan& plan() const { return mPlan; }
  int codeSize() const { return mPlan.codeSize(); }

  // Codes are always flat [B, codeSize]; a VAE encodes to its mean.
  torch::Tensor encode(const torch::Tensor& images);
  // A VAE's posterior N(mean, exp(logVariance)) per image, both [B, latent], from one encoder
  // pass; other models give their code and an undefined log-variance.
  std::pair<torch::Tensor, torch::Tensor> encodeDistribution(const torch::Tensor& images);
  torch::Tensor decode(const torch::Tensor& codes);
  // A VAE samples its code with the reparameterization trick in training mode.
  AutoencoderOutput forward(const torch::Tensor& images);

private:
  torch::Tensor hidden(const torch::Tensor& images);

  ModelSpec mSpec;
  LayerPlan mPlan;
  torch::nn::Sequential mEncoder{nullptr};
  torch::nn::Linear mCode{nullptr};         // AE with a latent size
  torch::nn::Linear mMean{nullptr};         // VAE
  torch::nn::Linear mLogVariance{nullptr};  // VAE
  torch::nn::Sequential mDecoder{nullptr};
};
TORCH_MODULE(Autoencoder);

// A deep copy on `device`, e.g. to publish an immutable snapshot while training goes on.
Autoencoder cloneAutoencoder(const Autoencoder& model, const torch::Device& device);

}  // namespace latentlab
