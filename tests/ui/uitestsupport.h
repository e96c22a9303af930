#pragma once

// Shared by the GUI tests: a small generated IDX dataset on disk and waits that
// keep the event loop running (queued signals from worker threads arrive).

#include "fixtures.h"
#include "tempdir.h"
#include "train/trainer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>
#include <QTest>

#include <functional>

namespace latentlab::test {

// `count` 28x28 blob images split 5:1 into train-*/t10k-* IDX files under `folder`.
inline QString writeSmallIdxDataset(const std::filesystem::path& folder, std::size_t count = 600) {
  std::filesystem::create_directories(folder);
  const Dataset train = makeBlobDataset(count * 5 / 6, {1, 28, 28}, 10, 7);
  const Dataset test = makeBlobDataset(count - count * 5 / 6, {1, 28, 28}, 10, 8);
  writeIdxFolder(folder, train, test, /*gzip=*/true);
  return QString::fromStdString(folder.string());
}

// Processes events until `condition` holds or `milliseconds` pass; returns the condition.
inline bool waitUntil(const std::function<bool()>& condition, int milliseconds) {
  QElapsedTimer timer;
  timer.start();
  while (!condition()) {
    if (timer.elapsed() > milliseconds) return false;
    QTest::qWait(20);
  }
  return true;
}

// The weights after `epochs` quick epochs (batch 32, learning rate 3e-3) on `dataset`.
inline ModelSnapshotPtr trainSnapshot(const ModelSpec& spec, TrainConfig config, DatasetPtr dataset, int epochs) {
  TrainingJob job;
  job.spec = spec;
  job.config = config;
  job.config.epochs = epochs;
  job.config.batchSize = 32;
  job.config.learningRate = 3e-3;
  job.dataset = std::move(dataset);
  ModelSnapshotPtr snapshot;
  TrainingCallbacks callbacks;
  callbacks.onEpoch = [&](const EpochStats&, const FilmFrame&, const ModelSnapshotPtr& s) { snapshot = s; };
  TrainingControl control;
  Trainer(job).run(callbacks, control);
  return snapshot;
}

}  // namespace latentlab::test
