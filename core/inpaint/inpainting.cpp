#include "inpaint/inpainting.h"

#include "common/error.h"
#include "inference/snapshotaccess.h"

#include <limits>
#include <random>

namespace latentlab {

namespace {
void checkMask(ImageShape shape, const InpaintMask& mask) {
  const std::size_t pixels = std::size_t(shape.height) * shape.width;
  if (mask.size() != pixels)
    throw usageError("the inpainting mask has " + std::to_string(mask.size()) + " pixels but the image is " +
                     std::to_string(shape.height) + "x" + std::to_string(shape.width) + " (" + std::to_string(pixels) +
                     "); draw the mask on an image of the model's input size");
}

std::vector<float> toVector(const torch::Tensor& tensor) {
  const auto flat = tensor.detach().contiguous();
  return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

torch::Tensor imageTensor(const std::vector<float>& pixels, ImageShape shape) {
  return torch::from_blob(const_cast<float*>(pixels.data()), {1, shape.channels, shape.height, shape.width}).clone();
}

// 1 on known pixels, 0 in holes: [1, 1, H, W], broadcast over channels.
torch::Tensor knownWeights(const InpaintMask& mask, ImageShape shape) {
  auto weights = torch::empty({1, 1, shape.height, shape.width});
  auto* data = weights.data_ptr<float>();
  for (std::size_t i = 0; i < mask.size(); ++i) data[i] = mask[i] ? 0.0f : 1.0f;
  return weights;
}

// Mean squared error per known pixel and channel; 0 when everything is a hole.
torch::Tensor knownMse(const torch::Tensor& output, const torch::Tensor& image, const torch::Tensor& known) {
  const auto count = known.sum() * double(image.size(1));
  return ((output - image).pow(2) * known).sum() / count.clamp_min(1.0);
}

// Adam on the code alone: gradients come from autograd::grad, so nothing accumulates
// in the snapshot's weights, which other threads may be decoding from.
torch::Tensor fitCode(AutoencoderImpl& model, torch::Tensor code, const torch::Tensor& image,
                      const torch::Tensor& known, const InpaintOptions& options, const JobContext& job) {
  code = code.detach().clone().requires_grad_(true);
  torch::optim::Adam optimizer({code}, torch::optim::AdamOptions(options.latentLearningRate));
  torch::Tensor best = code.detach().clone();
  double bestLoss = std::numeric_limits<double>::infinity();
  for (int step = 0; step <= options.latentSteps; ++step) {
    job.throwIfCancelled();
    if (step % 10 == 0) job.report(double(step) / double(options.latentSteps));
    const torch::Tensor loss = knownMse(model.decode(code), image, known);
    // Adam can overshoot; keep the best code seen (the last one is measured after the loop's final step).
    if (loss.item<double>() < bestLoss) {
      bestLoss = loss.item<double>();
      best = code.detach().clone();
    }
    if (step == options.latentSteps) break;
    code.mutable_grad() = torch::autograd::grad({loss}, {code})[0];
    optimizer.step();
  }
  return best;
}
}  // namespace

std::vector<float> applyMask(const float* image, ImageShape shape, const InpaintMask& mask) {
  checkMask(shape, mask);
  const std::size_t plane = mask.size();
  std::vector<float> masked(image, image + shape.pixelCount());
  for (int c = 0; c < shape.channels; ++c)
    for (std::size_t p = 0; p < plane; ++p)
      if (mask[p]) masked[std::size_t(c) * plane + p] = 0.0f;
  return masked;
}

std::vector<float> compositeKnown(const float* known, const float* filled, ImageShape shape, const InpaintMask& mask) {
  checkMask(shape, mask);
  const std::size_t plane = mask.size();
  std::vector<float> composite(shape.pixelCount());
  for (int c = 0; c < shape.channels; ++c)
    for (std::size_t p = 0; p < plane; ++p) {
      const std::size_t i = std::size_t(c) * plane + p;
      composite[i] = mask[p] ? filled[i] : known[i];
    }
  return composite;
}

InpaintMask randomBoxMask(ImageShape shape, int size, std::uint64_t seed) {
  if (size <= 0 || size > shape.height || size > shape.width)
    throw usageError("the random box (" + std::to_string(size) + " pixels) must fit the " +
                     std::to_string(shape.height) + "x" + std::to_string(shape.width) +
                     " image; choose a size from 1 to " + std::to_string(std::min(shape.height, shape.width)));
  std::mt19937_64 random(seed);
  const int top = int(random() % std::uint64_t(shape.height - size + 1));
  const int left = int(random() % std::uint64_t(shape.width - size + 1));
  InpaintMask mask(std::size_t(shape.height) * shape.width, 0);
  for (int y = top; y < top + size; ++y)
    for (int x = left; x < left + size; ++x) mask[std::size_t(y) * shape.width + x] = 1;
  return mask;
}

InpaintResult inpaint(const ModelSnapshot& model, const float* image, const InpaintMask& mask,
                      const InpaintOptions& options, const JobContext& job) {
  const ImageShape shape = model.inputShape();
  checkMask(shape, mask);
  if (model.outputShape() != shape)
    throw usageError("the model " + model.spec().name + " turns " + shape.toString() + " images into " +
                     model.outputShape().toString() +
                     " ones, so it cannot inpaint; choose a model whose output "
                     "matches its input (not a colorization model)");
  if (options.refinements < 0 || options.latentSteps < 0)
    throw usageError("inpainting refinements and latent steps cannot be negative");

  Autoencoder module = snapshotModule(model, "inpainting");
  const std::vector<float> original(image, image + shape.pixelCount());
  const torch::Tensor input = imageTensor(original, shape);
  const torch::Tensor known = knownWeights(mask, shape);

  InpaintResult result;
  result.masked = applyMask(image, shape, mask);
  torch::Tensor output;
  {
    torch::NoGradGuard noGrad;
    output = module->forward(imageTensor(result.masked, shape)).reconstruction;
    result.output = toVector(output);
    result.composite = compositeKnown(image, result.output.data(), shape, mask);
    for (int pass = 0; pass < options.refinements; ++pass) {
      output = module->forward(imageTensor(result.composite, shape)).reconstruction;
      result.output = toVector(output);
      result.composite = compositeKnown(image, result.output.data(), shape, mask);
    }
  }
  if (options.latentSteps > 0) {
    torch::Tensor code;
    {
      torch::NoGradGuard noGrad;
      code = module->encode(imageTensor(result.composite, shape));
    }
    code = fitCode(*module, code, input, known, options, job);
    torch::NoGradGuard noGrad;
    output = module->decode(code);
    result.output = toVector(output);
    result.composite = compositeKnown(image, result.output.data(), shape, mask);
  }
  torch::NoGradGuard noGrad;
  result.knownMse = knownMse(output, input, known).item<double>();
  return result;
}

}  // namespace latentlab
