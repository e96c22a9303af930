#include "gan.h"

#include "planmodules.h"

namespace latentlab {

namespace {
const ModelSpec& requireGan(const ModelSpec& spec) {
  if (!spec.isGan())
    throw ModelSpecError((spec.name.empty() ? std::string("this model") : spec.name) + " is of kind '" +
                         kindName(spec.kind) +
                         "', not a GAN: set \"kind\": \"gan\" to build a generator and a "
                         "discriminator");
  return spec;
}
}  // namespace

GanImpl::GanImpl(const ModelSpec& spec) : mSpec(requireGan(spec)), mPlan(planModel(spec)) {
  mGenerator = register_module("generator", sequentialFor(mPlan.decoder));
  // The body and the Linear(->1) head; the head's planned Sigmoid is applied in discriminate().
  torch::nn::Sequential discriminator = sequentialFor(mPlan.encoder);
  for (const auto& layer : mPlan.latentHeads)
    if (layer.op != PlanOp::Activation) discriminator->push_back(moduleFor(layer));
  mDiscriminator = register_module("discriminator", discriminator);
  if (mSpec.generatorAverage > 0.0) {
    mAverage = register_module("generator_average", GeneratorAverage(mPlan.decoder, mSpec.generatorAverage));
    mAverage->copyFrom(mGenerator);
  }
}

torch::Tensor GanImpl::generate(const torch::Tensor& z) {
  const auto flat = z.reshape({z.size(0), mSpec.latent});
  return hasGeneratorAverage() ? mAverage->forward(flat) : mGenerator->forward(flat);
}

torch::Tensor GanImpl::generateForTraining(const torch::Tensor& z) {
  return mGenerator->forward(z.reshape({z.size(0), mSpec.latent}));
}

void GanImpl::updateGeneratorAverage() {
  if (hasGeneratorAverage()) mAverage->follow(mGenerator);
}

void GanImpl::calibrateGeneratorAverage(const torch::Tensor& latents, int64_t chunk) {
  if (hasGeneratorAverage()) mAverage->calibrate(latents, chunk);
}

torch::Tensor GanImpl::discriminateLogits(const torch::Tensor& images) {
  return mDiscriminator->forward(images).reshape({images.size(0)});
}

torch::Tensor GanImpl::discriminate(const torch::Tensor& images) {
  return torch::sigmoid(discriminateLogits(images));
}

torch::Tensor GanImpl::sampleLatent(int64_t count, const torch::Device& device) const {
  return torch::randn({count, mSpec.latent}, torch::TensorOptions().device(device));
}

Gan cloneGan(const Gan& model, const torch::Device& device) {
  Gan copy(model->spec());
  copyModuleState(*copy, *model);
  copy->to(device);
  copy->train(model->is_training());
  return copy;
}

}  // namespace latentlab
