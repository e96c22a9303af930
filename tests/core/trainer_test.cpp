#include "train/trainer.h"
#include "common/error.h"
#include "fixtures.h"
#include "inference/snapshotaccess.h"
#include "presets.h"
#include "quickruns.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <thread>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;
using Clock = std::chrono::steady_clock;

// A few thousand parameters on 1x16x16 images: an epoch of a few dozen images takes milliseconds.
ModelSpec tinySpec(const std::string& outputActivation = "sigmoid", double dropout = 0.0) {
  return parseModelSpec(R"({"name": "tiny", "input": [1, 16, 16], "activation": "relu",
    "output_activation": ")" +
                            outputActivation + R"(", "dropout": )" + std::to_string(dropout) + R"(,
    "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1},
                {"conv": 8, "kernel": 3, "stride": 2, "padding": 1}],
    "latent": 8, "decoder": "mirror"})",
                        "tiny");
}

TrainConfig tinyConfig(int epochs) {
  TrainConfig config = test::quickConfig(epochs);
  config.batchSize = 8;
  config.learningRate = 1e-2;
  config.split.validationFraction = 0.25;
  config.split.testFraction = 0.0;
  config.filmSamples = 2;
  config.seed = 7;
  return config;
}

TrainingJob tinyJob(int epochs, std::size_t images = 32, const fs::path& runDir = {}) {
  TrainingJob job;
  job.spec = tinySpec();
  job.config = tinyConfig(epochs);
  job.dataset = std::make_shared<const Dataset>(test::makeBlobDataset(images, ImageShape{1, 16, 16}, 4, 3));
  job.runDir = runDir;
  return job;
}

bool allFinite(Autoencoder& model) {
  for (const auto& parameter : model->parameters())
    if (!torch::isfinite(parameter).all().item<bool>()) return false;
  return true;
}

TEST(Trainer, OverfitsATinyBatch) {
  TrainingJob job = tinyJob(300, 16);
  job.config.learningRate = 5e-3;  // 1e-2 can saturate the sigmoid on so few images
  job.config.batchSize = 16;
  job.config.split.validationFraction = 0.0;
  job.config.filmSamples = 0;
  Trainer trainer(job);
  TrainingControl control;
  const TrainingResult result = trainer.run({}, control);
  ASSERT_EQ(result.status, TrainingStatus::Finished) << result.message;
  ASSERT_EQ(trainer.history().size(), 300u);
  const double first = trainer.history().front().trainLoss;
  const double last = trainer.history().back().trainLoss;
  EXPECT_LT(last * 10.0, first) << "first " << first << ", last " << last;
}

TEST(Trainer, SameSeedSameLossesOnCpu) {
  auto losses = [](std::uint64_t seed) {
    TrainingJob job = tinyJob(3);
    job.spec = tinySpec("sigmoid", 0.2);  // dropout must be seeded too
    job.config.seed = seed;
    job.config.corruption = "gaussian:0.2";
    Trainer trainer(job);
    TrainingControl control;
    EXPECT_EQ(trainer.run({}, control).status, TrainingStatus::Finished);
    std::vector<double> values;
    for (const auto& row : trainer.history()) {
      values.push_back(row.trainLoss);
      values.push_back(row.validationLoss);
    }
    return values;
  };
  const auto first = losses(7);
  ASSERT_EQ(first.size(), 6u);
  EXPECT_EQ(losses(7), first);
  EXPECT_NE(losses(8), first);
}

TEST(Trainer, ReportsEpochsWithSnapshotsAndFilm) {
  TrainingJob job = tinyJob(2);
  Trainer trainer(job);
  TrainingControl control;
  std::vector<int> epochs;
  int batches = 0;
  TrainingCallbacks callbacks;
  callbacks.batchReportSeconds = 0.0;
  callbacks.onBatch = [&](const BatchStats& stats) {
    ++batches;
    EXPECT_TRUE(std::isfinite(stats.loss));
  };
  callbacks.onEpoch = [&](const EpochStats& stats, const FilmFrame& film, const ModelSnapshotPtr& snapshot) {
    epochs.push_back(stats.epoch);
    EXPECT_TRUE(std::isfinite(stats.validationLoss));
    EXPECT_EQ(film.count, 2);
    EXPECT_EQ(film.reconstructions.size(), 2u * 256);
    ASSERT_TRUE(snapshot);
    EXPECT_EQ(snapshot->epoch(), stats.epoch);
    EXPECT_EQ(snapshot->codeSize(), 8);
  };
  EXPECT_EQ(trainer.run(callbacks, control).status, TrainingStatus::Finished);
  EXPECT_EQ(epochs, (std::vector<int>{1, 2}));
  EXPECT_EQ(batches, 2 * 3);  // 24 training images in batches of 8
}

// An absurd learning rate with a linear output and no validation pass: one step per
// epoch, so the weights a step leaves are exactly what the epoch saves.
TEST(Trainer, DivergenceStopsWithAMessageAndKeepsFiniteWeights) {
  int runsWithGoodEpochs = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TempDir dir;
    const fs::path runDir = dir / "run";
    TrainingJob job = tinyJob(200, 16, runDir);
    job.spec = tinySpec("none");
    job.config.seed = seed;
    job.config.optimizer = OptimizerKind::Sgd;
    job.config.learningRate = 10.0;
    job.config.split.validationFraction = 0.0;
    job.config.batchSize = 16;
    Trainer trainer(job);
    TrainingControl control;
    std::vector<ModelSnapshotPtr> snapshots;
    TrainingCallbacks callbacks;
    callbacks.onEpoch = [&](const EpochStats&, const FilmFrame&, const ModelSnapshotPtr& s) { snapshots.push_back(s); };
    const TrainingResult result = trainer.run(callbacks, control);
    ASSERT_EQ(result.status, TrainingStatus::Diverged) << "no divergence in 200 epochs at lr 10";
    EXPECT_NE(result.message.find("Lower the learning rate ({lr})"), std::string::npos) << result.message;
    EXPECT_EQ(result.suggestion, TrainingSuggestion::LowerLearningRate);
    EXPECT_DOUBLE_EQ(result.suggestedLearningRate, 1.0);
    EXPECT_EQ(result.stoppedEpoch, result.epochsCompleted + 1);
    EXPECT_EQ(trainer.history().size(), std::size_t(result.epochsCompleted));
    if (result.epochsCompleted == 0) continue;
    ++runsWithGoodEpochs;

    // Every file on disk and every published snapshot holds finite weights.
    const RunFolder run(runDir);
    for (const fs::path& file : {run.checkpointFile(), run.bestFile()}) {
      SCOPED_TRACE(file.string());
      Autoencoder model(job.spec);
      const CheckpointInfo info = loadCheckpoint(file, model);
      EXPECT_TRUE(allFinite(model));
      EXPECT_LE(info.epoch, result.epochsCompleted);
    }
    EXPECT_EQ(run.readMetrics().size(), std::size_t(result.epochsCompleted));
    for (const auto& snapshot : snapshots) {
      Autoencoder model = snapshotModule(*snapshot);
      EXPECT_TRUE(allFinite(model)) << "snapshot of epoch " << snapshot->epoch();
    }
    EXPECT_EQ(loadRunSnapshot(runDir, /*preferBest=*/false)->epoch(), result.epochsCompleted);
  }
  EXPECT_GT(runsWithGoodEpochs, 0) << "every run diverged in its first epoch: nothing was checked";
}

TEST(Trainer, DivergenceInTheFirstEpochWritesNoWeights) {
  TempDir dir;
  TrainingJob job = tinyJob(50, 32, dir / "run");
  job.spec = tinySpec("none");
  job.config.optimizer = OptimizerKind::Sgd;
  job.config.learningRate = 10.0;
  job.config.batchSize = 4;
  Trainer trainer(job);
  TrainingControl control;
  const TrainingResult result = trainer.run({}, control);
  ASSERT_EQ(result.status, TrainingStatus::Diverged);
  ASSERT_EQ(result.epochsCompleted, 0) << result.message;
  EXPECT_NE(result.message.find("epoch 1"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("initial weights were kept"), std::string::npos) << result.message;
  const RunFolder run(dir / "run");
  EXPECT_FALSE(fs::exists(run.checkpointFile()));
  EXPECT_FALSE(fs::exists(run.bestFile()));
  EXPECT_TRUE(run.readMetrics().empty());
  EXPECT_TRUE(fs::exists(run.specFile()));  // what was tried stays on record
}

TEST(Trainer, PauseResumeAndCancelFromAnotherThread) {
  TrainingJob job = tinyJob(100000, 64);
  job.config.batchSize = 4;
  Trainer trainer(job);
  TrainingControl control;
  std::atomic<int> batches{0};
  TrainingCallbacks callbacks;
  callbacks.batchReportSeconds = 0.0;
  callbacks.onBatch = [&](const BatchStats&) { ++batches; };
  auto running = std::async(std::launch::async, [&] { return trainer.run(callbacks, control); });

  auto waitFor = [](const std::function<bool()>& done, double seconds) {
    const auto start = Clock::now();
    while (!done()) {
      if (Clock::now() - start > std::chrono::duration<double>(seconds)) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  };
  if (!waitFor([&] { return batches >= 3; }, 30.0)) {
    control.cancel();  // the future's destructor waits for the run
    FAIL() << "training never started";
  }

  control.pause();
  EXPECT_TRUE(control.isPaused());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a batch already under way may finish
  const int paused = batches;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(batches, paused) << "batches ran while paused";

  control.resume();
  EXPECT_TRUE(waitFor([&] { return batches > paused + 2; }, 1.0)) << "resume was not honoured within a second";

  control.pause();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto cancelled = Clock::now();
  control.cancel();  // wakes the paused run
  ASSERT_EQ(running.wait_for(std::chrono::seconds(1)), std::future_status::ready) << "cancel took over a second";
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - cancelled).count(), 1.0);
  const TrainingResult result = running.get();
  EXPECT_EQ(result.status, TrainingStatus::Cancelled);
  EXPECT_FALSE(result.message.empty());
}

TEST(Trainer, CancelWhileRunningStopsWithinASecond) {
  TrainingJob job = tinyJob(100000, 64);
  Trainer trainer(job);
  TrainingControl control;
  std::atomic<int> epochs{0};
  TrainingCallbacks callbacks;
  callbacks.onEpoch = [&](const EpochStats&, const FilmFrame&, const ModelSnapshotPtr&) { ++epochs; };
  auto running = std::async(std::launch::async, [&] { return trainer.run(callbacks, control); });
  const auto start = Clock::now();
  while (epochs < 2 && Clock::now() - start < std::chrono::seconds(30))
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const bool started = epochs >= 2;
  control.cancel();
  ASSERT_TRUE(started) << "training never got going";
  ASSERT_EQ(running.wait_for(std::chrono::seconds(1)), std::future_status::ready);
  EXPECT_EQ(running.get().status, TrainingStatus::Cancelled);
}

TEST(Trainer, EarlyStoppingAfterThePatience) {
  TrainingJob job = tinyJob(20);
  job.config.learningRate = 1e-30;  // updates vanish below float precision: the validation loss never improves
  job.config.earlyStopPatience = 2;
  Trainer trainer(job);
  TrainingControl control;
  const TrainingResult result = trainer.run({}, control);
  EXPECT_EQ(result.status, TrainingStatus::EarlyStopped);
  EXPECT_EQ(result.epochsCompleted, 3);
  EXPECT_EQ(result.bestEpoch, 1);
  EXPECT_EQ(trainer.history().size(), 3u);
  EXPECT_NE(result.message.find("early"), std::string::npos) << result.message;
}

TEST(Trainer, ResumeContinuesAtTheNextEpochKeepingMetrics) {
  TempDir dir;
  const fs::path runDir = dir / "run";
  TrainingJob job = tinyJob(2, 32, runDir);
  std::vector<EpochStats> before;
  {
    Trainer trainer(job);
    TrainingControl control;
    ASSERT_EQ(trainer.run({}, control).status, TrainingStatus::Finished);
    before = trainer.history();
  }
  const RunFolder run(runDir);
  for (const fs::path& file :
       {run.specFile(), run.configFile(), run.metricsFile(), run.checkpointFile(), run.bestFile()})
    EXPECT_TRUE(fs::exists(file)) << file;
  EXPECT_EQ(test::readBytes(run.metricsFile()).rfind("epoch,train_loss,val_loss", 0), 0u);

  job.resume = true;
  job.config.epochs = 4;
  Trainer trainer(job);
  TrainingControl control;
  std::vector<int> epochs;
  std::vector<std::string> messages;
  TrainingCallbacks callbacks;
  callbacks.onEpoch = [&](const EpochStats& stats, const FilmFrame&, const ModelSnapshotPtr&) {
    epochs.push_back(stats.epoch);
  };
  callbacks.onMessage = [&](const std::string& text) { messages.push_back(text); };
  const TrainingResult result = trainer.run(callbacks, control);
  ASSERT_EQ(result.status, TrainingStatus::Finished) << result.message;
  EXPECT_EQ(result.epochsCompleted, 4);
  EXPECT_EQ(epochs, (std::vector<int>{3, 4}));
  ASSERT_FALSE(messages.empty());
  EXPECT_NE(messages.front().find("resuming"), std::string::npos);

  const auto rows = run.readMetrics();
  ASSERT_EQ(rows.size(), 4u);
  // Every step's loss is kept (batches.csv), the resumed epochs after the first ones.
  const auto batches = run.readBatchLosses();
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches.front().epoch, 1);
  EXPECT_EQ(batches.front().step, 1);
  EXPECT_EQ(batches.back().epoch, 4);
  for (std::size_t i = 1; i < batches.size(); ++i)
    EXPECT_TRUE(batches[i].epoch > batches[i - 1].epoch ||
                (batches[i].epoch == batches[i - 1].epoch && batches[i].step == batches[i - 1].step + 1))
        << "row " << i;
  for (int i = 0; i < 4; ++i) EXPECT_EQ(rows[std::size_t(i)].epoch, i + 1);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_NEAR(rows[i].trainLoss, before[i].trainLoss, 1e-6 * before[i].trainLoss);
  EXPECT_EQ(trainer.history().size(), 4u);
  Autoencoder model(job.spec);
  EXPECT_EQ(loadCheckpoint(run.checkpointFile(), model).epoch, 4);

  // Resuming a run that has all its epochs says what to raise, as a value each front end words.
  Trainer done(job);
  TrainingControl idle;
  const TrainingResult nothing = done.run({}, idle);
  EXPECT_EQ(nothing.suggestion, TrainingSuggestion::RaiseEpochs);
  EXPECT_EQ(nothing.epochsCompleted, 4);
  EXPECT_NE(nothing.message.find("{epochs}"), std::string::npos) << nothing.message;
}

TEST(Trainer, PausedTimeIsNotTrainingTime) {
  TrainingJob job = tinyJob(1, 256);
  job.config.batchSize = 4;
  Trainer trainer(job);
  TrainingControl control;
  TrainingCallbacks callbacks;
  callbacks.batchReportSeconds = 0.0;
  std::atomic<bool> paused{false};
  callbacks.onBatch = [&](const BatchStats&) {
    if (!paused.exchange(true)) control.pause();  // after the first batch
  };
  std::vector<EpochStats> epochs;
  callbacks.onEpoch = [&](const EpochStats& stats, const FilmFrame&, const ModelSnapshotPtr&) {
    epochs.push_back(stats);
  };
  const auto start = Clock::now();
  auto running = std::async(std::launch::async, [&] { return trainer.run(callbacks, control); });
  while (!control.isPaused()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  control.resume();
  ASSERT_EQ(running.get().status, TrainingStatus::Finished);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_EQ(epochs.size(), 1u);
  EXPECT_GE(control.pausedSeconds(), 1.4);
  // The epoch's time (and so its throughput) leaves the pause out.
  EXPECT_LT(epochs[0].seconds, wall - 1.3) << "epoch " << epochs[0].seconds << " s of " << wall << " s";
}

TEST(Trainer, ResumeUsesTheNewLearningRate) {
  TempDir dir;
  TrainingJob job = tinyJob(1, 32, dir / "run");
  {
    Trainer trainer(job);
    TrainingControl control;
    ASSERT_EQ(trainer.run({}, control).status, TrainingStatus::Finished);
  }
  job.resume = true;
  job.config.epochs = 2;
  job.config.learningRate = 1e-30;  // the weights must not move at all now
  Autoencoder before(job.spec);
  loadCheckpoint(RunFolder(dir / "run").checkpointFile(), before);
  Trainer trainer(job);
  TrainingControl control;
  ASSERT_EQ(trainer.run({}, control).status, TrainingStatus::Finished);
  Autoencoder after(job.spec);
  loadCheckpoint(RunFolder(dir / "run").checkpointFile(), after);
  auto old = before->parameters();
  auto now = after->parameters();
  for (std::size_t i = 0; i < old.size(); ++i)
    EXPECT_TRUE(torch::equal(old[i], now[i])) << "parameter " << i << " moved";
  EXPECT_EQ(trainer.history().back().learningRate, 1e-30);
}

TEST(Trainer, RefusesAFolderHoldingARunAndKeepsIt) {
  TempDir dir;
  const fs::path runDir = dir / "run";
  TrainingJob job = tinyJob(1, 32, runDir);
  {
    Trainer trainer(job);
    TrainingControl control;
    ASSERT_EQ(trainer.run({}, control).status, TrainingStatus::Finished);
  }
  const RunFolder run(runDir);
  test::writeBytes(runDir / "notes.txt", "mine");
  const std::string checkpoint = test::readBytes(run.checkpointFile());
  const std::string metrics = test::readBytes(run.metricsFile());
  Trainer again(job);
  TrainingControl control;
  try {
    again.run({}, control);
    FAIL() << "a second run was started over the first";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("{resume}"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(runDir.string()), std::string::npos) << error.what();
  }
  EXPECT_EQ(test::readBytes(run.checkpointFile()), checkpoint);
  EXPECT_EQ(test::readBytes(run.metricsFile()), metrics);
  EXPECT_EQ(test::readBytes(runDir / "notes.txt"), "mine");
  EXPECT_TRUE(fs::exists(run.bestFile()));
  EXPECT_TRUE(fs::exists(run.specFile()));
}

TEST(Trainer, ShapeMismatchNamesThePresetsThatFit) {
  TrainingJob job = tinyJob(1);
  job.spec = presetSpec("mnist-conv");
  job.dataset = std::make_shared<const Dataset>(test::makeBlobDataset(8, ImageShape{3, 32, 32}));
  Trainer trainer(job);
  TrainingControl control;
  try {
    trainer.run({}, control);
    FAIL() << "a 1x28x28 model trained on 3x32x32 images";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(message.find("mnist-conv"), std::string::npos) << message;
    EXPECT_NE(message.find("1x28x28"), std::string::npos) << message;
    EXPECT_NE(message.find("3x32x32"), std::string::npos) << message;
    EXPECT_NE(message.find("cifar-4911"), std::string::npos) << message;
    EXPECT_NE(message.find("cifar-colorize-19167"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace latentlab
