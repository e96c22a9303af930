#include "train/trainer.h"

#include "common/error.h"
#include "device/computedevice.h"
#include "inference/snapshotaccess.h"
#include "jobs/jobfailure.h"
#include "run/checkpoint.h"
#include "run/filmstrip.h"
#include "run/runfolder.h"
#include "run/runrecovery.h"
#include "run/runstatus.h"
#include "train/modelfit.h"
#include "train/trainedmodel.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>

namespace latentlab {

namespace {
using Clock = std::chrono::steady_clock;
constexpr double kHeartbeatSeconds = 5.0;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string formatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// How one epoch's training pass ended.
struct PassOutcome {
  enum class End { Done, Diverged, Cancelled } end = End::Done;
  int step = 0;  // the batch it diverged at
  double trainLoss = 0.0;
  double trainSeconds = 0.0;  // pauses excluded
  std::size_t images = 0;
  GanFigures gan;  // a GAN: the epoch's means
};

// One run of a training job: set up once, then epoch after epoch. Runs on the training thread.
class TrainingRun {
public:
  TrainingRun(TrainingJob& job, std::vector<EpochStats>& history, const TrainingCallbacks& callbacks,
              TrainingControl& control);

  TrainingResult run();

private:
  TrainingResult runEpochs();
  // status.json: "running" with a heartbeat every few seconds, then how the run ended,
  // so the runs library tells a live run from one whose process was killed.
  void beat(int epoch);
  TrainingResult ended(TrainingResult result);
  void say(const std::string& text) const {
    if (mCallbacks.onMessage) mCallbacks.onMessage(text);
  }
  // Opens the run folder (new or resumed); returns the first epoch to train.
  int openOrResume();
  PassOutcome trainPass(int epoch);
  EpochStats finishEpoch(int epoch, const PassOutcome& pass, const EpochEvaluation& evaluation,
                         double evaluationSeconds);
  void recordEpoch(const EpochStats& stats, const FilmFrame& film);
  void restoreBestWeights();
  TrainingResult diverged(int epoch, int step, const std::string& where);
  TrainingResult cancelled(int epoch, bool during);

  TrainingJob& mJob;
  std::vector<EpochStats>& mHistory;
  const TrainingCallbacks& mCallbacks;
  TrainingControl& mControl;
  JobContext mCancelOnly;  // the control's token, for the engine's checks

  torch::Device mDevice{torch::kCPU};
  DatasetSplit mSplit;
  std::unique_ptr<TrainedModel> mModel;
  std::unique_ptr<BatchLoader> mTrainLoader;
  std::vector<BatchLoss> mBatchLosses;  // every step of the finished epochs, and of the one running
  std::optional<RunFolder> mFolder;
  CheckpointInfo mProgress;
  int mFirstEpoch = 1;
  int mEpochsWithoutImprovement = 0;
  Clock::time_point mRunStart;
  double mPausedAtRunStart = 0.0;
  TrainingResult mResult;
  std::optional<RunStatusRecord> mStatus;  // set once the folder is ours to write
  Clock::time_point mLastBeat;
};

TrainingRun::TrainingRun(TrainingJob& job, std::vector<EpochStats>& history, const TrainingCallbacks& callbacks,
                         TrainingControl& control)
    : mJob(job), mHistory(history), mCallbacks(callbacks), mControl(control), mCancelOnly({}, control.token()) {
  const TrainConfig& config = job.config;
  if (!job.dataset || job.dataset->size() == 0) throw usageError("there is no dataset to train on");
  validateTrainConfig(config);
  if (const auto reason = whyModelDoesNotFit(job.spec, *job.dataset)) throw usageError(*reason);

  mDevice = torch::Device(resolveDevice(config.device) == "cuda" ? torch::kCUDA : torch::kCPU);
  configureThreads(config.threads, ThreadRole::Training);
  torch::manual_seed(config.seed);

  TrainingSetup setup;
  setup.spec = job.spec;
  setup.config = config;
  setup.device = mDevice;
  setup.dataset = job.dataset;
  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  setup.split = mSplit = makeSplit(*job.dataset, splitOptions);
  setup.recipe.corruption = Corruption::parse(config.corruption);
  setup.recipe.grayInput = isColorizationPair(job.spec, job.dataset->shape);

  mModel = makeTrainedModel(setup);
  mTrainLoader = std::make_unique<BatchLoader>(job.dataset, mSplit.train, config.batchSize, /*shuffle=*/true,
                                               config.seed, setup.recipe);
  mProgress.bestValidationLoss = std::numeric_limits<double>::infinity();
}

int TrainingRun::openOrResume() {
  if (mJob.runDir.empty()) return 1;
  mFolder.emplace(mJob.runDir);
  if (!mJob.resume) {
    mFolder->prepareNew();
    refuseIfAnotherWriterIsAlive(mJob.runDir);
    removeStaleTempFiles(mJob.runDir);  // left by a writer killed before it wrote any file of a run
    // config.json first: spec.json marks the folder as a run, and with both it can resume.
    mFolder->writeConfig(mJob.config);
    mFolder->writeSpec(mJob.spec);
    beat(1);
    return 1;
  }
  mFolder->checkResumable();
  refuseIfAnotherWriterIsAlive(mJob.runDir);
  // What a killed writer left half-done goes first; the checkpoint then says which epoch is committed.
  removeStaleTempFiles(mJob.runDir);
  if (!std::filesystem::exists(mFolder->checkpointFile())) {
    // Killed before its first epoch was committed: nothing to keep but spec.json and config.json.
    std::filesystem::create_directories(mFolder->samplesDir());
    mFolder->writeConfig(mJob.config);
    beat(1);
    say("resuming " + mJob.runDir.string() + ": no epoch was finished, starting at epoch 1");
    return 1;
  }
  std::optional<EpochRecord> record;
  mProgress = mModel->load(mFolder->checkpointFile(), &record);
  RunHistory history = reconcileWithCheckpoint(*mFolder, mProgress.epoch, record);
  mHistory.insert(mHistory.end(), history.metrics.begin(), history.metrics.end());
  mBatchLosses = std::move(history.batchLosses);
  restoreBestWeights();
  mFolder->writeConfig(mJob.config);
  beat(mProgress.epoch + 1);
  say("resuming " + mJob.runDir.string() + " after epoch " + std::to_string(mProgress.epoch));
  return mProgress.epoch + 1;  // at most kMaxCheckpointEpoch + 1: loadCheckpoint checked the epoch
}

void TrainingRun::restoreBestWeights() {
  // The checkpoint's epoch was the best one, but a kill may have come before best.pt was replaced.
  if (mProgress.epoch == 0 || mProgress.bestEpoch != mProgress.epoch) return;
  try {
    if (readCheckpointInfo(mFolder->bestFile()).epoch == mProgress.epoch) return;
  } catch (const Error&) {
    // Missing or damaged: written again below.
  }
  mModel->save(mFolder->bestFile(), /*withOptimizers=*/false, mProgress, nullptr);
}

PassOutcome TrainingRun::trainPass(int epoch) {
  const TrainConfig& config = mJob.config;
  PassOutcome pass;
  const auto epochStart = Clock::now();
  const double pausedAtStart = mControl.pausedSeconds();
  auto activeSeconds = [&] { return secondsSince(epochStart) - (mControl.pausedSeconds() - pausedAtStart); };
  auto lastReport = Clock::now() - std::chrono::hours(1);
  const int stepsPerEpoch = mTrainLoader->batchesPerEpoch();
  const int epochsToRun = config.epochs - mFirstEpoch + 1;
  double lossSum = 0.0;
  GanFigures ganSums{0.0, 0.0, 0.0, 0.0};
  mTrainLoader->startEpoch(epoch);
  Batch batch;
  while (mTrainLoader->next(batch)) {
    if (!mControl.waitWhilePaused()) {
      pass.end = PassOutcome::End::Cancelled;
      return pass;
    }
    if (batch.input.size(0) < 2 && pass.images > 0) continue;  // batch-norm cannot train on one image
    ++pass.step;
    GanFigures gan;
    const double loss = mModel->trainStep(batch, gan);
    if (!std::isfinite(loss)) {
      pass.end = PassOutcome::End::Diverged;
      return pass;
    }
    const double weight = double(batch.input.size(0));
    lossSum += loss * weight;
    ganSums.generatorLoss += gan.generatorLoss * weight;
    ganSums.discriminatorLoss += gan.discriminatorLoss * weight;
    ganSums.realScore += gan.realScore * weight;
    ganSums.fakeScore += gan.fakeScore * weight;
    if (mStatus && secondsSince(mLastBeat) >= kHeartbeatSeconds) beat(epoch);
    mBatchLosses.push_back(BatchLoss{epoch, pass.step, loss, gan.discriminatorLoss});
    pass.images += std::size_t(batch.input.size(0));

    const bool lastStep = pass.step == stepsPerEpoch;
    if (mCallbacks.onBatch && (lastStep || secondsSince(lastReport) >= mCallbacks.batchReportSeconds)) {
      lastReport = Clock::now();
      BatchStats stats;
      stats.epoch = epoch;
      stats.epochs = config.epochs;
      stats.step = pass.step;
      stats.stepsPerEpoch = stepsPerEpoch;
      stats.globalStep = (long long)(epoch - 1) * stepsPerEpoch + pass.step;
      stats.loss = loss;
      stats.gan = gan;
      const double seconds = activeSeconds();
      stats.imagesPerSecond = seconds > 0 ? double(pass.images) / seconds : 0.0;
      stats.elapsedSeconds = secondsSince(mRunStart) - (mControl.pausedSeconds() - mPausedAtRunStart);
      const double doneFraction = double(epoch - mFirstEpoch) + double(pass.step) / stepsPerEpoch;
      stats.etaSeconds = stats.elapsedSeconds / doneFraction * (epochsToRun - doneFraction);
      mCallbacks.onBatch(stats);
    }
  }
  pass.trainLoss = pass.images ? lossSum / double(pass.images) : std::nan("");
  if (pass.images) {  // NaN sums (an autoencoder) stay NaN
    const double images = double(pass.images);
    pass.gan = GanFigures{ganSums.generatorLoss / images, ganSums.discriminatorLoss / images,
                          ganSums.realScore / images, ganSums.fakeScore / images};
  }
  pass.trainSeconds = activeSeconds();
  return pass;
}

EpochStats TrainingRun::finishEpoch(int epoch, const PassOutcome& pass, const EpochEvaluation& evaluation,
                                    double evaluationSeconds) {
  EpochStats stats;
  stats.epoch = epoch;
  stats.epochs = mJob.config.epochs;
  stats.trainLoss = pass.trainLoss;
  stats.validationLoss = evaluation.validationLoss;
  stats.validation = evaluation.validation;
  stats.gan = pass.gan;
  stats.fid = evaluation.fid;
  stats.classCounts = evaluation.classCounts;
  stats.seconds = pass.trainSeconds + evaluationSeconds;
  stats.imagesPerSecond = pass.trainSeconds > 0 ? double(pass.images) / pass.trainSeconds : 0.0;
  stats.learningRate = mModel->learningRate();
  // The validation loss (an autoencoder) or the FID (a GAN); the training loss when neither was measured.
  const double judged = std::isnan(evaluation.judged) ? stats.trainLoss : evaluation.judged;
  stats.improved = judged < mProgress.bestValidationLoss;
  if (stats.improved) {
    mProgress.bestValidationLoss = judged;
    mProgress.bestEpoch = epoch;
    mEpochsWithoutImprovement = 0;
  } else {
    ++mEpochsWithoutImprovement;
  }
  mProgress.epoch = epoch;
  const double elapsed = secondsSince(mRunStart) - (mControl.pausedSeconds() - mPausedAtRunStart);
  stats.etaSeconds = elapsed / double(epoch - mFirstEpoch + 1) * double(mJob.config.epochs - epoch);
  return stats;
}

void TrainingRun::recordEpoch(const EpochStats& stats, const FilmFrame& film) {
  mHistory.push_back(stats);
  if (mFolder) {
    // The checkpoint commits the epoch: it carries the epoch's rows and film frame, so a
    // kill before any of the files after it is repaired on resume (reconcileWithCheckpoint).
    EpochRecord record;
    record.stats = stats;
    for (const auto& row : mBatchLosses)
      if (row.epoch == stats.epoch) record.batchLosses.push_back(row);
    record.film = film;
    mModel->save(mFolder->checkpointFile(), /*withOptimizers=*/true, mProgress, &record);
    if (stats.improved) mModel->save(mFolder->bestFile(), /*withOptimizers=*/false, mProgress, nullptr);
    mFolder->writeMetrics(mHistory);
    mFolder->writeBatchLosses(mBatchLosses);
    if (film.count > 0) writeFilmStrip(mFolder->samplesDir() / filmStripName(stats.epoch), film);
    if (mStatus) beat(stats.epoch);
  }
  mModel->keepLastGood();
  mResult.epochsCompleted = stats.epoch;
  mResult.bestEpoch = mProgress.bestEpoch;
  mResult.bestValidationLoss = mProgress.bestValidationLoss;
  if (mCallbacks.onEpoch) mCallbacks.onEpoch(stats, film, mModel->snapshot(stats.epoch));
}

TrainingResult TrainingRun::diverged(int epoch, int step, const std::string& where) {
  mModel->restoreLastGood();
  const double rate = mJob.config.learningRate;
  mResult.status = TrainingStatus::Diverged;
  mResult.stoppedEpoch = epoch;
  mResult.stoppedStep = step;
  mResult.suggestion = TrainingSuggestion::LowerLearningRate;
  mResult.suggestedLearningRate = rate / 10.0;
  const std::string kept =
      epoch > 1 ? "the weights of epoch " + std::to_string(epoch - 1) + " were kept" : "the initial weights were kept";
  mResult.message = "the " + where + " loss became NaN or infinite at epoch " + std::to_string(epoch) +
                    (step > 0 ? ", step " + std::to_string(step) : std::string()) + " with learning rate " +
                    formatNumber(rate) + "; training stopped and " + kept +
                    ". Lower the learning rate ({lr}), e.g. to " + formatNumber(rate / 10.0) + ".";
  return mResult;
}

TrainingResult TrainingRun::cancelled(int epoch, bool during) {
  mResult.status = TrainingStatus::Cancelled;
  mResult.stoppedEpoch = epoch;
  const int finished = mResult.epochsCompleted;
  mResult.message = during ? "stopped by the user during epoch " + std::to_string(epoch) + "; " +
                                 (finished > 0 ? "epoch " + std::to_string(finished) + " is the last one kept"
                                               : std::string("no epoch was finished"))
                           : "stopped by the user after epoch " + std::to_string(epoch);
  return mResult;
}

void TrainingRun::beat(int epoch) {
  if (!mFolder) return;
  if (!mStatus) mStatus = runningStatus(epoch);
  mStatus->epoch = epoch;
  mStatus->heartbeatAt = unixSecondsNow();
  mLastBeat = Clock::now();
  writeRunStatus(mFolder->path(), *mStatus);
}

TrainingResult TrainingRun::ended(TrainingResult result) {
  if (!mStatus) return result;
  mStatus->state = statusName(result.status);
  mStatus->message = result.message;
  mStatus->epoch = result.stoppedEpoch;
  mStatus->heartbeatAt = unixSecondsNow();
  writeRunStatus(mFolder->path(), *mStatus);
  return result;
}

TrainingResult TrainingRun::run() {
  try {
    return ended(runEpochs());
  } catch (...) {
    if (mStatus) {
      const JobFailure failure = describeFailure(std::current_exception());
      mStatus->state = failure.kind == FailureKind::Cancelled ? statusName(TrainingStatus::Cancelled) : "failed";
      mStatus->message = failure.message;
      mStatus->heartbeatAt = unixSecondsNow();
      try {
        writeRunStatus(mFolder->path(), *mStatus);
      } catch (...) {
        // The original failure is the one to report.
      }
    }
    throw;
  }
}

TrainingResult TrainingRun::runEpochs() {
  const TrainConfig& config = mJob.config;
  mFirstEpoch = openOrResume();
  mResult.learningRate = config.learningRate;
  mResult.epochsCompleted = mFirstEpoch - 1;
  mResult.bestEpoch = mProgress.bestEpoch;
  mResult.bestValidationLoss = mProgress.bestValidationLoss;
  if (mFirstEpoch > config.epochs) {
    mResult.suggestion = TrainingSuggestion::RaiseEpochs;
    mResult.message = "the run already has " + std::to_string(mProgress.epoch) +
                      " epochs; raise the number of epochs ({epochs}) to train more";
    return mResult;
  }
  try {
    mModel->prepare(
        mJob.runDir, mFirstEpoch > 1, [this](const std::string& text) { say(text); }, mCancelOnly);
  } catch (const JobCancelled&) {
    return cancelled(mFirstEpoch, /*during=*/true);
  }
  mModel->keepLastGood();
  mRunStart = Clock::now();
  mPausedAtRunStart = mControl.pausedSeconds();

  for (int epoch = mFirstEpoch; epoch <= config.epochs; ++epoch) {
    const PassOutcome pass = trainPass(epoch);
    if (pass.end == PassOutcome::End::Cancelled) return cancelled(epoch, /*during=*/true);
    if (pass.end == PassOutcome::End::Diverged) return diverged(epoch, pass.step, "training");

    EpochEvaluation evaluation;
    const auto evaluationStart = Clock::now();
    try {
      evaluation = mModel->evaluate(mCancelOnly);
    } catch (const JobCancelled&) {
      return cancelled(epoch, /*during=*/true);
    }
    if (evaluation.diverged) return diverged(epoch, 0, "validation");

    const EpochStats stats = finishEpoch(epoch, pass, evaluation, secondsSince(evaluationStart));
    recordEpoch(stats, mModel->film(epoch));

    if (config.earlyStopPatience > 0 && mEpochsWithoutImprovement >= config.earlyStopPatience &&
        epoch < config.epochs) {
      mResult.status = TrainingStatus::EarlyStopped;
      mResult.stoppedEpoch = epoch;
      mResult.message = "stopped early after epoch " + std::to_string(epoch) + ": no better " +
                        (mJob.spec.isGan() ? "domain FID" : "validation loss") + " for " +
                        std::to_string(mEpochsWithoutImprovement) + " epochs (best at epoch " +
                        std::to_string(mProgress.bestEpoch) + ")";
      return mResult;
    }
    if (mControl.isCancelled()) return cancelled(epoch, /*during=*/false);
  }
  mResult.status = TrainingStatus::Finished;
  mResult.stoppedEpoch = config.epochs;
  return mResult;
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
  TrainingRun run(mState->job, mState->history, callbacks, control);
  return run.run();
}

}  // namespace latentlab
