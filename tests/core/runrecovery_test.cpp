#include "run/runrecovery.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "fixtures.h"
#include "quickruns.h"
#include "run/checkpoint.h"
#include "run/filmstrip.h"
#include "run/runstatus.h"
#include "tempdir.h"
#include "tinyspecs.h"
#include "train/trainer.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <climits>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

TrainingJob tinyJob(int epochs, const fs::path& runDir) {
  TrainingJob job;
  job.spec = test::tinyConvSpec();
  job.config = test::quickConfig(epochs);
  job.config.batchSize = 8;
  job.config.learningRate = 1e-2;
  job.config.split.validationFraction = 0.25;
  job.config.split.testFraction = 0.0;
  job.config.filmSamples = 2;
  job.config.seed = 7;
  job.dataset = std::make_shared<const Dataset>(test::makeBlobDataset(32, ImageShape{1, 16, 16}, 4, 3));
  job.runDir = runDir;
  return job;
}

TrainingResult train(TrainingJob job) {
  TrainingControl control;
  return Trainer(std::move(job)).run({}, control);
}

// Stands for the process dying: thrown from the atomic writer's observer.
struct Killed {};

// Observes every file event; at event `killAt` copies the folder as it is on disk at that
// instant (temp files included) and "kills" the writer.
struct KillSwitch {
  int killAt = -1;
  int events = 0;
  fs::path runDir, snapshot;
  KillSwitch() {
    setAtomicWriteObserverForTesting([this](const fs::path&, AtomicWriteEvent) {
      if (events++ != killAt) return;
      fs::copy(runDir, snapshot, fs::copy_options::recursive);
      throw Killed{};
    });
  }
  ~KillSwitch() { setAtomicWriteObserverForTesting({}); }
};

std::vector<std::string> tempFiles(const fs::path& runDir) {
  std::vector<std::string> names;
  for (const fs::path& folder : {runDir, runDir / "samples"})
    if (fs::is_directory(folder))
      for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().find(".tmp") != std::string::npos)
          names.push_back(entry.path().filename().string());
  return names;
}

// A whole run folder of `epochs` epochs: one metrics row and one film frame per epoch,
// batch rows for each, the checkpoint of the last epoch, best.pt of the best one, no temps.
void expectCompleteRun(const fs::path& runDir, int epochs, const std::vector<EpochStats>& reference) {
  const RunFolder run(runDir);
  const auto rows = run.readMetrics();
  ASSERT_EQ(rows.size(), std::size_t(epochs));
  for (int i = 0; i < epochs; ++i) {
    EXPECT_EQ(rows[std::size_t(i)].epoch, i + 1);
    EXPECT_NEAR(rows[std::size_t(i)].trainLoss, reference[std::size_t(i)].trainLoss,
                1e-4 * reference[std::size_t(i)].trainLoss)
        << "epoch " << i + 1 << " was not trained as in an uninterrupted run";
    EXPECT_TRUE(fs::exists(run.samplesDir() / filmStripName(i + 1))) << "film frame of epoch " << i + 1;
  }
  const auto batches = run.readBatchLosses();
  ASSERT_FALSE(batches.empty());
  EXPECT_EQ(batches.front().epoch, 1);
  EXPECT_EQ(batches.back().epoch, epochs);
  for (std::size_t i = 1; i < batches.size(); ++i)
    EXPECT_TRUE((batches[i].epoch == batches[i - 1].epoch + 1 && batches[i].step == 1) ||
                (batches[i].epoch == batches[i - 1].epoch && batches[i].step == batches[i - 1].step + 1))
        << "batches.csv row " << i;
  const CheckpointInfo info = readCheckpointInfo(run.checkpointFile());
  EXPECT_EQ(info.epoch, epochs);
  EXPECT_EQ(readCheckpointInfo(run.bestFile()).epoch, info.bestEpoch);
  EXPECT_EQ(tempFiles(runDir), std::vector<std::string>{});
}

TEST(RunFolder, KillAtEveryEpochFileEventResumesWithoutLoss) {
  constexpr int kEpochs = 2;
  TempDir dir;
  std::vector<EpochStats> reference;
  int events = 0;
  {
    KillSwitch counter;  // never fires: counts the file events of a whole run
    counter.runDir = dir / "reference";
    TrainingJob job = tinyJob(kEpochs, counter.runDir);
    TrainingControl control;
    Trainer trainer(job);
    ASSERT_EQ(trainer.run({}, control).status, TrainingStatus::Finished);
    reference = trainer.history();
    events = counter.events;
  }
  ASSERT_GE(events, 2 * 10);  // spec, config, status, then per epoch checkpoint, best, metrics, batches, film, status
  for (int k = 0; k < events; ++k) {
    SCOPED_TRACE("killed at file event " + std::to_string(k));
    const fs::path runDir = dir / ("run" + std::to_string(k));
    const fs::path killed = dir / ("killed" + std::to_string(k));
    {
      KillSwitch kill;
      kill.killAt = k;
      kill.runDir = runDir;
      kill.snapshot = killed;
      EXPECT_THROW(train(tinyJob(kEpochs, runDir)), Killed);
    }
    ASSERT_TRUE(fs::is_directory(killed));
    // What a user does next: resume (or, when even config.json never landed, start again).
    TrainingJob again = tinyJob(kEpochs, killed);
    again.resume = fs::exists(killed / "spec.json") && fs::exists(killed / "config.json");
    const TrainingResult result = train(again);
    EXPECT_TRUE(result.status == TrainingStatus::Finished) << result.message;
    expectCompleteRun(killed, kEpochs, reference);
    fs::remove_all(runDir);
    fs::remove_all(killed);
  }
}

TEST(RunFolder, StaleTempFilesAreRemovedOnResume) {
  TempDir dir;
  const fs::path runDir = dir / "run";
  ASSERT_EQ(train(tinyJob(1, runDir)).status, TrainingStatus::Finished);
  const std::vector<std::string> stale{".checkpoint.pt.tmp123456", ".metrics.csv.tmp7", ".status.json.tmp42"};
  for (const auto& name : stale) test::writeBytes(runDir / name, "half a file");
  test::writeBytes(runDir / "samples" / ".epoch-0002.png.tmp99", "half a frame");
  // Not ours: kept.
  const std::vector<std::string> foreign{".notes.tmp", "notes.tmp123", ".tmp5", ".draft.tmpx1"};
  for (const auto& name : foreign) test::writeBytes(runDir / name, "mine");

  TrainingJob job = tinyJob(2, runDir);
  job.resume = true;
  ASSERT_EQ(train(job).status, TrainingStatus::Finished);
  for (const auto& name : stale) EXPECT_FALSE(fs::exists(runDir / name)) << name;
  EXPECT_FALSE(fs::exists(runDir / "samples" / ".epoch-0002.png.tmp99"));
  for (const auto& name : foreign) EXPECT_EQ(test::readBytes(runDir / name), "mine") << name;
}

TEST(RunFolder, AnotherLiveWritersTempFilesAreLeftAlone) {
  TempDir dir;
  const fs::path runDir = dir / "run";
  ASSERT_EQ(train(tinyJob(1, runDir)).status, TrainingStatus::Finished);
  RunStatusRecord other = runningStatus(1);
  other.pid = ::getppid();  // alive, and not us
  writeRunStatus(runDir, other);
  test::writeBytes(runDir / ".checkpoint.pt.tmp123456", "being written");
  const std::string metrics = test::readBytes(runDir / "metrics.csv");
  TrainingJob job = tinyJob(2, runDir);
  job.resume = true;
  try {
    train(job);
    FAIL() << "resumed a run another process is training";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find(std::to_string(other.pid)), std::string::npos) << error.what();
  }
  EXPECT_TRUE(fs::exists(runDir / ".checkpoint.pt.tmp123456"));
  EXPECT_EQ(test::readBytes(runDir / "metrics.csv"), metrics);
}

TEST(Trainer, ResumeFromEpochIntMaxIsRefused) {
  TempDir dir;
  const fs::path runDir = dir / "run";
  ASSERT_EQ(train(tinyJob(1, runDir)).status, TrainingStatus::Finished);
  for (const CheckpointInfo& info : {CheckpointInfo{INT_MAX, 1, 0.5}, CheckpointInfo{-5, 0, 0.5}}) {
    SCOPED_TRACE(info.epoch);
    Autoencoder model(test::tinyConvSpec());
    saveCheckpoint(RunFolder(runDir).checkpointFile(), model, nullptr, info);
    const std::string metrics = test::readBytes(runDir / "metrics.csv");
    TrainingJob job = tinyJob(2, runDir);
    job.resume = true;
    try {
      train(job);
      FAIL() << "resumed from epoch " << info.epoch;
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_EQ(error.kind(), ErrorKind::Input);
      EXPECT_NE(message.find("checkpoint.pt has an impossible progress record (epoch " + std::to_string(info.epoch)),
                std::string::npos)
          << message;
    }
    EXPECT_EQ(test::readBytes(runDir / "metrics.csv"), metrics);
  }
}

}  // namespace
}  // namespace latentlab
