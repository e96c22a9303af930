#include "layerplan.h"
#include "autoencoder.h"
#include "modelspec.h"
#include "presets.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {

// Exact counts of the seeds' tables are in presets_test.cpp; these are the failures.

const char* const kShrinksTooFar = R"({
  "name": "too-deep", "input": [1, 8, 8],
  "encoder": [
    {"conv": 4, "kernel": 3, "stride": 2},
    {"conv": 8, "kernel": 3, "stride": 2},
    {"conv": 16, "kernel": 3, "stride": 2}
  ],
  "latent": 4
})";

TEST(LayerPlan, ImpossibleShapesNameTheLayer) {
  const ModelSpec spec = parseModelSpec(kShrinksTooFar, "too-deep.json");
  try {
    planModel(spec);
    FAIL() << "a conv on a 1x1 map was planned";
  } catch (const ModelSpecError& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.section(), "encoder");
    EXPECT_EQ(error.layer(), 2);
    EXPECT_NE(message.find("encoder layer 3"), std::string::npos) << message;
    EXPECT_NE(message.find("kernel"), std::string::npos) << message;
  }
  // The builder refuses the same spec rather than making a broken network.
  EXPECT_THROW(Autoencoder{spec}, ModelSpecError);
}

TEST(LayerPlan, ConvAfterLinearAndBadDecoderAreNamed) {
  ModelSpec spec = parseModelSpec(R"({"input": [1, 8, 8], "encoder": [{"linear": 16}, {"conv": 4}], "latent": 2})");
  try {
    planModel(spec);
    FAIL();
  } catch (const ModelSpecError& error) {
    EXPECT_EQ(error.layer(), 1);
    EXPECT_NE(std::string(error.what()).find("encoder layer 2"), std::string::npos) << error.what();
  }
  // A hand-written decoder that does not end at the input shape.
  spec = parseModelSpec(R"({"input": [1, 8, 8], "encoder": [{"conv": 4, "stride": 2, "padding": 1}], "latent": 0,
                             "decoder": [{"conv": 1, "padding": 1}]})");
  try {
    planModel(spec);
    FAIL();
  } catch (const ModelSpecError& error) {
    EXPECT_NE(std::string(error.what()).find("1x8x8"), std::string::npos) << error.what();
  }
}

TEST(LayerPlan, MalformedSpecJsonNamesTheSource) {
  try {
    parseModelSpec("{\"input\": [1, 28]}", "my-spec.json");
    FAIL();
  } catch (const ModelSpecError& error) {
    EXPECT_NE(std::string(error.what()).find("my-spec.json"), std::string::npos) << error.what();
  }
  EXPECT_THROW(parseModelSpec("{not json", "x.json"), ModelSpecError);
  EXPECT_THROW(presetSpec("no-such-preset"), ModelSpecError);
}

TEST(LayerPlan, SpecJsonRoundTrips) {
  for (const auto& name : presetNames()) {
    SCOPED_TRACE(name);
    const ModelSpec spec = presetSpec(name);
    const ModelSpec again = parseModelSpec(toJson(spec), name);
    EXPECT_EQ(planModel(again).totalParameters(), planModel(spec).totalParameters());
    EXPECT_EQ(again.encoder, spec.encoder);
    EXPECT_EQ(again.input, spec.input);
  }
}

}  // namespace
}  // namespace latentlab
