#include "presets.h"
#include "autoencoder.h"
#include "modelsummary.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

long long torchParameterCount(const ModelSpec& spec) {
  Autoencoder model(spec);
  long long total = 0;
  for (const auto& parameter : model->parameters()) total += parameter.numel();
  return total;
}

// Seed 001's tables, reproduced exactly.
TEST(Presets, SeedOneParameterCountsAreExact) {
  EXPECT_EQ(summarizeModel(presetSpec("cifar-4911")).totalParameters, 4911);
  EXPECT_EQ(summarizeModel(presetSpec("cifar-19383")).totalParameters, 19383);
  EXPECT_EQ(summarizeModel(presetSpec("cifar-colorize-19167")).totalParameters, 19167);
}

TEST(Presets, MnistConvHasSeedTwoArchitecture) {
  const ModelSpec spec = presetSpec("mnist-conv");
  EXPECT_EQ(summarizeModel(spec).totalParameters, 329227);
  EXPECT_EQ(planModel(spec).codeSize(), 10);
}

// The plan's analytic counts and shapes must match the modules the builder makes
// (GAN presets: see gan_test.cpp).
TEST(Presets, EveryPresetBuildsAndMatchesItsPlan) {
  for (const auto& name : presetNames()) {
    SCOPED_TRACE(name);
    const ModelSpec spec = presetSpec(name);
    if (spec.isGan()) continue;
    const LayerPlan plan = planModel(spec);
    EXPECT_EQ(torchParameterCount(spec), plan.totalParameters());
    Autoencoder model(spec);
    model->eval();
    torch::NoGradGuard noGrad;
    const auto input = torch::rand({2, spec.input.channels, spec.input.height, spec.input.width});
    const auto output = model->forward(input);
    EXPECT_EQ(output.reconstruction.sizes(),
              torch::IntArrayRef({2, spec.effectiveOutputChannels(), spec.input.height, spec.input.width}));
    EXPECT_EQ(output.code.size(1), plan.codeSize());
    const auto decoded = model->decode(model->encode(input));
    EXPECT_TRUE(torch::allclose(decoded, output.reconstruction));
  }
}

}  // namespace
}  // namespace latentlab
