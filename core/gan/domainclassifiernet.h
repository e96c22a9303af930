#pragma once

// The domain classifier's network and the state behind DomainClassifier's pimpl, shared by
// its training (domainclassifier.cpp) and its file (domainclassifierfile.cpp).
// Torch-facing: include from .cpp files only.

#include "gan/domainclassifier.h"

#include <torch/torch.h>

namespace latentlab {

struct DomainClassifierNetImpl : torch::nn::Module {
  DomainClassifierNetImpl(ImageShape shape, int classes);

  // One pass: the last convolution's activations averaged over the image (what the FID
  // compares, as Inception's pool3 features are for the usual FID) and the class logits.
  struct Outputs {
    torch::Tensor pooled;  // N x kFeatureSize
    torch::Tensor logits;  // N x classes
  };
  Outputs forward(const torch::Tensor& images);
  torch::Tensor logits(const torch::Tensor& images) { return forward(images).logits; }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::Linear feature{nullptr}, head{nullptr};
};
TORCH_MODULE(DomainClassifierNet);

struct DomainClassifier::Impl {
  ImageShape shape;
  std::vector<std::string> classNames;
  std::size_t trainedItems = 0;
  DomainClassifierNet net{nullptr};
};

// A usage error unless the network can take images of `shape` (at least 4 x 4, pooled twice).
void checkClassifierShape(const ImageShape& shape, const std::string& what);

}  // namespace latentlab
