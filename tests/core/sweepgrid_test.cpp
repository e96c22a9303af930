#include "sweep/sweepgrid.h"

#include "common/error.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>

namespace latentlab {
namespace {

using Values = std::vector<std::string>;

// The usage Error `call` throws; fails the test when it throws nothing or another kind.
template <typename Call>
std::string usageMessage(Call call) {
  try {
    call();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(SweepGrid, ParsesListsAndNormalisesValues) {
  auto axis = parseSweepAxis("lr=0.001, 0.02");
  EXPECT_EQ(axis.key, "lr");
  EXPECT_EQ(axis.values, (Values{"0.001", "0.02"}));
  EXPECT_EQ(parseSweepAxis("weight-decay=1e-4,0.0050").values, (Values{"0.0001", "0.005"}));
  EXPECT_EQ(parseSweepAxis("latent=2,10,100").values, (Values{"2", "10", "100"}));
  EXPECT_EQ(parseSweepAxis("loss=mse,bce,l1").values, (Values{"mse", "bce", "l1"}));
  EXPECT_EQ(parseSweepAxis("optimizer=sgd,adamw").values, (Values{"sgd", "adamw"}));
  EXPECT_EQ(parseSweepAxis("corruption=none,gaussian:0.3").values, (Values{"none", "gaussian:0.3"}));
  EXPECT_EQ(parseSweepAxis("seed=1,2").values, (Values{"1", "2"}));
  EXPECT_EQ(parseSweepAxis("dropout=0,0.25").values, (Values{"0", "0.25"}));
}

TEST(SweepGrid, ExpandsRangesLinearAndLog) {
  EXPECT_EQ(parseSweepAxis("lr=1e-4:1e-2:3:log").values, (Values{"0.0001", "0.001", "0.01"}));
  EXPECT_EQ(parseSweepAxis("lr=1e-4:1e-2:4:log").values, (Values{"0.0001", "0.0004642", "0.002154", "0.01"}));
  EXPECT_EQ(parseSweepAxis("batch=32:128:3").values, (Values{"32", "80", "128"}));
  EXPECT_EQ(parseSweepAxis("beta=0:1:5").values, (Values{"0", "0.25", "0.5", "0.75", "1"}));
  // Whole-number keys are rounded, and values that round alike are kept once.
  EXPECT_EQ(parseSweepAxis("latent=2:3:4").values, (Values{"2", "3"}));
  EXPECT_EQ(parseSweepAxis("lr=0.01:0.01:1").values, (Values{"0.01"}));
}

TEST(SweepGrid, BadKeysAndValuesAreUsageErrorsNamingTheKey) {
  auto message = usageMessage([] { parseSweepAxis("learning-rate=0.1"); });
  EXPECT_NE(message.find("learning-rate"), std::string::npos) << message;
  EXPECT_NE(message.find("weight-decay"), std::string::npos) << "lists the keys: " << message;
  message = usageMessage([] { parseSweepAxis("lr=fast"); });
  EXPECT_NE(message.find("lr=fast"), std::string::npos) << message;
  EXPECT_NE(message.find("not a number"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("latent=2.5"); });
  EXPECT_NE(message.find("latent"), std::string::npos) << message;
  EXPECT_NE(message.find("whole"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("batch=0"); });
  EXPECT_NE(message.find("batch"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr=20"); });
  EXPECT_NE(message.find("lr"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("loss=hinge"); });
  EXPECT_NE(message.find("loss=hinge"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("optimizer=rmsprop"); });
  EXPECT_NE(message.find("optimizer"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("corruption=smudge:3"); });
  EXPECT_NE(message.find("corruption"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr="); });
  EXPECT_NE(message.find("lr"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr=0.1,"); });
  EXPECT_NE(message.find("lr"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr"); });
  EXPECT_NE(message.find("KEY=VALUES"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr=0.1,0.10"); });
  EXPECT_NE(message.find("twice"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr=0.1:1"); });
  EXPECT_NE(message.find("LOW:HIGH:COUNT"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("lr=0:1:3:log"); });
  EXPECT_NE(message.find("log"), std::string::npos) << message;
  message = usageMessage([] { parseSweepAxis("batch=16:64:0"); });
  EXPECT_NE(message.find("COUNT"), std::string::npos) << message;
  // {grid} is how the CLI says --grid and the GUI names its grid.
  EXPECT_NE(message.find("{grid}"), std::string::npos) << message;
  message = usageMessage([] { checkedSweepAxis(SweepAxis{"lr", {}}); });
  EXPECT_NE(message.find("lr"), std::string::npos) << message;
}

TEST(SweepGrid, ExpandsEveryCombinationFirstAxisSlowest) {
  const std::vector<SweepAxis> axes = {
      {"lr", {"0.001", "0.02"}}, {"weight-decay", {"0.0001", "0.005"}}, {"latent", {"2", "10", "100"}}};
  EXPECT_EQ(gridSize(axes), 12);
  const auto grid = expandGrid(axes);
  ASSERT_EQ(grid.size(), 12u);
  const SweepSettings first = {{"lr", "0.001"}, {"weight-decay", "0.0001"}, {"latent", "2"}};
  const SweepSettings second = {{"lr", "0.001"}, {"weight-decay", "0.0001"}, {"latent", "10"}};
  const SweepSettings seventh = {{"lr", "0.02"}, {"weight-decay", "0.0001"}, {"latent", "2"}};
  const SweepSettings last = {{"lr", "0.02"}, {"weight-decay", "0.005"}, {"latent", "100"}};
  EXPECT_EQ(grid[0], first);
  EXPECT_EQ(grid[1], second);
  EXPECT_EQ(grid[6], seventh);
  EXPECT_EQ(grid[11], last);
  EXPECT_EQ(sweepRunName(6, grid[6]), "007-lr0.02-weight-decay0.0001-latent2");

  // No axes: one run of the base settings.
  EXPECT_EQ(gridSize({}), 1);
  ASSERT_EQ(expandGrid({}).size(), 1u);
  EXPECT_TRUE(expandGrid({}).front().empty());
}

TEST(SweepGrid, RefusesRepeatedKeysEmptyAxesAndHugeGrids) {
  auto message = usageMessage([] { expandGrid({{"lr", {"0.1"}}, {"lr", {"0.2"}}}); });
  EXPECT_NE(message.find("lr"), std::string::npos) << message;
  message = usageMessage([] { expandGrid({{"lr", {"0.1"}}, {"batch", {}}}); });
  EXPECT_NE(message.find("batch"), std::string::npos) << message;
  EXPECT_EQ(gridSize({{"lr", {"0.1"}}, {"batch", {}}}), 0);

  // Seven axes of 1,000 values: 10^21 runs, more than a long long holds.
  std::vector<SweepAxis> huge;
  for (const char* key : {"lr", "weight-decay", "latent", "batch", "beta", "dropout", "seed"})
    huge.push_back(SweepAxis{key, Values(1000, "1")});
  EXPECT_EQ(gridSize(huge), std::numeric_limits<long long>::max());
  message = usageMessage([&] { expandGrid(huge); });
  EXPECT_NE(message.find("at most"), std::string::npos) << message;
}

TEST(SweepGrid, AppliesEverySettingToSpecOrConfig) {
  ModelSpec spec = test::tinyConvSpec();
  TrainConfig config;
  applySweepSetting(spec, config, "lr", "0.02");
  applySweepSetting(spec, config, "weight-decay", "0.005");
  applySweepSetting(spec, config, "latent", "3");
  applySweepSetting(spec, config, "loss", "bce");
  applySweepSetting(spec, config, "batch", "64");
  applySweepSetting(spec, config, "corruption", "gaussian:0.3");
  applySweepSetting(spec, config, "beta", "4");
  applySweepSetting(spec, config, "dropout", "0.25");
  applySweepSetting(spec, config, "optimizer", "sgd");
  applySweepSetting(spec, config, "momentum", "0.8");
  applySweepSetting(spec, config, "seed", "9");
  EXPECT_DOUBLE_EQ(config.learningRate, 0.02);
  EXPECT_DOUBLE_EQ(config.weightDecay, 0.005);
  EXPECT_EQ(spec.latent, 3);
  EXPECT_EQ(config.loss, LossKind::Bce);
  EXPECT_EQ(config.batchSize, 64);
  EXPECT_EQ(config.corruption, "gaussian:0.3");
  EXPECT_DOUBLE_EQ(config.beta, 4.0);
  EXPECT_DOUBLE_EQ(spec.dropout, 0.25);
  EXPECT_EQ(config.optimizer, OptimizerKind::Sgd);
  EXPECT_DOUBLE_EQ(config.momentum, 0.8);
  EXPECT_EQ(config.seed, 9u);
  EXPECT_EQ(config.split.seed, 9u);
  applySweepSetting(spec, config, "corruption", "none");
  EXPECT_EQ(config.corruption, "");

  ModelSpec vae = spec;
  vae.kind = ModelKind::VariationalAutoencoder;
  const auto message = usageMessage([&] { applySweepSetting(vae, config, "latent", "0"); });
  EXPECT_NE(message.find("latent"), std::string::npos) << message;
  EXPECT_NE(usageMessage([&] { applySweepSetting(spec, config, "size", "3"); }).find("size"), std::string::npos);
}

TEST(SweepGrid, RunNamesAreNumberedFolderNames) {
  EXPECT_EQ(sweepRunName(0, {}), "001");
  EXPECT_EQ(sweepRunName(11, {{"loss", "l1"}}), "012-lossl1");
  EXPECT_EQ(sweepRunName(1, {{"corruption", "gaussian:0.3+occlude:8"}}), "002-corruptiongaussian_0.3+occlude_8");
  EXPECT_EQ(sweepRunName(1233, {{"seed", "4"}}), "1234-seed4");
  const std::map<std::string, std::string> examples = {{"loss", "mse"},        {"optimizer", "adam"},
                                                       {"corruption", "none"}, {"weight-decay", "0.5"},
                                                       {"dropout", "0.5"},     {"momentum", "0.5"}};
  for (const auto& [key, description] : sweepKeys()) {
    EXPECT_FALSE(description.empty()) << key;
    const auto example = examples.find(key);
    EXPECT_NO_THROW(parseSweepAxis(key + "=" + (example == examples.end() ? "1" : example->second))) << key;
  }
}

}  // namespace
}  // namespace latentlab
