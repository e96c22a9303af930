#include "fastlayers.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <mutex>

namespace latentlab {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

inline std::uint64_t splitMix64(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

constexpr std::int64_t kBlock = 4096;  // elements per independently seeded block

// Writes scale or 0 into `mask` and input*mask into `output`, one pass.
void maskAndScale(const float* input, float* output, float* mask, std::int64_t count, double probability,
                  std::uint64_t seed) {
  const auto threshold = std::uint32_t(probability * 65536.0);  // keep when the 16-bit draw >= threshold
  const float scale = float(1.0 / (1.0 - probability));
  const std::int64_t blocks = (count + kBlock - 1) / kBlock;
  at::parallel_for(0, blocks, 1, [&](std::int64_t firstBlock, std::int64_t endBlock) {
    for (std::int64_t block = firstBlock; block < endBlock; ++block) {
      std::uint64_t state = splitMix64(seed ^ std::uint64_t(block) * 0xD1B54A32D192ED03ULL);
      const std::int64_t begin = block * kBlock;
      const std::int64_t end = std::min(count, begin + kBlock);
      for (std::int64_t i = begin; i < end; i += 4) {
        state = splitMix64(state);
        for (std::int64_t lane = 0; lane < 4 && i + lane < end; ++lane) {
          const auto draw = std::uint32_t((state >> (16 * lane)) & 0xFFFF);
          const float keep = draw >= threshold ? scale : 0.0f;
          mask[i + lane] = keep;
          output[i + lane] = input[i + lane] * keep;
        }
      }
    }
  });
}

struct DropoutFunction : public torch::autograd::Function<DropoutFunction> {
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& input, double probability,
                               std::int64_t seed) {
    const torch::Tensor contiguous = input.contiguous();
    torch::Tensor output = torch::empty_like(contiguous);
    torch::Tensor mask = torch::empty_like(contiguous);
    maskAndScale(contiguous.data_ptr<float>(), output.data_ptr<float>(), mask.data_ptr<float>(), contiguous.numel(),
                 probability, std::uint64_t(seed));
    context->save_for_backward({mask});
    return output;
  }

  static variable_list backward(AutogradContext* context, variable_list gradients) {
    const torch::Tensor mask = context->get_saved_variables()[0];
    return {gradients[0] * mask, torch::Tensor(), torch::Tensor()};
  }
};

std::uint64_t nextSeedFromTorch() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get<at::CPUGeneratorImpl>()->random64();
}
}  // namespace

torch::Tensor fastDropout(const torch::Tensor& input, double probability, std::uint64_t seed) {
  return DropoutFunction::apply(input, probability, std::int64_t(seed));
}

torch::Tensor FastDropoutImpl::forward(const torch::Tensor& input) {
  if (!is_training() || mProbability <= 0.0) return input;
  if (!input.device().is_cpu() || input.scalar_type() != torch::kFloat)
    return torch::dropout(input, mProbability, /*train=*/true);
  return fastDropout(input, mProbability, nextSeedFromTorch());
}

}  // namespace latentlab
