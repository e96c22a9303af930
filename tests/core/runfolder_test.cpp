#include "run/runfolder.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "fixtures.h"
#include "inference/modelsnapshot.h"
#include "presets.h"
#include "run/checkpoint.h"
#include "tempdir.h"

#include <gtest/gtest.h>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

std::vector<std::string> folderListing(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

ModelSpec smallSpec() {
  return presetSpec("cifar-4911");
}

TEST(AtomicFile, AFailedWriteKeepsTheOldFileAndLeavesNoTemp) {
  TempDir dir;
  const fs::path path = dir / "checkpoint.pt";
  writeTextFileAtomically(path, "old content");
  EXPECT_THROW(writeFileAtomically(path,
                                   [](std::ostream& out) {
                                     out << "half of the new cont";
                                     throw runtimeError("the disk went away");
                                   }),
               Error);
  EXPECT_EQ(readTextFile(path), "old content");
  EXPECT_EQ(folderListing(dir.path()), (std::vector<std::string>{"checkpoint.pt"}));

  writeTextFileAtomically(path, "new content");
  EXPECT_EQ(readTextFile(path), "new content");
  EXPECT_EQ(folderListing(dir.path()), (std::vector<std::string>{"checkpoint.pt"}));
}

TEST(AtomicFile, MissingFolderIsAnErrorNamingThePath) {
  TempDir dir;
  try {
    writeTextFileAtomically(dir / "no" / "such" / "metrics.csv", "x");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find((dir / "no" / "such").string()), std::string::npos) << error.what();
  }
  EXPECT_THROW(readTextFile(dir / "absent.json"), Error);
}

TEST(Checkpoint, SavesAndLoadsWeightsAndProgress) {
  TempDir dir;
  const ModelSpec spec = smallSpec();
  Autoencoder model(spec);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  saveCheckpoint(dir / "checkpoint.pt", model, &optimizer, CheckpointInfo{3, 2, 0.125});
  EXPECT_EQ(folderListing(dir.path()), (std::vector<std::string>{"checkpoint.pt"}));

  Autoencoder loaded(spec);
  torch::optim::Adam loadedOptimizer(loaded->parameters(), torch::optim::AdamOptions(1e-3));
  const CheckpointInfo info = loadCheckpoint(dir / "checkpoint.pt", loaded, &loadedOptimizer);
  EXPECT_EQ(info.epoch, 3);
  EXPECT_EQ(info.bestEpoch, 2);
  EXPECT_DOUBLE_EQ(info.bestValidationLoss, 0.125);
  const auto expected = model->parameters();
  const auto actual = loaded->parameters();
  ASSERT_EQ(expected.size(), actual.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_TRUE(torch::equal(expected[i], actual[i]));
}

std::string checkpointError(const fs::path& path, const ModelSpec& spec) {
  Autoencoder model(spec);
  try {
    loadCheckpoint(path, model);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    return error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "not a latentlab::Error: " << error.what();
    return {};
  }
  ADD_FAILURE() << "loading " << path << " did not fail";
  return {};
}

TEST(Checkpoint, GarbageTruncatedOrForeignFilesAreNamed) {
  TempDir dir;
  const ModelSpec spec = smallSpec();
  const fs::path garbage = dir / "garbage.pt";
  test::writeBytes(garbage, std::string(5000, '\x7f'));
  std::string message = checkpointError(garbage, spec);
  EXPECT_NE(message.find(garbage.string()), std::string::npos) << message;

  Autoencoder model(spec);
  const fs::path good = dir / "good.pt";
  saveCheckpoint(good, model, nullptr, CheckpointInfo{1, 1, 0.5});
  const std::string bytes = test::readBytes(good);
  for (std::size_t keep : {bytes.size() / 2, bytes.size() - 30, std::size_t(100)}) {
    SCOPED_TRACE(keep);
    const fs::path truncated = dir / "truncated.pt";
    test::writeBytes(truncated, bytes.substr(0, keep));
    message = checkpointError(truncated, spec);
    EXPECT_NE(message.find(truncated.string()), std::string::npos) << message;
  }

  test::writeBytes(dir / "empty.pt", "");
  message = checkpointError(dir / "empty.pt", spec);
  EXPECT_NE(message.find((dir / "empty.pt").string()), std::string::npos) << message;

  message = checkpointError(good, presetSpec("cifar-19383"));  // another model's weights
  EXPECT_NE(message.find(good.string()), std::string::npos) << message;

  message = checkpointError(dir / "absent.pt", spec);
  EXPECT_NE(message.find("absent.pt"), std::string::npos) << message;
}

TEST(RunFolder, RefusesToStartOverARunAndChangesNothing) {
  TempDir dir;
  const RunFolder run(dir / "run");
  run.prepareNew();
  EXPECT_TRUE(fs::is_directory(run.samplesDir()));
  EXPECT_FALSE(run.holdsRun());
  run.writeSpec(smallSpec());
  TrainConfig config;
  config.epochs = 3;
  run.writeConfig(config);
  EXPECT_TRUE(run.holdsRun());
  const std::string spec = test::readBytes(run.specFile());
  try {
    run.prepareNew();
    FAIL() << "a folder holding a run was prepared for a new one";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("{resume}"), std::string::npos) << error.what();
  }
  EXPECT_EQ(test::readBytes(run.specFile()), spec);
  EXPECT_EQ(run.readConfig().epochs, 3);
  EXPECT_EQ(run.readSpec().name, "cifar-4911");
}

TEST(RunFolder, ResumeNeedsACheckpointNotAStrayTempFile) {
  TempDir dir;
  const RunFolder run(dir / "run");
  run.prepareNew();
  run.writeSpec(smallSpec());
  run.writeConfig(TrainConfig{});
  // What a crash in the middle of writeFileAtomically leaves behind.
  test::writeBytes(dir / "run" / ".checkpoint.pt.tmp123456", "half a checkpoint");
  EXPECT_THROW(loadRunSnapshot(dir / "run"), Error);
  // With no epoch finished it resumes from epoch 1; with finished epochs the checkpoint is required.
  EXPECT_NO_THROW(run.checkResumable());
  run.writeMetrics(std::vector<EpochStats>(1));
  try {
    run.checkResumable();
    FAIL() << "a stray temp file was taken for a checkpoint";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("checkpoint.pt"), std::string::npos) << error.what();
  }

  Autoencoder model(smallSpec());
  saveCheckpoint(run.checkpointFile(), model, nullptr, CheckpointInfo{1, 1, 0.25});
  EXPECT_NO_THROW(run.checkResumable());
  EXPECT_EQ(loadRunSnapshot(dir / "run")->epoch(), 1);
}

TEST(RunFolder, MetricsRoundTripWithTheHeader) {
  TempDir dir;
  const RunFolder run(dir.path());
  EXPECT_TRUE(run.readMetrics().empty());
  std::vector<EpochStats> rows(2);
  rows[0].epoch = 1;
  rows[0].trainLoss = 0.5;
  rows[0].validationLoss = 0.25;
  rows[0].validation.psnr = 12.5;
  rows[1].epoch = 2;
  rows[1].trainLoss = 0.125;
  rows[1].validationLoss = std::nan("");
  run.writeMetrics(rows);
  EXPECT_EQ(test::readBytes(run.metricsFile()).rfind(metricsCsvHeader() + "\n", 0), 0u);
  EXPECT_EQ(metricsCsvHeader().rfind("epoch,train_loss,val_loss", 0), 0u);
  const auto read = run.readMetrics();
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].epoch, 2);
  EXPECT_DOUBLE_EQ(read[0].validation.psnr, 12.5);
  EXPECT_TRUE(std::isnan(read[1].validationLoss));

  test::writeBytes(run.metricsFile(), "not,a,metrics,file\n1,2,3\n");
  try {
    run.readMetrics();
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(run.metricsFile().string()), std::string::npos);
  }
}

TEST(RunFolder, BatchLossesRoundTripAndADamagedLineIsNamed) {
  TempDir dir;
  const RunFolder run(dir.path());
  EXPECT_TRUE(run.readBatchLosses().empty());  // a run from before batches.csv
  run.writeBatchLosses({{1, 1, 0.5}, {1, 2, 0.25}, {2, 1, 0.125}});
  const auto read = run.readBatchLosses();
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[1].epoch, 1);
  EXPECT_EQ(read[1].step, 2);
  EXPECT_DOUBLE_EQ(read[2].loss, 0.125);
  test::writeBytes(run.batchLossesFile(), "epoch,step,loss\n1,1,0.5\n1;2;x\n");
  try {
    run.readBatchLosses();
    FAIL() << "a damaged line was read";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find("batches.csv line 3"), std::string::npos) << error.what();
  }
}

TEST(RunFolder, CorruptConfigOrSpecNamesTheFile) {
  TempDir dir;
  const RunFolder run(dir.path());
  test::writeBytes(run.specFile(), "{\"input\": ");
  test::writeBytes(run.configFile(), "[1, 2");
  for (auto read : {std::function<void()>([&] { run.readSpec(); }), std::function<void()>([&] { run.readConfig(); })}) {
    try {
      read();
      FAIL();
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_TRUE(message.find("spec.json") != std::string::npos || message.find("config.json") != std::string::npos)
          << message;
    }
  }
}

}  // namespace
}  // namespace latentlab
