#include "run/runlibrary.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "fixtures.h"
#include "run/runcomparison.h"
#include "run/runfolder.h"
#include "run/runstatus.h"
#include "run/runsummary.h"
#include "tempdir.h"
#include "tinyspecs.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <cmath>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

// A run folder as the trainer leaves it, without training: spec, config and `epochs` rows.
void writeFakeRun(const fs::path& dir, int epochsDone, int epochsPlanned, double lr = 1e-3, int latent = 8) {
  RunFolder folder(dir);
  folder.prepareNew();
  ModelSpec spec = test::tinyConvSpec();
  spec.latent = latent;
  folder.writeSpec(spec);
  TrainConfig config;
  config.dataset = "blobs";
  config.epochs = epochsPlanned;
  config.learningRate = lr;
  folder.writeConfig(config);
  std::vector<EpochStats> rows;
  for (int epoch = 1; epoch <= epochsDone; ++epoch) {
    EpochStats row;
    row.epoch = epoch;
    row.epochs = epochsPlanned;
    row.trainLoss = 0.1 / epoch;
    row.validationLoss = epoch == 2 ? 0.01 : 0.1 / epoch + 0.005;  // the best at epoch 2 when there is one
    row.validation.psnr = 20.0 + epoch;
    row.validation.ssim = 0.5 + 0.01 * epoch;
    row.seconds = 2.0;
    row.imagesPerSecond = 1000.0;
    rows.push_back(row);
  }
  folder.writeMetrics(rows);
}

// A pid that no process has: a child that has exited and been reaped.
long long deadPid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

TEST(RunSummary, ReadsSettingsResultsAndTheBestEpoch) {
  TempDir dir;
  writeFakeRun(dir / "a", 3, 3, 0.02, 6);
  const RunSummary run = summarizeRun(dir / "a");
  EXPECT_EQ(run.state, RunState::Finished);
  EXPECT_EQ(run.name(), "a");
  EXPECT_EQ(run.dataset, "blobs");
  EXPECT_EQ(run.model, "tiny");
  EXPECT_EQ(run.kind, "AE");
  EXPECT_EQ(run.latent, 6);
  EXPECT_GT(run.parameters, 0);
  EXPECT_DOUBLE_EQ(run.learningRate, 0.02);
  EXPECT_EQ(run.epochsDone, 3);
  EXPECT_EQ(run.bestEpoch, 2);
  EXPECT_DOUBLE_EQ(run.bestValidationLoss, 0.01);
  EXPECT_NEAR(run.lastValidationLoss, 0.1 / 3 + 0.005, 1e-9);
  EXPECT_DOUBLE_EQ(run.psnr, 22.0);
  EXPECT_DOUBLE_EQ(run.trainingSeconds, 6.0);
  EXPECT_TRUE(std::isnan(run.probeAccuracy));
}

TEST(RunSummary, StatusComesFromTheFolderWhenThereIsNoStatusFile) {
  TempDir dir;
  writeFakeRun(dir / "stopped", 1, 5);
  writeFakeRun(dir / "fresh", 0, 5);
  EXPECT_EQ(summarizeRun(dir / "stopped").state, RunState::Stopped);
  EXPECT_EQ(summarizeRun(dir / "fresh").state, RunState::Incomplete);
}

TEST(RunSummary, ARunningRecordIsRunningOnlyWhileItsWriterLives) {
  TempDir dir;
  writeFakeRun(dir / "r", 2, 5);
  RunStatusRecord record = runningStatus(3);
  writeRunStatus(dir / "r", record);
  EXPECT_EQ(summarizeRun(dir / "r").state, RunState::Running);

  record.pid = deadPid();  // killed with -9: the file still says running
  writeRunStatus(dir / "r", record);
  EXPECT_EQ(summarizeRun(dir / "r").state, RunState::Stopped);

  record.state = "diverged";
  record.message = "the training loss became NaN; lower the learning rate ({lr})";
  writeRunStatus(dir / "r", record);
  const RunSummary diverged = summarizeRun(dir / "r");
  EXPECT_EQ(diverged.state, RunState::Diverged);
  EXPECT_NE(diverged.reason.find("{lr}"), std::string::npos);
}

TEST(RunSummary, BrokenFoldersSayWhatIsWrongAndWhere) {
  TempDir dir;
  // Metrics without a spec: not openable.
  fs::create_directories(dir / "nospec");
  writeTextFileAtomically(dir / "nospec" / "metrics.csv", metricsCsvHeader() + "\n");
  // A spec cut off mid-write by a tool that does not write atomically.
  writeFakeRun(dir / "badspec", 1, 1);
  writeTextFileAtomically(dir / "badspec" / "spec.json", "{\"name\": \"tiny\", \"enc");
  // A damaged metrics row.
  writeFakeRun(dir / "badmetrics", 1, 1);
  writeTextFileAtomically(dir / "badmetrics" / "metrics.csv", metricsCsvHeader() + "\n1,zero,0.1\n");
  // A damaged status file.
  writeFakeRun(dir / "badstatus", 1, 1);
  writeTextFileAtomically(dir / "badstatus" / "status.json", "{\"state\": ");

  for (const char* name : {"nospec", "badspec", "badmetrics", "badstatus"}) {
    const RunSummary run = summarizeRun(dir / name);
    EXPECT_EQ(run.state, RunState::Broken) << name;
    EXPECT_FALSE(run.reason.empty()) << name;
  }
  EXPECT_NE(summarizeRun(dir / "nospec").reason.find("spec.json"), std::string::npos);
  EXPECT_NE(summarizeRun(dir / "badspec").reason.find("spec.json"), std::string::npos);
  EXPECT_NE(summarizeRun(dir / "badmetrics").reason.find("metrics.csv"), std::string::npos);
  EXPECT_NE(summarizeRun(dir / "badstatus").reason.find("status.json"), std::string::npos);
}

TEST(RunSummary, AnnotationsAreKeptInTheRunFolder) {
  TempDir dir;
  writeFakeRun(dir / "a", 1, 1);
  writeRunAnnotations(dir / "a",
                      RunAnnotations{"  my best run ", parseTagList("seed-003, latent ,, seed-003"), "2 vs 6"});
  const RunSummary run = summarizeRun(dir / "a");
  EXPECT_EQ(run.name(), "my best run");
  EXPECT_EQ(run.annotations.tags, (std::vector<std::string>{"seed-003", "latent"}));
  EXPECT_EQ(run.annotations.note, "2 vs 6");
}

TEST(RunLibrary, FindsRunsInSweepsAndNestedFoldersAndListsBrokenOnes) {
  TempDir dir;
  writeFakeRun(dir / "plain", 2, 2);
  fs::create_directories(dir / "grid");
  writeTextFileAtomically(dir / "grid" / "sweep.json", "{}");
  writeFakeRun(dir / "grid" / "001-lr0.001", 1, 1);
  writeFakeRun(dir / "grid" / "002-lr0.02", 1, 1);
  writeFakeRun(dir / "seed-003" / "latent-2", 1, 1);
  fs::create_directories(dir / "empty");
  fs::create_directories(dir / ".hidden");
  writeFakeRun(dir / ".hidden" / "x", 1, 1);
  fs::create_directories(dir / "broken");
  writeTextFileAtomically(dir / "broken" / "checkpoint.pt", "not a checkpoint");

  RunLibrary library;
  const auto runs = library.scan({dir.path()});
  std::map<std::string, RunSummary> byName;
  for (const auto& run : runs) byName[run.folderName] = run;
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(byName.at("001-lr0.001").sweep, "grid");
  EXPECT_EQ(byName.at("plain").sweep, "");
  EXPECT_EQ(byName.count("latent-2"), 1u);
  EXPECT_EQ(byName.at("broken").state, RunState::Broken);
  EXPECT_EQ(library.lastScan().read, 5);
}

TEST(RunLibrary, ARescanRereadsOnlyWhatChangedAndSeesNewRuns) {
  TempDir dir;
  writeFakeRun(dir / "a", 1, 3);
  writeFakeRun(dir / "b", 1, 3);
  RunLibrary library;
  library.scan({dir.path()});
  EXPECT_EQ(library.lastScan().read, 2);

  // Another process writes: a new run appears, and a running run finishes an epoch.
  writeFakeRun(dir / "c", 0, 3);
  std::vector<EpochStats> rows = RunFolder(dir / "a").readMetrics();
  EpochStats next = rows.back();
  next.epoch = 2;
  next.validationLoss = 0.001;
  rows.push_back(next);
  RunFolder(dir / "a").writeMetrics(rows);

  const auto runs = library.scan({dir.path()});
  EXPECT_EQ(runs.size(), 3u);
  EXPECT_EQ(library.lastScan().read, 2);  // a (changed) and c (new); b from the cache
  for (const auto& run : runs) {
    if (run.folderName == "a") {
      EXPECT_EQ(run.epochsDone, 2);
    }
  }

  fs::remove_all(dir / "b");
  EXPECT_EQ(library.scan({dir.path()}).size(), 2u);
}

TEST(RunLibrary, ARunningRunOnAnotherHostIsAliveWhileItsHeartbeatIsFresh) {
  TempDir dir;
  writeFakeRun(dir / "a", 1, 3);
  RunStatusRecord record = runningStatus(2);
  record.host = "another-host";
  record.heartbeatAt = unixSecondsNow() - 30;  // fresh enough to be alive
  writeRunStatus(dir / "a", record);
  RunLibrary library;
  EXPECT_EQ(library.scan({dir.path()}).front().state, RunState::Running);
  record.heartbeatAt = unixSecondsNow() - 3600;
  writeRunStatus(dir / "a", record);
  EXPECT_EQ(library.scan({dir.path()}).front().state, RunState::Stopped);
}

TEST(RunLibrary, AKilledWritersRunTurnsStoppedWithoutAnyFileChanging) {
  TempDir dir;
  writeFakeRun(dir / "a", 1, 3);
  const pid_t writer = fork();
  if (writer == 0) {
    sleep(60);
    _exit(0);
  }
  RunStatusRecord record = runningStatus(2);
  record.pid = writer;
  writeRunStatus(dir / "a", record);
  RunLibrary library;
  EXPECT_EQ(library.scan({dir.path()}).front().state, RunState::Running);
  kill(writer, SIGKILL);
  int status = 0;
  waitpid(writer, &status, 0);
  EXPECT_EQ(library.scan({dir.path()}).front().state, RunState::Stopped);
  EXPECT_EQ(library.lastScan().read, 0);  // from the cache: only the liveness was asked again
}

TEST(RunLibrary, TheCacheFileSparesTheNextStartReadingTheFolders) {
  TempDir dir;
  for (int i = 0; i < 20; ++i) writeFakeRun(dir / ("run" + std::to_string(i)), 2, 2);
  const fs::path cache = dir / "cache" / "runs-index.json";
  {
    RunLibrary library(cache);
    library.scan({dir.path()});
    library.saveCache();
  }
  RunLibrary reopened(cache);
  const auto runs = reopened.scan({dir.path()});
  EXPECT_EQ(runs.size(), 20u);
  EXPECT_EQ(reopened.lastScan().read, 0);
  EXPECT_DOUBLE_EQ(runs.front().bestValidationLoss, 0.01);

  writeTextFileAtomically(cache, "{ damaged");
  RunLibrary damaged(cache);
  EXPECT_EQ(damaged.scan({dir.path()}).size(), 20u);
  EXPECT_EQ(damaged.lastScan().read, 20);
}

TEST(RunLibrary, ScanningIsCancellable) {
  TempDir dir;
  for (int i = 0; i < 100; ++i) writeFakeRun(dir / ("run" + std::to_string(i)), 1, 1);
  CancellationToken token;
  token.cancel();
  RunLibrary library;
  EXPECT_THROW(library.scan({dir.path()}, JobContext({}, token)), JobCancelled);
}

TEST(RunStatusFile, TheTrainerWritesHowARunEnded) {
  TempDir dir;
  TrainingJob job;
  job.spec = test::tinyConvSpec();
  job.config.device = "cpu";
  job.config.threads = 1;
  job.config.epochs = 2;
  job.config.batchSize = 16;
  job.config.filmSamples = 0;
  job.dataset = std::make_shared<const Dataset>(test::makeBlobDataset(64, ImageShape{1, 16, 16}));
  job.runDir = dir / "run";
  TrainingControl control;
  TrainingCallbacks callbacks;
  callbacks.onEpoch = [&](const EpochStats& stats, const FilmFrame&, const ModelSnapshotPtr&) {
    const auto status = readRunStatus(job.runDir);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->state, "running");
    EXPECT_EQ(status->epoch, stats.epoch);
    EXPECT_EQ(summarizeRun(job.runDir).state, RunState::Running);
    control.cancel();
  };
  const TrainingResult result = Trainer(job).run(callbacks, control);
  EXPECT_EQ(result.status, TrainingStatus::Cancelled);
  EXPECT_EQ(readRunStatus(job.runDir)->state, "cancelled");
  EXPECT_EQ(summarizeRun(job.runDir).state, RunState::Stopped);

  job.resume = true;
  TrainingControl again;
  EXPECT_EQ(Trainer(job).run({}, again).status, TrainingStatus::Finished);
  EXPECT_EQ(readRunStatus(job.runDir)->state, "finished");
  EXPECT_EQ(summarizeRun(job.runDir).state, RunState::Finished);

  // A second run into the same folder is refused and leaves its status alone.
  job.resume = false;
  TrainingControl third;
  EXPECT_THROW(Trainer(job).run({}, third), Error);
  EXPECT_EQ(readRunStatus(job.runDir)->state, "finished");
}

TEST(RunComparison, FoldsEqualSettingsAndMarksTheDifferingOnes) {
  TempDir dir;
  writeFakeRun(dir / "slow", 3, 3, 0.001, 2);
  writeFakeRun(dir / "fast", 1, 3, 0.02, 6);
  const ComparisonTable table = compareRuns({summarizeRun(dir / "slow"), summarizeRun(dir / "fast")});
  std::vector<std::string> keys;
  for (const auto& column : table.columns) keys.push_back(column.key);
  auto column = [&](const std::string& key) { return std::find(keys.begin(), keys.end(), key) - keys.begin(); };
  ASSERT_LT(std::size_t(column("lr")), keys.size());
  EXPECT_TRUE(table.differs[std::size_t(column("lr"))]);
  EXPECT_TRUE(table.differs[std::size_t(column("latent"))]);
  EXPECT_EQ(std::size_t(column("dataset")), keys.size());  // equal: folded away
  EXPECT_EQ(std::size_t(column("optimizer")), keys.size());
  EXPECT_FALSE(table.differs[std::size_t(column("best_val_loss"))]);  // results are never "settings"
  bool datasetShared = false;
  for (const auto& [label, value] : table.shared)
    datasetShared = datasetShared || (label == "Dataset" && value == "blobs");
  EXPECT_TRUE(datasetShared);
  EXPECT_EQ(table.bestRow, 0);  // slow reached 0.01 at epoch 2

  const std::string csv = comparisonToCsv(table);
  EXPECT_EQ(csv.substr(0, csv.find('\n')).find("name,status,"), 0u);
  EXPECT_NE(csv.find("slow,finished,"), std::string::npos);
  EXPECT_NE(csv.find(",0.02,"), std::string::npos);
  const std::string markdown = comparisonToMarkdown(table);
  EXPECT_NE(markdown.find("| **slow** |"), std::string::npos);
  EXPECT_NE(markdown.find("Shared: "), std::string::npos);
}

}  // namespace
}  // namespace latentlab
