// Every long job stops within a second of being cancelled (the job contract):
// t-SNE of 70,000 codes, encoding 70,000 images, a training epoch, latent optimisation.
#include "fixtures.h"
#include "inference/snapshotaccess.h"
#include "inpaint/inpainting.h"
#include "latent/datasetencoding.h"
#include "latent/tsne.h"
#include "presets.h"
#include "train/trainer.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <future>
#include <random>

using namespace latentlab;
using Clock = std::chrono::steady_clock;

namespace {
constexpr double kLimitSeconds = 1.0;

struct Stop {
  bool cancelled = false;  // the work ended by JobCancelled, not by finishing
  double seconds = 0.0;    // from cancel() to the work's end
};

// Runs `work` on another thread, cancels it once it has reported `fraction`, and times the stop.
template <class Work>
Stop cancelWhenAt(double fraction, Work work) {
  CancellationToken token;
  std::atomic<double> reached{0.0};
  const JobContext job([&](double f, const std::string&) { reached = f; }, token);
  auto running = std::async(std::launch::async, [&] {
    try {
      work(job);
      return false;
    } catch (const JobCancelled&) {
      return true;
    }
  });
  while (reached.load() < fraction && running.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) {
  }
  const auto start = Clock::now();
  token.cancel();
  Stop stop;
  stop.cancelled = running.get();
  stop.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return stop;
}

std::vector<float> clusteredCodes(std::size_t count, int dim) {
  std::mt19937_64 random(3);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  std::vector<float> codes(count * std::size_t(dim));
  for (std::size_t i = 0; i < count; ++i) {
    for (int d = 0; d < dim; ++d) codes[i * std::size_t(dim) + std::size_t(d)] = noise(random);
    codes[i * std::size_t(dim) + (i % 10) % std::size_t(dim)] += 8.0f;  // ten clusters
  }
  return codes;
}

ModelSnapshotPtr mnistConvSnapshot() {
  torch::manual_seed(1);
  return makeSnapshot(Autoencoder(presetSpec("mnist-conv")), 0);
}

std::vector<std::size_t> allItems(std::size_t count) {
  std::vector<std::size_t> items(count);
  for (std::size_t i = 0; i < count; ++i) items[i] = i;
  return items;
}
}  // namespace

TEST(JobCancel, TsneOf70000CodesStopsWithinASecondInEitherPhase) {
  const std::size_t count = 70000;
  const std::vector<float> codes = clusteredCodes(count, 10);
  TsneOptions options;
  // During the neighbour search (HNSW on 70,000 codes), then during the iterations.
  for (double at : {0.01, 0.12}) {
    const Stop stop =
        cancelWhenAt(at, [&](const JobContext& job) { runTsne(codes.data(), count, 10, options, nullptr, job); });
    EXPECT_TRUE(stop.cancelled) << "at " << at;
    EXPECT_LT(stop.seconds, kLimitSeconds) << "at " << at;
  }
}

TEST(JobCancel, Encoding70000ImagesStopsWithinASecond) {
  const Dataset dataset = test::makeBlobDataset(70000, {1, 28, 28}, 10, 4);
  const ModelSnapshotPtr model = mnistConvSnapshot();
  const Stop stop = cancelWhenAt(0.05, [&](const JobContext& job) {
    encodeDataset(*model, dataset, allItems(dataset.size()), EncodeOptions{}, job);
  });
  EXPECT_TRUE(stop.cancelled);
  EXPECT_LT(stop.seconds, kLimitSeconds);
}

TEST(JobCancel, ATrainingEpochStopsWithinASecond) {
  TrainingJob job;
  job.spec = presetSpec("mnist-conv");
  job.config.device = "cpu";
  job.config.epochs = 1;
  job.config.batchSize = 64;
  job.config.filmSamples = 0;
  job.dataset = std::make_shared<const Dataset>(test::makeBlobDataset(20000, {1, 28, 28}, 10, 6));
  TrainingControl control;
  std::promise<void> firstBatch;
  std::atomic<bool> signalled{false};
  TrainingCallbacks callbacks;
  callbacks.batchReportSeconds = 0.0;
  callbacks.onBatch = [&](const BatchStats&) {
    if (!signalled.exchange(true)) firstBatch.set_value();
  };
  Trainer trainer(job);
  auto running = std::async(std::launch::async, [&] { return trainer.run(callbacks, control); });
  firstBatch.get_future().wait();
  const auto start = Clock::now();
  control.cancel();
  const TrainingResult result = running.get();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(result.status, TrainingStatus::Cancelled) << result.message;
  EXPECT_EQ(result.epochsCompleted, 0);
  EXPECT_LT(seconds, kLimitSeconds);
}

TEST(JobCancel, LatentOptimisationStopsWithinASecond) {
  const ModelSnapshotPtr model = mnistConvSnapshot();
  std::vector<float> image(28 * 28, 0.5f);
  InpaintMask mask(28 * 28, 0);
  for (int i = 300; i < 400; ++i) mask[std::size_t(i)] = 1;
  InpaintOptions options;
  options.latentSteps = 1000000;
  // Cancelled after its first reports (every ten steps), well inside the million steps.
  const Stop stop =
      cancelWhenAt(1e-5, [&](const JobContext& job) { inpaint(*model, image.data(), mask, options, job); });
  EXPECT_TRUE(stop.cancelled);
  EXPECT_LT(stop.seconds, kLimitSeconds);
}
