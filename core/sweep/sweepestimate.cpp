#include "sweep/sweepestimate.h"

#include "common/error.h"
#include "device/computedevice.h"
#include "sweep/successivehalving.h"
#include "train/modelfit.h"
#include "train/trainingengine.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace latentlab {

namespace {
using Clock = std::chrono::steady_clock;

constexpr int kWarmupSteps = 1;
constexpr int kTimedSteps = 3;
// A validation image costs about a third of a training image (forward pass only).
constexpr double kValidationCost = 1.0 / 3.0;

bool needsTraining(const SweepRun& run) {
  return run.state == SweepRunState::Pending || run.state == SweepRunState::Running;
}

// Everything that changes how fast one training step runs.
std::string speedKey(const ModelSpec& spec, const TrainConfig& config) {
  return toJson(spec) + "|" + std::to_string(config.batchSize) + "|" + lossName(config.loss) + "|" +
         optimizerName(config.optimizer) + "|" + config.device + "|" + std::to_string(config.threads) + "|" +
         config.corruption;
}

// Images per second of the trainer's step on real batches of the training split.
double measureImagesPerSecond(const ModelSpec& spec, const TrainConfig& config, const DatasetPtr& dataset,
                              const std::vector<std::size_t>& trainItems, const JobContext& job) {
  if (const auto reason = whyModelDoesNotFit(spec, *dataset)) throw usageError(*reason);
  configureThreads(config.threads, ThreadRole::Training);
  const torch::Device device(resolveDevice(config.device) == "cuda" ? torch::kCUDA : torch::kCPU);
  TrainingEngine engine(spec, config, device);
  InputRecipe recipe;
  recipe.corruption = Corruption::parse(config.corruption);
  recipe.grayInput = isColorizationPair(spec, dataset->shape);

  const std::size_t needed = std::size_t(config.batchSize) * std::size_t(kWarmupSteps + kTimedSteps);
  std::vector<std::size_t> items;
  items.reserve(needed);
  for (std::size_t i = 0; i < needed; ++i) items.push_back(trainItems[i % trainItems.size()]);
  BatchLoader loader(dataset, items, config.batchSize, /*shuffle=*/false, config.seed, recipe);
  loader.startEpoch(1);

  Batch batch;
  int step = 0;
  std::size_t images = 0;
  Clock::time_point start = Clock::now();
  while (loader.next(batch)) {
    job.throwIfCancelled();
    if (step == kWarmupSteps) {
      if (device.is_cuda()) torch::cuda::synchronize();
      start = Clock::now();
    }
    engine.trainStep(batch);
    if (step >= kWarmupSteps) images += std::size_t(batch.input.size(0));
    ++step;
    job.report(double(step) / double(kWarmupSteps + kTimedSteps));
  }
  if (device.is_cuda()) torch::cuda::synchronize();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return seconds > 0 && images > 0 ? double(images) / seconds : 0.0;
}
}  // namespace

SweepEstimate estimateSweep(const SweepPlan& plan, DatasetPtr dataset, const JobContext& job) {
  if (!dataset || dataset->size() == 0) throw usageError("there is no dataset to estimate the sweep on");
  SweepEstimate estimate;

  // The runs still to train, grouped by what decides their speed.
  struct Group {
    ModelSpec spec;
    TrainConfig config;
    double secondsPerEpoch = 0.0;
  };
  std::map<std::string, Group> groups;
  std::vector<std::pair<const SweepRun*, std::string>> runs;
  for (const auto& run : plan.runs) {
    if (run.state == SweepRunState::Stopped) continue;
    Group group;
    runSetup(plan, run, group.spec, group.config);
    const std::string key = speedKey(group.spec, group.config);
    runs.emplace_back(&run, key);
    if (needsTraining(run) && !groups.count(key)) groups.emplace(key, std::move(group));
  }

  int measured = 0;
  for (auto& [key, group] : groups) {
    const JobContext part = job.part(double(measured) / double(groups.size()),
                                     double(measured + 1) / double(groups.size()), "Measuring " + group.spec.name);
    job.throwIfCancelled();
    SplitOptions split = group.config.split;
    split.seed = group.config.seed;
    const DatasetSplit parts = makeSplit(*dataset, split);
    if (parts.train.empty()) throw usageError("the dataset leaves no training images after the split");
    const double imagesPerSecond = measureImagesPerSecond(group.spec, group.config, dataset, parts.train, part);
    const double work = double(parts.train.size()) + kValidationCost * double(parts.validation.size());
    group.secondsPerEpoch = imagesPerSecond > 0 ? work / imagesPerSecond : 0.0;
    ++measured;
  }
  job.report(1.0);

  // Seconds per epoch of every run that still trains, and the epochs left.
  double perEpochSum = 0.0;
  int perEpochCount = 0;
  double seconds = 0.0;
  long long epochs = 0;
  int active = 0;
  long long accounted = 0;
  for (const auto& [run, key] : runs) {
    ++active;
    accounted += needsTraining(*run) ? run->epochsDone : std::max(run->epochsDone, run->targetEpochs);
    const auto found = groups.find(key);
    if (found == groups.end() || !needsTraining(*run)) continue;
    perEpochSum += found->second.secondsPerEpoch;
    ++perEpochCount;
    const long long left = std::max(0, run->targetEpochs - run->epochsDone);
    epochs += left;
    seconds += double(left) * found->second.secondsPerEpoch;
  }
  estimate.secondsPerEpoch = perEpochCount ? perEpochSum / perEpochCount : 0.0;
  if (plan.halvingRungEpochs > 0) {
    // Which runs survive is not known yet: the schedule's epochs at the mean speed.
    const long long scheduled = scheduleEpochs(halvingSchedule(active, plan.halvingRungEpochs, plan.baseConfig.epochs));
    epochs = std::max(0LL, scheduled - accounted);
    seconds = double(epochs) * estimate.secondsPerEpoch;
  }
  estimate.epochs = epochs;
  estimate.seconds = seconds;
  return estimate;
}

}  // namespace latentlab
