#include "train/trainer.h"

#include "common/error.h"
#include "device/computedevice.h"
#include "inference/snapshotaccess.h"
#include "run/checkpoint.h"
#include "run/filmstrip.h"
#include "run/runfolder.h"
#include "train/modelfit.h"
#include "train/trainingengine.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

namespace latentlab {

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::uint8_t> toBytes(const torch::Tensor& images) {
  const auto bytes = images.detach().to(torch::kCPU).mul(255.0).round().clamp(0, 255).to(torch::kUInt8).contiguous();
  return std::vector<std::uint8_t>(bytes.data_ptr<std::uint8_t>(), bytes.data_ptr<std::uint8_t>() + bytes.numel());
}

ImageShape shapeOf(const torch::Tensor& images) {
  return ImageShape{int(images.size(1)), int(images.size(2)), int(images.size(3))};
}

void copyWeights(Autoencoder& target, const Autoencoder& source) {
  torch::NoGradGuard noGrad;
  auto parameters = source->named_parameters(true);
  for (auto& item : target->named_parameters(true)) item.value().copy_(parameters[item.key()]);
  auto buffers = source->named_buffers(true);
  for (auto& item : target->named_buffers(true)) item.value().copy_(buffers[item.key()]);
}

std::string formatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}
}  // namespace

struct Trainer::State {
  TrainingJob job;
  std::vector<EpochStats> history;
};

Trainer::Trainer(TrainingJob job) : mState(std::make_unique<State>()) {
  mState->job = std::move(job);
}
Trainer::~Trainer() = default;

const std::vector<EpochStats>& Trainer::history() const {
  return mState->history;
}

TrainingResult Trainer::run(const TrainingCallbacks& callbacks, TrainingControl& control) {
  TrainingJob& job = mState->job;
  auto& history = mState->history;
  const TrainConfig& config = job.config;
  auto say = [&](const std::string& text) {
    if (callbacks.onMessage) callbacks.onMessage(text);
  };
  if (!job.dataset || job.dataset->size() == 0) throw usageError("there is no dataset to train on");
  validateTrainConfig(config);
  checkModelFitsDataset(job.spec, *job.dataset);

  const std::string deviceName = resolveDevice(config.device);
  configureThreads(config.threads, ThreadRole::Training);
  torch::manual_seed(config.seed);
  const torch::Device device(deviceName == "cuda" ? torch::kCUDA : torch::kCPU);

  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  const DatasetSplit split = makeSplit(*job.dataset, splitOptions);
  InputRecipe recipe;
  recipe.corruption = Corruption::parse(config.corruption);
  recipe.grayInput = isColorizationPair(job.spec, job.dataset->shape);

  TrainingEngine engine(job.spec, config, device);
  BatchLoader trainLoader(job.dataset, split.train, config.batchSize, /*shuffle=*/true, config.seed, recipe);
  BatchLoader validationLoader(job.dataset, split.validation, std::max(config.batchSize, 256), false, config.seed,
                               recipe);

  // The film: the same validation images (and the same corruption) every epoch.
  const auto& filmPool = split.validation.empty() ? split.train : split.validation;
  const std::vector<std::size_t> filmItems = pickAcrossClasses(*job.dataset, filmPool, std::size_t(config.filmSamples));
  const std::size_t filmCount = filmItems.size();
  const Batch filmBatch = assembleBatch(*job.dataset, filmItems.data(), filmCount, recipe, config.seed ^ 0xF11AULL);

  // Resume or start the run folder.
  std::optional<RunFolder> run;
  int firstEpoch = 1;
  CheckpointInfo progress;
  progress.bestValidationLoss = std::numeric_limits<double>::infinity();
  if (!job.runDir.empty()) {
    run.emplace(job.runDir);
    if (job.resume) {
      run->checkResumable();
      progress = loadCheckpoint(run->checkpointFile(), engine.model(), &engine.optimizer());
      firstEpoch = progress.epoch + 1;
      for (const auto& row : run->readMetrics())
        if (row.epoch <= progress.epoch) history.push_back(row);
      run->writeConfig(config);
      say("resuming " + job.runDir.string() + " after epoch " + std::to_string(progress.epoch));
    } else {
      run->prepareNew();
      run->writeSpec(job.spec);
      run->writeConfig(config);
    }
  }

  TrainingResult result;
  result.epochsCompleted = firstEpoch - 1;
  result.bestEpoch = progress.bestEpoch;
  result.bestValidationLoss = progress.bestValidationLoss;
  if (firstEpoch > config.epochs) {
    result.message = "the run already has " + std::to_string(progress.epoch) + " epochs; raise --epochs to train more";
    return result;
  }

  Autoencoder lastGood = cloneAutoencoder(engine.model(), torch::kCPU);
  const auto runStart = Clock::now();
  const int stepsPerEpoch = trainLoader.batchesPerEpoch();
  const int epochsToRun = config.epochs - firstEpoch + 1;
  long long globalStep = (long long)(firstEpoch - 1) * stepsPerEpoch;
  int epochsWithoutImprovement = 0;

  auto diverged = [&](int epoch, int step, const char* where) {
    copyWeights(engine.model(), lastGood);
    result.status = TrainingStatus::Diverged;
    const std::string kept = epoch > 1 ? "the weights of epoch " + std::to_string(epoch - 1) + " were kept"
                                       : "the initial weights were kept";
    result.message = std::string("the ") + where + " loss became NaN or infinite at epoch " + std::to_string(epoch) +
                     (step > 0 ? ", step " + std::to_string(step) : std::string()) + " with learning rate " +
                     formatNumber(config.learningRate) + "; training stopped and " + kept +
                     ". Lower the learning rate (--lr), e.g. to " + formatNumber(config.learningRate / 10.0) + ".";
    return result;
  };

  for (int epoch = firstEpoch; epoch <= config.epochs; ++epoch) {
    const auto epochStart = Clock::now();
    auto lastReport = Clock::now() - std::chrono::hours(1);
    double lossSum = 0.0;
    std::size_t imagesSeen = 0;
    int step = 0;
    trainLoader.startEpoch(epoch);
    Batch batch;
    while (trainLoader.next(batch)) {
      if (!control.waitWhilePaused()) {
        result.status = TrainingStatus::Cancelled;
        result.message =
            "stopped by the user during epoch " + std::to_string(epoch) + "; the last completed epoch is kept";
        return result;
      }
      if (batch.input.size(0) < 2 && imagesSeen > 0) continue;  // batch-norm cannot train on one image
      ++step;
      ++globalStep;
      const double loss = engine.trainStep(batch);
      if (!std::isfinite(loss)) return diverged(epoch, step, "training");
      lossSum += loss * double(batch.input.size(0));
      imagesSeen += std::size_t(batch.input.size(0));

      const bool lastStep = step == stepsPerEpoch;
      if (callbacks.onBatch && (lastStep || secondsSince(lastReport) >= callbacks.batchReportSeconds)) {
        lastReport = Clock::now();
        BatchStats stats;
        stats.epoch = epoch;
        stats.epochs = config.epochs;
        stats.step = step;
        stats.stepsPerEpoch = stepsPerEpoch;
        stats.globalStep = globalStep;
        stats.loss = loss;
        const double epochSeconds = secondsSince(epochStart);
        stats.imagesPerSecond = epochSeconds > 0 ? double(imagesSeen) / epochSeconds : 0.0;
        stats.elapsedSeconds = secondsSince(runStart);
        const double doneFraction = double(epoch - firstEpoch) + double(step) / stepsPerEpoch;
        stats.etaSeconds = stats.elapsedSeconds / doneFraction * (epochsToRun - doneFraction);
        callbacks.onBatch(stats);
      }
    }
    const double trainSeconds = secondsSince(epochStart);

    EpochStats stats;
    stats.epoch = epoch;
    stats.epochs = config.epochs;
    stats.trainLoss = imagesSeen ? lossSum / double(imagesSeen) : std::nan("");
    const EvaluationResult validation = engine.evaluate(validationLoader);
    stats.validationLoss = validation.loss;
    stats.validation = validation.quality;
    if (!split.validation.empty() && !std::isfinite(validation.loss)) return diverged(epoch, 0, "validation");
    stats.seconds = secondsSince(epochStart);
    stats.imagesPerSecond = trainSeconds > 0 ? double(imagesSeen) / trainSeconds : 0.0;
    stats.learningRate = engine.learningRate();
    const double judged = split.validation.empty() ? stats.trainLoss : stats.validationLoss;
    stats.improved = judged < progress.bestValidationLoss;
    if (stats.improved) {
      progress.bestValidationLoss = judged;
      progress.bestEpoch = epoch;
      epochsWithoutImprovement = 0;
    } else {
      ++epochsWithoutImprovement;
    }
    progress.epoch = epoch;
    stats.etaSeconds = secondsSince(runStart) / double(epoch - firstEpoch + 1) * double(config.epochs - epoch);

    FilmFrame film;
    film.epoch = epoch;
    film.count = int(filmCount);
    if (filmCount > 0) {
      torch::NoGradGuard noGrad;
      engine.model()->eval();
      const auto reconstruction = engine.model()->forward(filmBatch.input.to(device)).reconstruction;
      film.shape = shapeOf(reconstruction);
      film.inputShape = shapeOf(filmBatch.input);
      film.reconstructions = toBytes(reconstruction);
      film.originals = toBytes(filmBatch.input);
      film.targets = toBytes(filmBatch.target);
    }

    history.push_back(stats);
    if (run) {
      // Weights first, then the metrics row, so metrics never name an epoch without weights.
      if (stats.improved) saveCheckpoint(run->bestFile(), engine.model(), nullptr, progress);
      saveCheckpoint(run->checkpointFile(), engine.model(), &engine.optimizer(), progress);
      run->writeMetrics(history);
      if (filmCount > 0) writeFilmStrip(run->samplesDir() / filmStripName(epoch), film);
    }
    lastGood = cloneAutoencoder(engine.model(), torch::kCPU);
    result.epochsCompleted = epoch;
    result.bestEpoch = progress.bestEpoch;
    result.bestValidationLoss = progress.bestValidationLoss;
    if (callbacks.onEpoch) callbacks.onEpoch(stats, film, makeSnapshot(engine.model(), epoch));

    if (config.earlyStopPatience > 0 && epochsWithoutImprovement >= config.earlyStopPatience && epoch < config.epochs) {
      result.status = TrainingStatus::EarlyStopped;
      result.message = "stopped early after epoch " + std::to_string(epoch) + ": no better validation loss for " +
                       std::to_string(epochsWithoutImprovement) + " epochs (best at epoch " +
                       std::to_string(progress.bestEpoch) + ")";
      return result;
    }
    if (control.isCancelled()) {
      result.status = TrainingStatus::Cancelled;
      result.message = "stopped by the user after epoch " + std::to_string(epoch);
      return result;
    }
  }
  result.status = TrainingStatus::Finished;
  return result;
}

}  // namespace latentlab
