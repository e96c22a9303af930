#include "gan/latentfit.h"

#include "common/error.h"

namespace latentlab {

LatentFit fitLatent(Gan& gan, const torch::Tensor& images, const LatentFitOptions& options, const JobContext& job) {
  if (options.steps < 1 || options.restarts < 1 || !(options.learningRate > 0))
    throw usageError("latent fitting needs at least one step and one restart and a positive learning rate");
  const int64_t count = images.size(0);
  const int64_t latent = gan->latentSize();
  const int64_t tries = count * options.restarts;
  // Each image repeated once per restart: [image0 x restarts, image1 x restarts, ...].
  const auto targets = images.detach().repeat_interleave(options.restarts, 0);

  auto generator = at::Generator(at::detail::createCPUGenerator(options.seed));
  auto z = torch::randn({tries, latent}, generator, torch::TensorOptions().dtype(torch::kFloat32))
               .to(images.device())
               .requires_grad_(true);
  // Adam by hand on z alone: torch::optim would need the parameters' grads untouched anyway.
  auto firstMoment = torch::zeros_like(z);
  auto secondMoment = torch::zeros_like(z);
  const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  for (int step = 1; step <= options.steps; ++step) {
    job.throwIfCancelled();
    if (step % 10 == 1) job.report(double(step - 1) / options.steps, "Fitting z");
    const auto generated = gan->generate(z);
    const auto error = (generated - targets).pow(2).flatten(1).mean(1);
    // A weak pull towards the prior keeps z where the generator was trained.
    const auto loss = error.sum() + 1e-3 * z.pow(2).sum() / double(latent);
    const auto gradient = torch::autograd::grad({loss}, {z})[0];
    torch::NoGradGuard noGrad;
    firstMoment.mul_(beta1).add_(gradient, 1 - beta1);
    secondMoment.mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
    const double correction1 = 1 - std::pow(beta1, step), correction2 = 1 - std::pow(beta2, step);
    z.sub_(options.learningRate * (firstMoment / correction1) / ((secondMoment / correction2).sqrt() + epsilon));
  }
  torch::NoGradGuard noGrad;
  const auto errors = (gan->generate(z) - targets).pow(2).flatten(1).mean(1).reshape({count, options.restarts});
  const auto best = errors.argmin(1);
  const auto rows = torch::arange(count, best.options()) * options.restarts + best;
  LatentFit fit;
  fit.codes = z.detach().index_select(0, rows);
  fit.errors = errors.gather(1, best.unsqueeze(1)).squeeze(1);
  job.report(1.0, "Fitting z");
  return fit;
}

}  // namespace latentlab
