#include "sweep/sweepplan.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "fixtures.h"
#include "presets.h"
#include "quickruns.h"
#include "sweep/builtinsweeps.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

TrainConfig baseConfig(int epochs) {
  TrainConfig config = test::quickConfig(epochs);
  config.batchSize = 16;
  config.seed = 5;
  return config;
}

SweepPlan tinyPlan(int halving = 0) {
  return planSweep("tiny-sweep", "", test::tinyConvSpec(), baseConfig(4),
                   {{"lr", {"0.001", "0.02"}}, {"latent", {"2", "4", "6"}}}, halving);
}

TEST(SweepPlan, PlansOnePendingRunPerGridPoint) {
  const SweepPlan plan = tinyPlan();
  ASSERT_EQ(plan.runs.size(), 6u);
  EXPECT_EQ(plan.runs[0].name, "001-lr0.001-latent2");
  EXPECT_EQ(plan.runs[5].name, "006-lr0.02-latent6");
  for (const auto& run : plan.runs) {
    EXPECT_EQ(run.state, SweepRunState::Pending);
    EXPECT_EQ(run.epochsDone, 0);
    EXPECT_EQ(run.targetEpochs, 4);
    EXPECT_TRUE(std::isnan(run.bestValidationLoss));
  }
  // Each run's setup: the base with its settings, the shared seed.
  ModelSpec spec;
  TrainConfig config;
  runSetup(plan, plan.runs[4], spec, config);
  EXPECT_DOUBLE_EQ(config.learningRate, 0.02);
  EXPECT_EQ(spec.latent, 4);
  EXPECT_EQ(config.epochs, 4);
  EXPECT_EQ(config.seed, 5u);
  EXPECT_EQ(config.split.seed, 5u);
  EXPECT_EQ(config.batchSize, 16);

  // With halving every run starts at the first rung's epochs.
  const SweepPlan halving = tinyPlan(1);
  EXPECT_EQ(halving.halvingRungEpochs, 1);
  for (const auto& run : halving.runs) EXPECT_EQ(run.targetEpochs, 1);
  runSetup(halving, halving.runs[0], spec, config);
  EXPECT_EQ(config.epochs, 1);
  // Halving at or beyond the full epochs is no halving.
  EXPECT_EQ(tinyPlan(4).halvingRungEpochs, 0);
}

TEST(SweepPlan, RefusesAGanSayingHowToTrainIt) {
  try {
    planSweep("gan", "mnist-dcgan", presetSpec("mnist-dcgan"), baseConfig(2), {{"lr", {"0.001", "0.002"}}}, 0);
    FAIL() << "a GAN sweep was planned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("mnist-dcgan is a GAN"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("latentlab-cli train --preset mnist-dcgan"), std::string::npos);
  }
}

TEST(SweepPlan, RefusesRunsThatCannotBeBuiltNamingTheirSettings) {
  ModelSpec vae = test::tinyConvSpec();
  vae.kind = ModelKind::VariationalAutoencoder;
  try {
    planSweep("bad", "", vae, baseConfig(2), {{"latent", {"4", "0"}}}, 0);
    FAIL() << "a VAE with latent 0 was planned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("latent"), std::string::npos) << error.what();
  }
  // A conv encoder whose 16x16 input shrinks below its kernel cannot be built.
  ModelSpec deep = test::tinyConvSpec();
  LayerSpec wide;
  wide.type = LayerType::Conv;
  wide.size = 8;
  wide.kernel = 5;  // larger than the 4x4 feature map it gets
  deep.encoder.push_back(wide);
  try {
    planSweep("bad", "", deep, baseConfig(2), {{"lr", {"0.01"}}}, 0);
    FAIL() << "a model that cannot be built was planned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("lr=0.01"), std::string::npos) << error.what();
  }
  EXPECT_THROW(planSweep("bad", "", test::tinyConvSpec(), baseConfig(2), {{"lr", {"0.01"}}}, -1), Error);
  EXPECT_THROW(planSweep("bad", "", test::tinyConvSpec(), baseConfig(2), {{"lr", {"0.01"}}, {"lr", {"0.1"}}}, 0),
               Error);
}

TEST(SweepPlan, JsonRoundTripKeepsEverything) {
  SweepPlan plan = tinyPlan(1);
  plan.preset = "mnist-conv";
  plan.rung = 1;
  plan.runs[0].state = SweepRunState::Finished;
  plan.runs[0].epochsDone = 2;
  plan.runs[0].targetEpochs = 2;
  plan.runs[0].bestValidationLoss = 0.0123456789;
  plan.runs[1].state = SweepRunState::Diverged;
  plan.runs[1].message = "the training loss became NaN; lower the learning rate ({lr})";
  plan.runs[2].state = SweepRunState::Pruned;
  plan.runs[3].state = SweepRunState::Running;
  plan.runs[4].state = SweepRunState::Stopped;
  plan.runs[5].state = SweepRunState::Failed;

  const SweepPlan read = SweepPlan::fromJson(plan.toJson(), "sweep.json");
  EXPECT_EQ(read.name, plan.name);
  EXPECT_EQ(read.preset, "mnist-conv");
  EXPECT_EQ(read.halvingRungEpochs, 1);
  EXPECT_EQ(read.rung, 1);
  EXPECT_EQ(toJson(read.baseSpec), toJson(plan.baseSpec));
  EXPECT_EQ(trainConfigToJson(read.baseConfig), trainConfigToJson(plan.baseConfig));
  ASSERT_EQ(read.axes.size(), 2u);
  EXPECT_EQ(read.axes[1].key, "latent");
  EXPECT_EQ(read.axes[1].values, (std::vector<std::string>{"2", "4", "6"}));
  ASSERT_EQ(read.runs.size(), plan.runs.size());
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    SCOPED_TRACE(plan.runs[i].name);
    EXPECT_EQ(read.runs[i].name, plan.runs[i].name);
    EXPECT_EQ(read.runs[i].settings, plan.runs[i].settings);
    EXPECT_EQ(read.runs[i].state, plan.runs[i].state);
    EXPECT_EQ(read.runs[i].epochsDone, plan.runs[i].epochsDone);
    EXPECT_EQ(read.runs[i].targetEpochs, plan.runs[i].targetEpochs);
    EXPECT_EQ(read.runs[i].message, plan.runs[i].message);
    if (std::isnan(plan.runs[i].bestValidationLoss))
      EXPECT_TRUE(std::isnan(read.runs[i].bestValidationLoss));
    else
      EXPECT_DOUBLE_EQ(read.runs[i].bestValidationLoss, plan.runs[i].bestValidationLoss);
  }
  EXPECT_EQ(read.toJson(), plan.toJson());
}

TEST(SweepPlan, DamagedFilesAreInputErrorsNamingTheFile) {
  const std::string good = tinyPlan().toJson();
  auto expectInputError = [](const std::string& text) {
    try {
      SweepPlan::fromJson(text, "/sweeps/a/sweep.json");
      ADD_FAILURE() << "read: " << text.substr(0, 80);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Input) << error.what();
      EXPECT_NE(std::string(error.what()).find("/sweeps/a/sweep.json"), std::string::npos) << error.what();
    }
  };
  expectInputError("");
  expectInputError("[1, 2]");
  expectInputError(good.substr(0, good.size() / 2));
  expectInputError(R"({"format": "something-else"})");
  auto edited = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  expectInputError(edited(R"("state": "pending")", R"("state": "sleeping")"));
  expectInputError(edited(R"("epochs_done": 0)", R"("epochs_done": "none")"));
  expectInputError(edited(R"("name": "001-lr0.001-latent2")", R"("name": "../elsewhere")"));
  expectInputError(edited(R"("latent": "2")", R"("latent": "two")"));
  expectInputError(edited(R"("version": 1)", R"("version": 99)"));
}

TEST(SweepPlan, FolderIsCreatedOnceAndNeverOverwritten) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  const SweepPlan plan = tinyPlan();
  EXPECT_FALSE(isSweepFolder(folder));
  createSweepFolder(folder, plan);
  EXPECT_TRUE(isSweepFolder(folder));
  EXPECT_EQ(readSweepPlan(folder).toJson(), plan.toJson());

  const std::string before = readTextFile(sweepFile(folder));
  SweepPlan other = tinyPlan(1);
  for (const auto& check : {std::function<void()>([&] { createSweepFolder(folder, other); }),
                            std::function<void()>([&] { checkNewSweepFolder(folder); })}) {
    try {
      check();
      ADD_FAILURE() << "an existing sweep was overwritten";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Usage);
      EXPECT_NE(std::string(error.what()).find("{resume}"), std::string::npos) << error.what();
    }
  }
  EXPECT_EQ(readTextFile(sweepFile(folder)), before);

  // A folder with other files, or a run folder, is not a place for a new sweep either.
  fs::create_directories(dir / "busy");
  test::writeBytes(dir / "busy" / "notes.txt", "mine");
  EXPECT_THROW(createSweepFolder(dir / "busy", plan), Error);
  EXPECT_FALSE(isSweepFolder(dir / "busy"));
  fs::create_directories(dir / "run");
  test::writeBytes(dir / "run" / "spec.json", "{}");
  EXPECT_THROW(checkNewSweepFolder(dir / "run"), Error);
  // An empty folder is fine.
  fs::create_directories(dir / "empty");
  EXPECT_NO_THROW(createSweepFolder(dir / "empty", plan));

  // Resuming a folder without sweep.json says so.
  try {
    readSweepPlan(dir / "busy");
    ADD_FAILURE() << "read a sweep from a folder without one";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find("sweep.json"), std::string::npos) << error.what();
  }
}

TEST(SweepPlan, BestRunIsTheFinishedOneWithTheLowestLoss) {
  SweepPlan plan = tinyPlan();
  EXPECT_EQ(bestSweepRun(plan), -1);
  plan.runs[0].state = SweepRunState::Finished;
  plan.runs[0].bestValidationLoss = 0.5;
  plan.runs[1].state = SweepRunState::Pruned;  // a lower loss, but after fewer epochs
  plan.runs[1].bestValidationLoss = 0.1;
  plan.runs[2].state = SweepRunState::Diverged;
  plan.runs[2].bestValidationLoss = 0.05;
  plan.runs[3].state = SweepRunState::Finished;
  plan.runs[3].bestValidationLoss = 0.3;
  plan.runs[4].state = SweepRunState::Finished;  // no epoch: NaN
  EXPECT_EQ(bestSweepRun(plan), 3);
}

TEST(SweepPlan, BuiltinSeed002GridPlansTwelveRuns) {
  const auto sweep = findBuiltinSweep("seed-002-grid");
  ASSERT_TRUE(sweep);
  EXPECT_FALSE(findBuiltinSweep("seed-999"));
  EXPECT_EQ(sweep->preset, "mnist-conv");
  EXPECT_EQ(sweep->dataset, "mnist");
  EXPECT_EQ(sweep->epochs, 20);
  EXPECT_EQ(gridSize(sweep->axes), 12);
  TrainConfig config;
  config.epochs = sweep->epochs;
  const SweepPlan plan =
      planSweep(sweep->name, sweep->preset, presetSpec(sweep->preset), config, sweep->axes, /*halving=*/2);
  ASSERT_EQ(plan.runs.size(), 12u);
  EXPECT_EQ(plan.runs[0].name, "001-lr0.001-weight-decay0.0001-latent2");
  EXPECT_EQ(plan.runs[11].name, "012-lr0.02-weight-decay0.005-latent100");
  for (const auto& builtin : builtinSweeps()) {
    EXPECT_FALSE(builtin.description.empty()) << builtin.name;
    for (const auto& axis : builtin.axes) EXPECT_EQ(checkedSweepAxis(axis).values, axis.values) << builtin.name;
  }
}

}  // namespace
}  // namespace latentlab
