#pragma once

// Short CPU trainings that write a real run folder, for tests of what reads runs.

#include "data/datasetcatalog.h"
#include "train/trainer.h"

#include <filesystem>
#include <memory>
#include <string>

namespace latentlab::test {

// A one-thread CPU config on `dataset` (a catalog name or path), without film samples;
// callers set what their test is about (batch, learning rate, split, seed).
inline TrainConfig quickConfig(int epochs, const std::string& dataset = "blobs") {
  TrainConfig config;
  config.dataset = dataset;
  config.device = "cpu";
  config.threads = 1;
  config.epochs = epochs;
  config.filmSamples = 0;
  return config;
}

// A one-thread CPU job on a catalog name or path, without film samples; callers
// adjust job.config (corruption, limit, threads, seed) before trainQuickly.
inline TrainingJob quickJob(ModelSpec spec, const std::string& dataset, const std::filesystem::path& runDir,
                            int epochs) {
  TrainingJob job;
  job.spec = std::move(spec);
  job.config.dataset = dataset;
  job.config.device = "cpu";
  job.config.threads = 1;
  job.config.epochs = epochs;
  job.config.batchSize = 16;
  job.config.learningRate = 5e-3;
  job.config.filmSamples = 0;
  job.runDir = runDir;
  return job;
}

// Loads the job's dataset (with its limit) and trains to the end.
inline TrainingResult trainQuickly(TrainingJob& job) {
  job.dataset = std::make_shared<const Dataset>(
      DatasetCatalog().load(job.config.dataset, DatasetLoadOptions{job.config.limit, {}}));
  TrainingControl control;
  return Trainer(job).run({}, control);
}

}  // namespace latentlab::test
