#include "metrics/imagemetrics.h"

#include <cmath>

namespace latentlab {

namespace {
constexpr double kEpsilon = 1e-10;

torch::Tensor gaussianWindow(int size, double sigma, const torch::TensorOptions& options) {
  auto coordinates = torch::arange(size, options).sub_((size - 1) / 2.0);
  auto profile = torch::exp(-(coordinates * coordinates) / (2.0 * sigma * sigma));
  profile /= profile.sum();
  return torch::outer(profile, profile);
}
}  // namespace

torch::Tensor perImageMse(const torch::Tensor& output, const torch::Tensor& target) {
  return (output - target).pow(2).flatten(1).mean(1);
}

torch::Tensor perImageBce(const torch::Tensor& output, const torch::Tensor& target) {
  const auto clamped = output.clamp(1e-7, 1.0 - 1e-7);
  return -(target * clamped.log() + (1 - target) * (1 - clamped).log()).flatten(1).mean(1);
}

torch::Tensor perImagePsnr(const torch::Tensor& output, const torch::Tensor& target) {
  return 10.0 * torch::log10(1.0 / perImageMse(output, target).clamp_min(kEpsilon));
}

torch::Tensor perImageSnrDb(const torch::Tensor& output, const torch::Tensor& target) {
  const auto signal = target.pow(2).flatten(1).sum(1);
  const auto noise = (target - output).pow(2).flatten(1).sum(1).clamp_min(kEpsilon);
  return 10.0 * torch::log10(signal.clamp_min(kEpsilon) / noise);
}

torch::Tensor perImageSsim(const torch::Tensor& output, const torch::Tensor& target) {
  // Wang et al. 2004 with the usual constants for a data range of 1; 'valid' windows.
  const auto channels = output.size(1);
  const int side = int(std::min<std::int64_t>({11, output.size(2), output.size(3)}));
  const int size = side % 2 == 0 ? side - 1 : side;
  const auto window =
      gaussianWindow(size, 1.5 * size / 11.0, output.options()).view({1, 1, size, size}).repeat({channels, 1, 1, 1});
  auto filter = [&](const torch::Tensor& x) {
    const std::vector<std::int64_t> one{1, 1}, none{0, 0};
    return torch::conv2d(x, window, torch::Tensor(), one, none, one, channels);
  };
  const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  const auto muX = filter(output), muY = filter(target);
  const auto sigmaX = filter(output * output) - muX * muX;
  const auto sigmaY = filter(target * target) - muY * muY;
  const auto sigmaXY = filter(output * target) - muX * muY;
  const auto map =
      ((2 * muX * muY + c1) * (2 * sigmaXY + c2)) / ((muX * muX + muY * muY + c1) * (sigmaX + sigmaY + c2));
  return map.flatten(1).mean(1);
}

void QualityAccumulator::add(const torch::Tensor& output, const torch::Tensor& target) {
  torch::NoGradGuard noGrad;
  const auto out = output.detach().to(torch::kFloat);
  const auto tgt = target.detach().to(torch::kFloat);
  mMse += perImageMse(out, tgt).sum().item<double>();
  mBce += perImageBce(out, tgt).sum().item<double>();
  mPsnr += perImagePsnr(out, tgt).sum().item<double>();
  mSnr += perImageSnrDb(out, tgt).sum().item<double>();
  mSsim += perImageSsim(out, tgt).sum().item<double>();
  mCount += std::size_t(out.size(0));
}

ImageQuality QualityAccumulator::mean() const {
  ImageQuality quality;
  quality.count = mCount;
  if (mCount == 0) return quality;
  const double n = double(mCount);
  quality.mse = mMse / n;
  quality.bce = mBce / n;
  quality.psnr = mPsnr / n;
  quality.snrDb = mSnr / n;
  quality.ssim = mSsim / n;
  return quality;
}

ImageQuality measureQuality(const torch::Tensor& output, const torch::Tensor& target) {
  QualityAccumulator accumulator;
  accumulator.add(output, target);
  return accumulator.mean();
}

}  // namespace latentlab
