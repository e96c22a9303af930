#pragma once

// Layers with a faster CPU path than LibTorch's generic ones; same maths, same
// parameters (none), same results in eval mode.

#include <torch/torch.h>

namespace latentlab {

// Inverted dropout. On CPU the keep-mask comes from a counter-based generator in
// one fused, parallel pass (LibTorch 1.13 without MKL draws one mt19937 number
// per element under a lock). Seeded from LibTorch's default generator, so
// torch::manual_seed still makes training reproducible. CUDA uses torch::dropout.
class FastDropoutImpl : public torch::nn::Module {
public:
  explicit FastDropoutImpl(double probability) : mProbability(probability) {}
  torch::Tensor forward(const torch::Tensor& input);
  double probability() const { return mProbability; }

private:
  double mProbability;
};
TORCH_MODULE(FastDropout);

// Exposed for tests: the mask-and-scale op with an explicit seed.
torch::Tensor fastDropout(const torch::Tensor& input, double probability, std::uint64_t seed);

}  // namespace latentlab
