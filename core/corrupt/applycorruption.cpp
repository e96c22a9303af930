#include "corrupt/applycorruption.h"

#include <ATen/CPUGeneratorImpl.h>

#include <random>

namespace latentlab {

torch::Tensor toGray(const torch::Tensor& images) {
  if (images.size(1) == 1) return images;
  const auto weights = torch::tensor({0.299f, 0.587f, 0.114f}, images.options()).view({1, 3, 1, 1});
  return (images * weights).sum(1, /*keepdim=*/true);
}

torch::Tensor applyMask(const torch::Tensor& images, const torch::Tensor& mask, float fill) {
  torch::Tensor hole = mask.to(torch::kBool);
  if (hole.dim() == 2)
    hole = hole.view({1, 1, hole.size(0), hole.size(1)});
  else if (hole.dim() == 3)
    hole = hole.unsqueeze(1);
  return images.masked_fill(hole.to(images.device()), fill);
}

torch::Tensor applyCorruption(const torch::Tensor& images, const Corruption& corruption, std::uint64_t seed) {
  if (corruption.empty()) return images;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  std::mt19937_64 boxes(seed ^ 0x6F636375ULL);
  torch::Tensor result = images.clone();
  const auto batch = result.size(0);
  const auto height = result.size(2);
  const auto width = result.size(3);
  for (const auto& step : corruption.steps) {
    switch (step.kind) {
      case CorruptionKind::Gaussian:
        result.add_(torch::randn(result.sizes(), generator, result.options()).mul_(step.amount)).clamp_(0.0, 1.0);
        break;
      case CorruptionKind::SaltPepper: {
        // One draw per pixel position, shared by the channels so a speck is black or white.
        const auto draw = torch::rand({batch, 1, height, width}, generator, result.options());
        const double half = step.amount / 2.0;
        result.masked_fill_(draw < half, 0.0f);
        result.masked_fill_((draw >= half) & (draw < step.amount), 1.0f);
        break;
      }
      case CorruptionKind::Occlude: {
        const auto size = std::min<std::int64_t>({std::int64_t(step.amount), height, width});
        auto accessor = result;
        for (std::int64_t item = 0; item < batch; ++item) {
          const auto top = std::int64_t(boxes() % std::uint64_t(height - size + 1));
          const auto left = std::int64_t(boxes() % std::uint64_t(width - size + 1));
          accessor[item].narrow(1, top, size).narrow(2, left, size).zero_();
        }
        break;
      }
      case CorruptionKind::Gray:
        result = toGray(result);
        break;
    }
  }
  return result;
}

}  // namespace latentlab
