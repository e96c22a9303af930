#include "gan.h"
#include "autoencoder.h"
#include "modelsummary.h"
#include "presets.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

long long countParameters(const std::vector<torch::Tensor>& parameters) {
  long long total = 0;
  for (const auto& parameter : parameters) total += parameter.numel();
  return total;
}

// Seed 002's GAN, counted by hand (weights + biases):
//   generator:     Linear 100->1152            100*1152 + 1152    = 116,352
//                  ConvT 128->64, 3x3          128*64*9 + 64      =  73,792
//                  ConvT 64->32, 3x3           64*32*9 + 32       =  18,464
//                  ConvT 32->1, 3x3            32*1*9 + 1         =     289
//                                                           total = 208,897
//   discriminator: Conv 1->64, 3x3             1*64*9 + 64        =     640
//                  Conv 64->128, 3x3           64*128*9 + 128     =  73,856
//                  Conv 128->256, 3x3          128*256*9 + 256    = 295,168
//                  Linear 256*3*3=2304 -> 1    2304 + 1           =   2,305
//                                                           total = 371,969
//   both: 580,866
TEST(GanPresets, Seed002BuildsWithTheStatedParameterCounts) {
  const ModelSpec spec = presetSpec("mnist-gan-seed002");
  EXPECT_TRUE(spec.isGan());
  EXPECT_EQ(spec.latent, 100);
  EXPECT_EQ(spec.seed, "002");
  const LayerPlan plan = planModel(spec);
  EXPECT_EQ(plan.generatorParameters(), 208897);
  EXPECT_EQ(plan.discriminatorParameters(), 371969);
  EXPECT_EQ(plan.totalParameters(), 580866);
  EXPECT_EQ(plan.codeSize(), 100);
  // The shapes seed 002 states: 3x3 -> 7x7 -> 14x14 -> 28x28, and 28 -> 14 -> 7 -> 3.
  std::vector<std::string> generatorShapes, discriminatorShapes;
  for (const auto& layer : plan.decoder)
    if (layer.op == PlanOp::ConvTranspose2d || layer.op == PlanOp::Unflatten)
      generatorShapes.push_back(layer.outShape.toString());
  for (const auto& layer : plan.encoder)
    if (layer.op == PlanOp::Conv2d) discriminatorShapes.push_back(layer.outShape.toString());
  EXPECT_EQ(generatorShapes, (std::vector<std::string>{"128x3x3", "64x7x7", "32x14x14", "1x28x28"}));
  EXPECT_EQ(discriminatorShapes, (std::vector<std::string>{"64x14x14", "128x7x7", "256x3x3"}));
  // SELU between the generator's layers, sigmoid out; LeakyReLU 0.2 in the discriminator.
  for (const auto& layer : plan.decoder) {
    if (layer.op == PlanOp::Activation) {
      EXPECT_EQ(layer.activation, &layer == &plan.decoder.back() ? Activation::Sigmoid : Activation::SELU);
    }
  }
  int leaky = 0;
  for (const auto& layer : plan.encoder)
    if (layer.op == PlanOp::Activation) {
      EXPECT_EQ(layer.activation, Activation::LeakyReLU);
      EXPECT_DOUBLE_EQ(layer.negativeSlope, 0.2);
      ++leaky;
    }
  EXPECT_EQ(leaky, 3);
  ASSERT_EQ(plan.latentHeads.size(), 2u);
  EXPECT_EQ(plan.latentHeads[0].op, PlanOp::Linear);
  EXPECT_EQ(plan.latentHeads[1].activation, Activation::Sigmoid);

  const ModelSummary summary = summarizeModel(spec);
  EXPECT_TRUE(summary.gan);
  EXPECT_EQ(summary.generatorParameters, 208897);
  EXPECT_EQ(summary.discriminatorParameters, 371969);
  const std::string table = formatSummaryTable(summary);
  EXPECT_NE(table.find("Generator params: 208,897"), std::string::npos) << table;
  EXPECT_NE(table.find("Discriminator params: 371,969"), std::string::npos) << table;

  // The training settings seed 002 used; the Adam betas under keys the trainer reads.
  const std::string training = spec.trainingDefaultsJson;
  for (const char* expected : {"\"lr\":0.02", "\"adam_beta1\":0.5", "\"adam_beta2\":0.999", "\"batch\":200",
                               "\"epochs\":15", "\"loss\":\"bce\"", "\"use_official_test\":false"})
    EXPECT_NE(training.find(expected), std::string::npos) << expected << " in " << training;

  Gan gan(spec);
  EXPECT_EQ(countParameters(gan->generator()->parameters()), 208897);
  EXPECT_EQ(countParameters(gan->discriminator()->parameters()), 371969);
}

// The default GAN (a small DCGAN), counted by hand:
//   generator:     Linear 64->6272 (128x7x7)   64*6272 + 6272     = 407,680
//                  BatchNorm1d 6272            2*6272             =  12,544
//                  ConvT 128->64, 4x4          128*64*16 + 64     = 131,136
//                  BatchNorm2d 64              2*64               =     128
//                  ConvT 64->1, 4x4            64*1*16 + 1        =   1,025
//                                                           total = 552,513
//   discriminator: Conv 1->64, 4x4 (no BN)     1*64*16 + 64       =   1,088
//                  Conv 64->128, 4x4           64*128*16 + 128    = 131,200
//                  BatchNorm2d 128             2*128              =     256
//                  Linear 128*7*7=6272 -> 1    6272 + 1           =   6,273
//                                                           total = 138,817
//   both: 691,330
TEST(GanPresets, DcganBuildsWithTheStatedParameterCounts) {
  const ModelSpec spec = presetSpec("mnist-dcgan");
  EXPECT_TRUE(spec.isGan());
  const LayerPlan plan = planModel(spec);
  EXPECT_EQ(plan.generatorParameters(), 552513);
  EXPECT_EQ(plan.discriminatorParameters(), 138817);
  EXPECT_EQ(plan.totalParameters(), 691330);
  EXPECT_EQ(plan.codeSize(), 64);
  int batchNorms = 0;
  for (const auto& layer : plan.encoder) batchNorms += layer.op == PlanOp::BatchNorm2d;
  EXPECT_EQ(batchNorms, 1);  // the first discriminator conv opts out
  Gan gan(spec);
  EXPECT_EQ(countParameters(gan->generator()->parameters()), 552513);
  EXPECT_EQ(countParameters(gan->discriminator()->parameters()), 138817);
  // It samples from a weight average of its generator (not trained, not counted in the total).
  EXPECT_DOUBLE_EQ(spec.generatorAverage, 0.999);
  ASSERT_TRUE(gan->hasGeneratorAverage());
  EXPECT_EQ(countParameters(gan->generatorAverage()->parameters()), 552513);
  const std::string table = formatSummaryTable(summarizeModel(spec));
  EXPECT_NE(table.find("Total params: 691,330"), std::string::npos) << table;
  EXPECT_NE(table.find("average of the generator's weights (decay 0.999"), std::string::npos) << table;
  // Seed 002's GAN is as the report describes it: no average.
  EXPECT_FALSE(Gan(presetSpec("mnist-gan-seed002"))->hasGeneratorAverage());
}

// Every GAN preset: the module's counts equal the plan's, and the two networks give the
// documented shapes and ranges.
TEST(GanModule, GeneratesImagesAndDiscriminatesProbabilities) {
  for (const auto& name : presetNames()) {
    const ModelSpec spec = presetSpec(name);
    if (!spec.isGan()) continue;
    SCOPED_TRACE(name);
    torch::manual_seed(2);
    const LayerPlan plan = planModel(spec);
    Gan gan(spec);
    const long long averaged = gan->hasGeneratorAverage() ? plan.generatorParameters() : 0;
    EXPECT_EQ(countParameters(gan->parameters()), plan.totalParameters() + averaged);
    EXPECT_EQ(countParameters(gan->generator()->parameters()), plan.generatorParameters());
    EXPECT_EQ(countParameters(gan->discriminator()->parameters()), plan.discriminatorParameters());
    // Named submodules, so checkpoints and the two optimizers can tell them apart.
    const auto children = gan->named_children();
    EXPECT_TRUE(children.contains("generator"));
    EXPECT_TRUE(children.contains("discriminator"));
    for (const auto& item : gan->named_parameters(true))
      EXPECT_TRUE(item.key().rfind("generator.", 0) == 0 || item.key().rfind("discriminator.", 0) == 0 ||
                  item.key().rfind("generator_average.", 0) == 0)
          << item.key();

    for (bool training : {true, false}) {
      gan->train(training);
      torch::NoGradGuard noGrad;
      const torch::Tensor z = gan->sampleLatent(5);
      EXPECT_EQ(z.sizes(), torch::IntArrayRef({5, spec.latent}));
      const torch::Tensor images = gan->generate(z);
      EXPECT_EQ(images.sizes(), torch::IntArrayRef({5, 1, 28, 28}));
      EXPECT_GE(images.min().item<float>(), 0.0f);
      EXPECT_LE(images.max().item<float>(), 1.0f);
      for (const torch::Tensor& input : {images, torch::rand({5, 1, 28, 28})}) {
        const torch::Tensor probability = gan->discriminate(input);
        EXPECT_EQ(probability.sizes(), torch::IntArrayRef({5}));
        EXPECT_GT(probability.min().item<float>(), 0.0f);
        EXPECT_LT(probability.max().item<float>(), 1.0f);
        EXPECT_TRUE(torch::allclose(probability, torch::sigmoid(gan->discriminateLogits(input))));
      }
    }
  }
}

TEST(GanModule, CloneCopiesBothNetworks) {
  Gan gan(presetSpec("mnist-dcgan"));
  gan->eval();
  Gan copy = cloneGan(gan, torch::kCPU);
  torch::NoGradGuard noGrad;
  const torch::Tensor z = gan->sampleLatent(3);
  const torch::Tensor images = gan->generate(z);
  EXPECT_TRUE(torch::equal(copy->generate(z), images));
  EXPECT_TRUE(torch::equal(copy->discriminate(images), gan->discriminate(images)));
}

TEST(GanSpec, JsonRoundTripsTheGanFields) {
  for (const char* name : {"mnist-gan-seed002", "mnist-dcgan"}) {
    SCOPED_TRACE(name);
    const ModelSpec spec = presetSpec(name);
    const std::string json = toJson(spec);
    EXPECT_NE(json.find("\"kind\": \"gan\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"reshape\""), std::string::npos) << json;
    const ModelSpec again = parseModelSpec(json, name);
    EXPECT_TRUE(again.isGan());
    EXPECT_EQ(again.discriminatorActivation, Activation::LeakyReLU);
    EXPECT_DOUBLE_EQ(again.leakySlope, 0.2);
    EXPECT_EQ(again.encoder, spec.encoder);
    EXPECT_EQ(again.decoder, spec.decoder);
    EXPECT_EQ(again.latent, spec.latent);
    EXPECT_EQ(again.outputActivation, spec.outputActivation);
    EXPECT_EQ(again.activation, spec.activation);
    EXPECT_EQ(planModel(again).totalParameters(), planModel(spec).totalParameters());
    EXPECT_DOUBLE_EQ(again.generatorAverage, spec.generatorAverage);
    EXPECT_EQ(toJson(again), json);
  }
  const ModelSpec dcgan = presetSpec("mnist-dcgan");
  ASSERT_TRUE(dcgan.encoder[0].batchNorm.has_value());
  EXPECT_FALSE(*dcgan.encoder[0].batchNorm);
  EXPECT_FALSE(dcgan.encoder[1].batchNorm.has_value());
}

std::string ganJson(const std::string& decoder, const std::string& extra = {}) {
  return R"({"kind": "gan", "input": [1, 28, 28], "latent": 16,
             "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1}],
             "decoder": )" +
         decoder + extra + "}";
}

std::string plannerError(const ModelSpec& spec) {
  try {
    planModel(spec);
  } catch (const ModelSpecError& error) {
    return error.what();
  }
  return {};
}

TEST(GanSpec, RefusesAMirrorDecoderAndAMissingLatent) {
  try {
    parseModelSpec(ganJson("\"mirror\""), "my-gan.json");
    FAIL() << "a mirrored generator was accepted";
  } catch (const ModelSpecError& error) {
    EXPECT_NE(std::string(error.what()).find("my-gan.json"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("cannot be \"mirror\""), std::string::npos) << error.what();
  }
  EXPECT_THROW(parseModelSpec(R"({"kind": "gan", "input": [1, 28, 28], "latent": 16})"), ModelSpecError);

  ModelSpec spec = parseModelSpec(ganJson(R"([{"linear": 784}, {"reshape": [1, 28, 28]}])"));
  EXPECT_EQ(plannerError(spec), "");
  spec.latent = 0;
  EXPECT_NE(plannerError(spec).find("a GAN needs the size of its latent z"), std::string::npos);
  spec.latent = 16;
  spec.mirrorDecoder = true;  // as an editor could leave it
  EXPECT_NE(plannerError(spec).find("cannot be \"mirror\""), std::string::npos);
  spec.mirrorDecoder = false;
  spec.outputChannels = 3;
  EXPECT_NE(plannerError(spec).find("output_channels"), std::string::npos);

  EXPECT_THROW(parseModelSpec(ganJson("[]", R"(, "discriminator_activation": "swish")")), ModelSpecError);
  EXPECT_THROW(parseModelSpec(ganJson("[]", R"(, "leaky_slope": 1.5)")), ModelSpecError);
}

TEST(GanSpec, ErrorsNameTheGeneratorAndTheDiscriminator) {
  const std::string generator = plannerError(parseModelSpec(ganJson(R"([{"linear": 784}, {"reshape": [1, 28, 29]}])")));
  EXPECT_NE(generator.find("generator layer 2"), std::string::npos) << generator;
  EXPECT_EQ(generator.find("decoder"), std::string::npos) << generator;
  const std::string shape = plannerError(parseModelSpec(ganJson(R"([{"linear": 100}, {"reshape": [1, 10, 10]}])")));
  EXPECT_NE(shape.find("the generator ends with 1x10x10"), std::string::npos) << shape;
  ModelSpec spec = parseModelSpec(ganJson(R"([{"linear": 784}, {"reshape": [1, 28, 28]}])"));
  spec.encoder[0].kernel = 99;
  const std::string discriminator = plannerError(spec);
  EXPECT_NE(discriminator.find("discriminator layer 1"), std::string::npos) << discriminator;
}

TEST(GanSpec, GeneratorAverageIsADecayOfAGan) {
  const std::string generator = R"([{"linear": 784}, {"reshape": [1, 28, 28]}])";
  EXPECT_DOUBLE_EQ(parseModelSpec(ganJson(generator, R"(, "generator_average": 0.99)")).generatorAverage, 0.99);
  EXPECT_DOUBLE_EQ(parseModelSpec(ganJson(generator)).generatorAverage, 0.0);
  for (const char* bad : {"1", "-0.5", "\"yes\""}) {
    SCOPED_TRACE(bad);
    try {
      parseModelSpec(ganJson(generator, std::string(", \"generator_average\": ") + bad), "my-gan.json");
      FAIL() << "accepted";
    } catch (const ModelSpecError& error) {
      EXPECT_NE(std::string(error.what()).find("my-gan.json"), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find("generator_average"), std::string::npos) << error.what();
    }
  }
  try {
    parseModelSpec(R"({"input": [1, 28, 28], "latent": 8, "generator_average": 0.999,
                       "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1}]})",
                   "my-ae.json");
    FAIL() << "an autoencoder took a generator average";
  } catch (const ModelSpecError& error) {
    EXPECT_NE(std::string(error.what()).find("\"kind\": \"gan\""), std::string::npos) << error.what();
  }
}

TEST(GanSpec, AnAutoencoderRefusesAGanSpec) {
  try {
    Autoencoder model(presetSpec("mnist-dcgan"));
    FAIL() << "an Autoencoder was built from a GAN";
  } catch (const ModelSpecError& error) {
    EXPECT_NE(std::string(error.what()).find("mnist-dcgan is a GAN"), std::string::npos) << error.what();
  }
  EXPECT_THROW(Gan(presetSpec("mnist-conv")), ModelSpecError);
}

TEST(ReshapeLayer, ParsesChecksCountsAndWorksInAnAutoencoderDecoder) {
  // A flat code reshaped into a feature map in an explicit AE decoder.
  const ModelSpec spec = parseModelSpec(R"({"input": [1, 28, 28], "latent": 8,
      "encoder": [{"conv": 4, "kernel": 3, "stride": 2, "padding": 1}],
      "decoder": [{"linear": 196}, {"reshape": [4, 7, 7]},
                  {"deconv": 4, "kernel": 4, "stride": 2, "padding": 1},
                  {"deconv": 1, "kernel": 4, "stride": 2, "padding": 1}]})");
  ASSERT_EQ(spec.decoder[1].type, LayerType::Reshape);
  EXPECT_EQ(spec.decoder[1].reshape, (FeatureShape{4, 7, 7}));
  const LayerPlan plan = planModel(spec);
  Autoencoder model(spec);
  model->eval();
  torch::NoGradGuard noGrad;
  EXPECT_EQ(model->forward(torch::rand({2, 1, 28, 28})).reconstruction.sizes(), torch::IntArrayRef({2, 1, 28, 28}));
  EXPECT_EQ(countParameters(model->parameters()), plan.totalParameters());
  EXPECT_EQ(parseModelSpec(toJson(spec)).decoder, spec.decoder);

  // A count that does not match names the layer and both counts.
  ModelSpec wrong = spec;
  wrong.decoder[1].reshape = FeatureShape{4, 8, 8};
  try {
    planModel(wrong);
    FAIL() << "a reshape of 196 values into 256 was accepted";
  } catch (const ModelSpecError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("decoder layer 2 (reshape 4x8x8)"), std::string::npos) << message;
    EXPECT_NE(message.find("196"), std::string::npos) << message;
    EXPECT_NE(message.find("256"), std::string::npos) << message;
    EXPECT_EQ(error.section(), "decoder");
    EXPECT_EQ(error.layer(), 1);
  }
  // Without the reshape, the transposed convolution explains what is missing.
  ModelSpec missing = spec;
  missing.decoder.erase(missing.decoder.begin() + 1);
  EXPECT_NE(plannerError(missing).find("put a reshape layer before it"), std::string::npos) << plannerError(missing);

  // Malformed reshape layers are refused when parsing.
  for (const char* layer : {R"({"reshape": [4, 7]})", R"({"reshape": 196})", R"({"reshape": [4, 0, 7]})",
                            R"({"reshape": [4, 7, 7], "linear": 3})"})
    EXPECT_THROW(parseModelSpec(std::string(R"({"input": [1, 28, 28], "latent": 8, "decoder": [)") + layer + "]}"),
                 ModelSpecError)
        << layer;
  // An encoder takes no reshape.
  EXPECT_THROW(planModel(parseModelSpec(R"({"input": [1, 28, 28], "latent": 8, "encoder": [{"reshape": [784]}]})")),
               ModelSpecError);
}

}  // namespace
}  // namespace latentlab
