#pragma once

// The domain classifier's network and the state behind DomainClassifier's pimpl, shared by
// its training (domainclassifier.cpp) and its file (domainclassifierfile.cpp).
// Torch-facing: include from .cpp files only.

#include "gan/domainclassifier.h"

#include <torch/torch.h>

namespace latentlab {

struct DomainClassifierNetImpl : torch::nn::Module {
  DomainClassifierNetImpl(ImageShape shape, int classes);

  // The 128 values after the feature layer's ReLU: what the FID compares.
  torch::Tensor features(const torch::Tensor& images);
  torch::Tensor logits(const torch::Tensor& features) { return head->forward(features); }

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
