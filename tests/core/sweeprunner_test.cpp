#include "sweep/sweeprunner.h"

#include "common/atomicfile.h"
#include "fixtures.h"
#include "quickruns.h"
#include "run/runfolder.h"
#include "sweep/sweepestimate.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

// Tiny runs: a 1x16x16 model, 48 blob images (36 train, 12 validation), batches of 12.
TrainConfig tinyConfig(int epochs) {
  TrainConfig config = test::quickConfig(epochs);
  config.batchSize = 12;
  config.learningRate = 5e-3;
  config.split.validationFraction = 0.25;
  config.split.testFraction = 0.0;
  config.seed = 3;
  return config;
}

DatasetPtr blobs() {
  return std::make_shared<const Dataset>(test::makeBlobDataset(48, ImageShape{1, 16, 16}, 4, 2));
}

// Four runs: lr 0.001 / 0.01 x latent 2 / 4.
SweepPlan fourRuns(int epochs, int halving = 0) {
  return planSweep("tiny", "", test::tinyConvSpec(), tinyConfig(epochs),
                   {{"lr", {"0.001", "0.01"}}, {"latent", {"2", "4"}}}, halving);
}

std::vector<SweepRunState> states(const SweepPlan& plan) {
  std::vector<SweepRunState> result;
  for (const auto& run : plan.runs) result.push_back(run.state);
  return result;
}

std::size_t metricsRows(const fs::path& runDir) {
  return RunFolder(runDir).readMetrics().size();
}

// Counts the epochs trained (per run folder name) through the callbacks.
struct EpochCounter {
  std::map<std::string, int> epochs;
  std::string current;
  int total = 0;
  SweepCallbacks callbacks(const std::function<void(int)>& afterEpoch = {}) {
    SweepCallbacks result;
    result.onProgress = [this](const SweepProgress& progress) {
      if (progress.current >= 0) current = progress.plan.runs[std::size_t(progress.current)].name;
      EXPECT_GE(progress.fraction, 0.0);
      EXPECT_LE(progress.fraction, 1.0);
    };
    result.training.onEpoch = [this, afterEpoch](const EpochStats&, const FilmFrame&, const ModelSnapshotPtr&) {
      ++epochs[current];
      ++total;
      if (afterEpoch) afterEpoch(total);
    };
    return result;
  }
};

TEST(SweepRunner, TrainsEveryRunIntoItsOwnFolder) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  createSweepFolder(folder, fourRuns(2));
  EpochCounter counter;
  SweepCallbacks callbacks = counter.callbacks();
  std::vector<std::string> ended;
  callbacks.onRunEnded = [&](const SweepRun& run, int index) {
    EXPECT_EQ(run.state, SweepRunState::Finished);
    ended.push_back(std::to_string(index) + ":" + run.name);
  };
  double lastFraction = 0.0;
  auto onProgress = callbacks.onProgress;
  callbacks.onProgress = [&](const SweepProgress& progress) {
    onProgress(progress);
    EXPECT_GE(progress.fraction + 1e-9, lastFraction);
    lastFraction = progress.fraction;
    EXPECT_EQ(progress.totalRuns, 4);
  };
  TrainingControl control;
  const SweepResult result = runSweep(folder, blobs(), callbacks, control);

  EXPECT_FALSE(result.cancelled);
  EXPECT_EQ(result.finishedRuns, 4);
  EXPECT_EQ(result.divergedRuns + result.failedRuns + result.prunedRuns, 0);
  EXPECT_EQ(result.epochsTrained, 8);
  EXPECT_EQ(result.epochsWithoutHalving, 8);
  EXPECT_EQ(counter.total, 8);
  EXPECT_DOUBLE_EQ(lastFraction, 1.0);
  EXPECT_EQ(ended, (std::vector<std::string>{"0:001-lr0.001-latent2", "1:002-lr0.001-latent4", "2:003-lr0.01-latent2",
                                             "3:004-lr0.01-latent4"}));
  ASSERT_GE(result.best, 0);
  const double bestLoss = result.plan.runs[std::size_t(result.best)].bestValidationLoss;
  for (const auto& run : result.plan.runs) {
    SCOPED_TRACE(run.name);
    EXPECT_EQ(run.epochsDone, 2);
    EXPECT_TRUE(std::isfinite(run.bestValidationLoss));
    EXPECT_LE(bestLoss, run.bestValidationLoss);
    const RunFolder runFolder(folder / run.name);
    EXPECT_TRUE(fs::exists(runFolder.checkpointFile()));
    EXPECT_EQ(metricsRows(runFolder.path()), 2u);
    // Every run has the base seed and its own settings.
    const TrainConfig config = runFolder.readConfig();
    EXPECT_EQ(config.seed, 3u);
    EXPECT_EQ(config.epochs, 2);
    EXPECT_EQ(runFolder.readSpec().latent, std::stoi(run.settings[1].second));
  }
  // sweep.json says the same.
  EXPECT_EQ(readSweepPlan(folder).toJson(), result.plan.toJson());

  // Running a finished sweep again trains nothing.
  EpochCounter again;
  const SweepResult second = runSweep(folder, blobs(), again.callbacks(), control);
  EXPECT_EQ(again.total, 0);
  EXPECT_EQ(second.finishedRuns, 4);
  EXPECT_EQ(second.best, result.best);
}

TEST(SweepRunner, ResumesAfterACancelWithoutRetrainingFinishedRuns) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  createSweepFolder(folder, fourRuns(2));
  TrainingControl control;
  EpochCounter counter;
  // Stop during the second run, after its first epoch (the third epoch of the sweep).
  const SweepResult stopped = runSweep(folder, blobs(), counter.callbacks([&](int total) {
    if (total == 3) control.cancel();
  }),
                                       control);
  EXPECT_TRUE(stopped.cancelled);
  EXPECT_EQ(counter.total, 3);
  const SweepPlan onDisk = readSweepPlan(folder);
  EXPECT_EQ(states(onDisk), (std::vector<SweepRunState>{SweepRunState::Finished, SweepRunState::Pending,
                                                        SweepRunState::Pending, SweepRunState::Pending}));
  EXPECT_EQ(onDisk.runs[1].epochsDone, 1);
  EXPECT_EQ(onDisk.runs[2].epochsDone, 0);
  const std::string firstCheckpoint = test::readBytes(folder / onDisk.runs[0].name / "checkpoint.pt");

  // A fresh process: the same call on the same folder finishes what is left.
  TrainingControl fresh;
  EpochCounter resumed;
  const SweepResult result = runSweep(folder, blobs(), resumed.callbacks(), fresh);
  EXPECT_FALSE(result.cancelled);
  EXPECT_EQ(result.finishedRuns, 4);
  EXPECT_EQ(resumed.total, 1 + 2 + 2);  // the rest of run 2, then runs 3 and 4
  EXPECT_EQ(resumed.epochs.count(onDisk.runs[0].name), 0u);
  EXPECT_EQ(resumed.epochs[onDisk.runs[1].name], 1);
  EXPECT_EQ(test::readBytes(folder / onDisk.runs[0].name / "checkpoint.pt"), firstCheckpoint);
  EXPECT_EQ(metricsRows(folder / onDisk.runs[1].name), 2u);
  EXPECT_EQ(result.epochsTrained, 8);
}

TEST(SweepRunner, RestartsARunKilledBeforeItsFirstCheckpoint) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  SweepPlan plan = fourRuns(1);
  plan.runs.resize(2);
  createSweepFolder(folder, plan);
  // A process killed during the first run's first epoch: sweep.json says Running, the run
  // folder holds spec.json and config.json but no checkpoint.
  plan.runs[0].state = SweepRunState::Running;
  writeSweepPlan(folder, plan);
  const RunFolder killed(folder / plan.runs[0].name);
  killed.prepareNew();
  killed.writeSpec(test::tinyConvSpec());
  killed.writeConfig(tinyConfig(1));
  test::writeBytes(killed.path() / "status.json", R"({"state": "running"})");

  TrainingControl control;
  EpochCounter counter;
  const SweepResult result = runSweep(folder, blobs(), counter.callbacks(), control);
  EXPECT_EQ(result.finishedRuns, 2);
  EXPECT_EQ(counter.epochs[plan.runs[0].name], 1);
  EXPECT_TRUE(fs::exists(killed.checkpointFile()));
  EXPECT_EQ(metricsRows(killed.path()), 1u);
  EXPECT_EQ(killed.readSpec().latent, 2);  // its own settings, not what the broken folder held
}

TEST(SweepRunner, ADivergedRunIsMarkedAndTheSweepGoesOn) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  // A linear output trained by SGD at learning rate 10 blows up; 0.001 does not.
  ModelSpec spec = test::tinyConvSpec();
  spec.outputActivation = Activation::None;
  TrainConfig config = tinyConfig(30);
  config.optimizer = OptimizerKind::Sgd;
  config.split.validationFraction = 0.0;
  config.batchSize = 16;
  createSweepFolder(folder, planSweep("diverging", "", spec, config, {{"lr", {"10", "0.001"}}}, 0));
  TrainingControl control;
  std::vector<std::string> ended;
  SweepCallbacks callbacks;
  callbacks.onRunEnded = [&](const SweepRun& run, int) { ended.push_back(sweepRunStateName(run.state)); };
  const SweepResult result = runSweep(folder, blobs(), callbacks, control);
  EXPECT_EQ(ended, (std::vector<std::string>{"diverged", "finished"}));
  EXPECT_EQ(result.divergedRuns, 1);
  EXPECT_EQ(result.finishedRuns, 1);
  EXPECT_EQ(result.best, 1);
  const SweepRun& diverged = result.plan.runs[0];
  EXPECT_EQ(diverged.state, SweepRunState::Diverged);
  EXPECT_NE(diverged.message.find("{lr}"), std::string::npos) << diverged.message;
  EXPECT_LT(diverged.epochsDone, 30);
  EXPECT_EQ(result.plan.runs[1].epochsDone, 30);
  EXPECT_EQ(readSweepPlan(folder).runs[0].state, SweepRunState::Diverged);
}

TEST(SweepRunner, AFailingRunIsMarkedWithItsMessageAndTheSweepGoesOn) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  // BCE needs a sigmoid output: the bce run fails when it starts, the mse run trains.
  ModelSpec spec = test::tinyConvSpec();
  spec.outputActivation = Activation::None;
  createSweepFolder(folder, planSweep("failing", "", spec, tinyConfig(1), {{"loss", {"bce", "mse"}}}, 0));
  TrainingControl control;
  const SweepResult result = runSweep(folder, blobs(), {}, control);
  EXPECT_EQ(result.failedRuns, 1);
  EXPECT_EQ(result.finishedRuns, 1);
  EXPECT_EQ(result.plan.runs[0].state, SweepRunState::Failed);
  EXPECT_NE(result.plan.runs[0].message.find("BCE"), std::string::npos) << result.plan.runs[0].message;
  EXPECT_EQ(result.best, 1);
}

TEST(SweepRunner, QueueEditsReorderAndRemovePendingRuns) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  const SweepPlan plan = fourRuns(1);
  createSweepFolder(folder, plan);
  SweepQueueEdits edits;
  edits.moveToFront(plan.runs[3].name);  // 004 first
  edits.remove(plan.runs[1].name);       // 002 never trains
  edits.remove("no-such-run");           // ignored
  std::vector<std::string> ended;
  SweepCallbacks callbacks;
  callbacks.onRunEnded = [&](const SweepRun& run, int) {
    ended.push_back(run.name);
    // Edits asked for while the sweep runs apply before the next run: the queue is now
    // 004 001 002 003, so two places earlier puts 003 before 001.
    if (ended.size() == 1) {
      edits.moveBy(plan.runs[2].name, -2);
      edits.remove(plan.runs[3].name);  // already finished: stays finished
    }
  };
  TrainingControl control;
  const SweepResult result = runSweep(folder, blobs(), callbacks, control, &edits);
  EXPECT_EQ(ended, (std::vector<std::string>{plan.runs[3].name, plan.runs[2].name, plan.runs[0].name}));
  const auto removed = std::find_if(result.plan.runs.begin(), result.plan.runs.end(),
                                    [&](const SweepRun& run) { return run.name == plan.runs[1].name; });
  ASSERT_NE(removed, result.plan.runs.end());
  EXPECT_EQ(removed->state, SweepRunState::Stopped);
  EXPECT_FALSE(fs::exists(folder / plan.runs[1].name));
  EXPECT_EQ(result.finishedRuns, 3);
  EXPECT_EQ(result.epochsWithoutHalving, 3);
  EXPECT_EQ(result.plan.runs.front().name, plan.runs[3].name);  // the queue order is kept in sweep.json
  EXPECT_EQ(readSweepPlan(folder).runs.front().name, plan.runs[3].name);
}

TEST(SweepRunner, SuccessiveHalvingPrunesTheWorseHalfAndSavesEpochs) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  // 4 runs, 4 epochs, halving after 1: 4 runs x 1, 2 runs to 2, 1 run to 4: 8 epochs, not 16.
  createSweepFolder(folder, fourRuns(4, 1));
  TrainingControl control;
  EpochCounter counter;
  std::vector<std::string> messages;
  SweepCallbacks callbacks = counter.callbacks();
  callbacks.onMessage = [&](const std::string& text) { messages.push_back(text); };
  const SweepResult result = runSweep(folder, blobs(), callbacks, control);
  EXPECT_EQ(counter.total, 8);
  EXPECT_EQ(result.epochsTrained, 8);
  EXPECT_EQ(result.epochsWithoutHalving, 16);
  EXPECT_EQ(result.finishedRuns, 1);
  EXPECT_EQ(result.prunedRuns, 3);
  EXPECT_EQ(result.plan.rung, 2);
  EXPECT_EQ(messages.size(), 2u);
  ASSERT_GE(result.best, 0);
  const SweepRun& best = result.plan.runs[std::size_t(result.best)];
  EXPECT_EQ(best.epochsDone, 4);
  EXPECT_EQ(metricsRows(folder / best.name), 4u);
  int prunedAfterOne = 0, prunedAfterTwo = 0;
  for (const auto& run : result.plan.runs) {
    if (run.state != SweepRunState::Pruned) continue;
    EXPECT_FALSE(run.message.empty());
    (run.epochsDone == 1 ? prunedAfterOne : prunedAfterTwo)++;
    EXPECT_EQ(metricsRows(folder / run.name), std::size_t(run.epochsDone));
  }
  EXPECT_EQ(prunedAfterOne, 2);
  EXPECT_EQ(prunedAfterTwo, 1);
}

TEST(SweepRunner, HalvingResumesBetweenRungs) {
  TempDir dir;
  const fs::path folder = dir / "sweep";
  createSweepFolder(folder, fourRuns(4, 1));
  TrainingControl control;
  EpochCounter counter;
  // Stop in the second rung, after the first survivor's second epoch (epoch 5 of the sweep).
  const SweepResult stopped = runSweep(folder, blobs(), counter.callbacks([&](int total) {
    if (total == 5) control.cancel();
  }),
                                       control);
  ASSERT_TRUE(stopped.cancelled);
  EXPECT_EQ(stopped.plan.rung, 1);
  TrainingControl fresh;
  EpochCounter resumed;
  const SweepResult result = runSweep(folder, blobs(), resumed.callbacks(), fresh);
  EXPECT_EQ(resumed.total, 3);  // the second survivor's epoch 2, then the winner's epochs 3 and 4
  EXPECT_EQ(result.epochsTrained, 8);
  EXPECT_EQ(result.finishedRuns, 1);
  EXPECT_EQ(result.prunedRuns, 3);
}

TEST(SweepEstimate, MeasuresEachModelAndScalesToTheSchedule) {
  const SweepPlan plan = fourRuns(3);
  std::vector<double> fractions;
  const JobContext job([&](double fraction, const std::string&) { fractions.push_back(fraction); }, {});
  const SweepEstimate estimate = estimateSweep(plan, blobs(), job);
  EXPECT_EQ(estimate.epochs, 12);
  EXPECT_GT(estimate.secondsPerEpoch, 0.0);
  EXPECT_NEAR(estimate.seconds, 12 * estimate.secondsPerEpoch, 1e-9 + 1e-6 * estimate.seconds);
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);

  // With halving the schedule's epochs count; finished runs are not estimated again.
  EXPECT_EQ(estimateSweep(fourRuns(4, 1), blobs()).epochs, 8);
  SweepPlan partly = fourRuns(3);
  partly.runs[0].state = SweepRunState::Finished;
  partly.runs[0].epochsDone = 3;
  partly.runs[1].epochsDone = 1;
  EXPECT_EQ(estimateSweep(partly, blobs()).epochs, 2 + 3 + 3);

  CancellationToken token;
  token.cancel();
  EXPECT_THROW(estimateSweep(plan, blobs(), JobContext({}, token)), JobCancelled);
}

}  // namespace
}  // namespace latentlab
