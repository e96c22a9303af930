#include "inpaint/inpainting.h"
#include "common/error.h"
#include "inference/snapshotaccess.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <thread>

namespace latentlab {
namespace {

const ImageShape kShape{2, 12, 10};

std::vector<float> randomImage(ImageShape shape, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<float> uniform(0.05f, 1.0f);  // never 0, so a zeroed pixel shows
  std::vector<float> image(shape.pixelCount());
  for (float& value : image) value = uniform(random);
  return image;
}

// A brushed diagonal stroke and a block: the kind of mask the canvas paints.
InpaintMask paintedMask(ImageShape shape) {
  InpaintMask mask(std::size_t(shape.height) * shape.width, 0);
  for (int i = 0; i < std::min(shape.height, shape.width); ++i) mask[std::size_t(i) * shape.width + i] = 1;
  for (int y = 2; y < 5; ++y)
    for (int x = 5; x < 8; ++x) mask[std::size_t(y) * shape.width + x] = 1;
  return mask;
}

ModelSnapshotPtr randomModel(int inputChannels = 1, int outputChannels = 0) {
  torch::manual_seed(5);
  return makeSnapshot(Autoencoder(test::tinyConvSpec(inputChannels, outputChannels)), 0);
}

TEST(Inpainting, ApplyMaskZeroesExactlyTheHolesInEveryChannel) {
  const auto image = randomImage(kShape, 1);
  const InpaintMask mask = paintedMask(kShape);
  const auto masked = applyMask(image.data(), kShape, mask);
  ASSERT_EQ(masked.size(), image.size());
  const std::size_t plane = mask.size();
  for (std::size_t i = 0; i < masked.size(); ++i) {
    if (mask[i % plane])
      EXPECT_EQ(masked[i], 0.0f) << i;
    else
      EXPECT_EQ(masked[i], image[i]) << i;
  }
}

TEST(Inpainting, CompositeKeepsKnownPixelsBitExactAndFillsHoles) {
  const auto known = randomImage(kShape, 2);
  const auto filled = randomImage(kShape, 3);
  const InpaintMask mask = paintedMask(kShape);
  const auto composite = compositeKnown(known.data(), filled.data(), kShape, mask);
  const std::size_t plane = mask.size();
  for (std::size_t i = 0; i < composite.size(); ++i) {
    const float expected = mask[i % plane] ? filled[i] : known[i];
    EXPECT_EQ(std::memcmp(&composite[i], &expected, sizeof(float)), 0) << i;
  }
}

TEST(Inpainting, RandomBoxIsSeededAndHasSizeSquaredHoles) {
  const ImageShape shape{1, 28, 28};
  const InpaintMask first = randomBoxMask(shape, 5, 42);
  EXPECT_EQ(first, randomBoxMask(shape, 5, 42));
  EXPECT_EQ(std::count(first.begin(), first.end(), 1), 25);
  bool moved = false;
  for (std::uint64_t seed = 43; seed < 50 && !moved; ++seed) moved = randomBoxMask(shape, 5, seed) != first;
  EXPECT_TRUE(moved) << "the box ignores the seed";
  const InpaintMask big = randomBoxMask(shape, 15, 7);
  EXPECT_EQ(std::count(big.begin(), big.end(), 1), 225);
  EXPECT_THROW(randomBoxMask(shape, 29, 1), Error);
}

TEST(Inpainting, WrongMaskSizeIsAUsageError) {
  const auto model = randomModel();
  const auto image = randomImage(model->inputShape(), 4);
  try {
    inpaint(*model, image.data(), InpaintMask(28 * 28, 0));
    FAIL() << "no error for a 28x28 mask on a 16x16 model";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("16x16"), std::string::npos) << error.what();
  }
}

TEST(Inpainting, ColorizationModelIsAUsageError) {
  const auto model = randomModel(1, 3);
  const auto image = randomImage(model->inputShape(), 4);
  try {
    inpaint(*model, image.data(), InpaintMask(16 * 16, 0));
    FAIL() << "a colorization model inpainted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("colorization"), std::string::npos) << error.what();
  }
}

TEST(Inpainting, FillsHolesKeepsKnownPixelsAndLatentStepsFitThem) {
  const auto model = randomModel();
  const ImageShape shape = model->inputShape();
  // An image the decoder can make exactly, so a better code exists for the steps to find.
  torch::manual_seed(6);
  const auto target = torch::randn({1, model->codeSize()}).mul_(3.0f).contiguous();
  const auto image = model->decode(target.data_ptr<float>(), 1);
  const InpaintMask mask = randomBoxMask(shape, 6, 3);

  const InpaintResult plain = inpaint(*model, image.data(), mask);
  EXPECT_EQ(plain.masked, applyMask(image.data(), shape, mask));
  ASSERT_EQ(plain.output.size(), image.size());
  EXPECT_EQ(plain.composite, compositeKnown(image.data(), plain.output.data(), shape, mask));

  InpaintOptions refine;
  refine.refinements = 1;
  const InpaintResult refined = inpaint(*model, image.data(), mask, refine);
  InpaintOptions fit;
  fit.latentSteps = 60;
  const InpaintResult fitted = inpaint(*model, image.data(), mask, fit);
  // Both start from the code of the first composite; the steps lower the error on known pixels.
  EXPECT_LT(fitted.knownMse, refined.knownMse * 0.5)
      << "refined " << refined.knownMse << ", fitted " << fitted.knownMse;
  EXPECT_EQ(fitted.composite, compositeKnown(image.data(), fitted.output.data(), shape, mask));
  for (std::size_t i = 0; i < image.size(); ++i) {
    if (mask[i % mask.size()]) continue;
    ASSERT_EQ(std::memcmp(&fitted.composite[i], &image[i], sizeof(float)), 0) << i;
  }
}

// Several explorers may inpaint from one snapshot at once: no gradient reaches its weights.
TEST(Inpainting, LatentStepsLeaveTheSharedWeightsAlone) {
  const auto model = randomModel();
  Autoencoder module = snapshotModule(*model);
  std::vector<torch::Tensor> before;
  for (const auto& parameter : module->parameters()) before.push_back(parameter.detach().clone());
  InpaintOptions options;
  options.refinements = 2;
  options.latentSteps = 20;
  auto work = [&](std::uint64_t seed) {
    const auto image = randomImage(model->inputShape(), seed);
    return inpaint(*model, image.data(), randomBoxMask(model->inputShape(), 5, seed), options).knownMse;
  };
  double first = 0.0, second = 0.0;
  std::thread other([&] { second = work(2); });
  first = work(1);
  other.join();
  EXPECT_TRUE(std::isfinite(first) && std::isfinite(second));
  EXPECT_DOUBLE_EQ(work(1), first);  // deterministic
  const auto parameters = module->parameters();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    EXPECT_FALSE(parameters[i].grad().defined()) << "parameter " << i;
    EXPECT_TRUE(torch::equal(parameters[i], before[i])) << "parameter " << i;
  }
}

}  // namespace
}  // namespace latentlab
