#include "sweep/sweeprunner.h"

#include "common/error.h"
#include "jobs/jobcontext.h"
#include "jobs/jobfailure.h"
#include "run/runfolder.h"
#include "sweep/successivehalving.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace latentlab {
namespace fs = std::filesystem;

// ---- SweepQueueEdits ----

void SweepQueueEdits::moveToFront(const std::string& runName) {
  std::lock_guard<std::mutex> lock(mMutex);
  mEdits.push_back(Edit{Edit::Kind::Front, runName, 0});
}

void SweepQueueEdits::moveBy(const std::string& runName, int offset) {
  std::lock_guard<std::mutex> lock(mMutex);
  mEdits.push_back(Edit{Edit::Kind::Move, runName, offset});
}

void SweepQueueEdits::remove(const std::string& runName) {
  std::lock_guard<std::mutex> lock(mMutex);
  mEdits.push_back(Edit{Edit::Kind::Remove, runName, 0});
}

bool SweepQueueEdits::applyTo(SweepPlan& plan) {
  std::vector<Edit> edits;
  {
    std::lock_guard<std::mutex> lock(mMutex);
    edits.swap(mEdits);
  }
  bool changed = false;
  auto& runs = plan.runs;
  for (const auto& edit : edits) {
    const auto found =
        std::find_if(runs.begin(), runs.end(), [&](const SweepRun& run) { return run.name == edit.name; });
    if (found == runs.end()) continue;
    const auto index = static_cast<long long>(found - runs.begin());
    switch (edit.kind) {
      case Edit::Kind::Front:
        if (index > 0) {
          std::rotate(runs.begin(), found, found + 1);
          changed = true;
        }
        break;
      case Edit::Kind::Move: {
        const long long target = std::clamp<long long>(index + edit.offset, 0, (long long)runs.size() - 1);
        if (target < index) {
          std::rotate(runs.begin() + target, found, found + 1);
          changed = true;
        } else if (target > index) {
          std::rotate(found, found + 1, runs.begin() + target + 1);
          changed = true;
        }
        break;
      }
      case Edit::Kind::Remove:
        if (found->state == SweepRunState::Pending || found->state == SweepRunState::Running) {
          found->state = SweepRunState::Stopped;
          found->message = "removed from the queue";
          changed = true;
        }
        break;
    }
  }
  return changed;
}

// ---- runSweep ----

namespace {

bool isActive(const SweepRun& run) {
  return run.state != SweepRunState::Stopped;
}

bool isWaiting(const SweepRun& run) {
  return run.state == SweepRunState::Pending || run.state == SweepRunState::Running;
}

std::string formatLoss(double value) {
  std::ostringstream out;
  out.precision(5);
  out << value;
  return out.str();
}

class SweepRunner {
public:
  SweepRunner(fs::path dir, DatasetPtr dataset, const SweepCallbacks& callbacks, TrainingControl& control,
              SweepQueueEdits* edits)
      : mDir(std::move(dir)),
        mDataset(std::move(dataset)),
        mCallbacks(callbacks),
        mControl(control),
        mEdits(edits),
        mPlan(readSweepPlan(mDir)) {}

  SweepResult run();

private:
  void say(const std::string& text) const {
    if (mCallbacks.onMessage) mCallbacks.onMessage(text);
  }
  void publish(int current, bool done = false);
  // Trains one run; false when the sweep was cancelled during it.
  bool trainRun(int index);
  // Prepares the run's folder: true to resume from its checkpoint, false to start afresh
  // (a folder without a checkpoint, left by a run killed in its first epoch, is cleared).
  bool prepareRunFolder(const fs::path& runDir) const;
  // Between rungs of successive halving: keeps the better half; false when the sweep is done.
  bool promoteSurvivors();

  fs::path mDir;
  DatasetPtr mDataset;
  const SweepCallbacks& mCallbacks;
  TrainingControl& mControl;
  SweepQueueEdits* mEdits;
  SweepPlan mPlan;
};

void SweepRunner::publish(int current, bool done) {
  writeSweepPlan(mDir, mPlan);
  if (!mCallbacks.onProgress) return;
  SweepProgress progress;
  progress.plan = mPlan;
  progress.current = current;
  int active = 0;
  long long accounted = 0;
  for (const auto& run : mPlan.runs) {
    if (!isActive(run)) continue;
    ++active;
    if (isWaiting(run)) {
      accounted += run.epochsDone;
    } else {
      ++progress.finishedRuns;
      accounted += std::max(run.epochsDone, run.targetEpochs);
    }
  }
  progress.totalRuns = active;
  const long long scheduled = scheduleEpochs(halvingSchedule(active, mPlan.halvingRungEpochs, mPlan.baseConfig.epochs));
  progress.fraction = done || scheduled <= 0 ? 1.0 : std::clamp(double(accounted) / double(scheduled), 0.0, 1.0);
  mCallbacks.onProgress(progress);
}

bool SweepRunner::prepareRunFolder(const fs::path& runDir) const {
  const RunFolder folder(runDir);
  std::error_code error;
  if (fs::exists(folder.checkpointFile(), error) && fs::exists(folder.specFile(), error) &&
      fs::exists(folder.configFile(), error))
    return true;
  if (fs::exists(runDir, error)) {
    fs::remove_all(runDir, error);
    if (error)
      throw runtimeError("cannot clear the unfinished run folder " + runDir.string() +
                         " to start it again: " + error.message() + "; delete it and resume the sweep");
  }
  return false;
}

bool SweepRunner::trainRun(int index) {
  const auto at = std::size_t(index);
  mPlan.runs[at].state = SweepRunState::Running;
  mPlan.runs[at].message.clear();
  publish(index);

  TrainingJob job;
  job.dataset = mDataset;
  job.runDir = mDir / mPlan.runs[at].name;
  TrainingResult outcome;
  bool failed = false;
  bool cancelled = false;
  std::string failure;
  try {
    runSetup(mPlan, mPlan.runs[at], job.spec, job.config);
    job.resume = prepareRunFolder(job.runDir);
    TrainingCallbacks training = mCallbacks.training;
    training.onEpoch = [&](const EpochStats& stats, const FilmFrame& film, const ModelSnapshotPtr& snapshot) {
      SweepRun& run = mPlan.runs[at];
      run.epochsDone = stats.epoch;
      const double judged = std::isfinite(stats.validationLoss) ? stats.validationLoss : stats.trainLoss;
      if (stats.improved || !std::isfinite(run.bestValidationLoss)) run.bestValidationLoss = judged;
      if (mCallbacks.training.onEpoch) mCallbacks.training.onEpoch(stats, film, snapshot);
      publish(index);
    };
    Trainer trainer(job);
    outcome = trainer.run(training, mControl);
  } catch (...) {
    const JobFailure description = describeFailure(std::current_exception());
    if (description.kind == FailureKind::Cancelled) {
      cancelled = true;
    } else {
      failed = true;
      failure = description.message;
    }
  }

  SweepRun& run = mPlan.runs[at];
  const bool stopped = cancelled || (!failed && outcome.status == TrainingStatus::Cancelled);
  if (stopped && std::max(run.epochsDone, outcome.epochsCompleted) < run.targetEpochs) {
    // Resumable: a resume continues it from its last checkpoint.
    run.state = SweepRunState::Pending;
    run.epochsDone = std::max(run.epochsDone, outcome.epochsCompleted);
    publish(-1);
    return false;
  }
  if (failed) {
    run.state = SweepRunState::Failed;
    run.message = failure;
  } else if (stopped) {
    // Cancelled after its last epoch: it is complete.
    run.state = SweepRunState::Finished;
    run.epochsDone = std::max(run.epochsDone, outcome.epochsCompleted);
    if (std::isfinite(outcome.bestValidationLoss)) run.bestValidationLoss = outcome.bestValidationLoss;
  } else {
    run.epochsDone = outcome.epochsCompleted;
    if (std::isfinite(outcome.bestValidationLoss)) run.bestValidationLoss = outcome.bestValidationLoss;
    if (outcome.status == TrainingStatus::Diverged) {
      run.state = SweepRunState::Diverged;
      run.message = outcome.message;
    } else {
      run.state = SweepRunState::Finished;
      run.message = outcome.suggestion == TrainingSuggestion::RaiseEpochs ? std::string() : outcome.message;
    }
  }
  publish(-1);
  if (mCallbacks.onRunEnded) mCallbacks.onRunEnded(mPlan.runs[at], index);
  return !stopped;
}

bool SweepRunner::promoteSurvivors() {
  const int full = mPlan.baseConfig.epochs;
  if (mPlan.halvingRungEpochs <= 0) return false;
  int current = 0;
  for (const auto& run : mPlan.runs)
    if (isActive(run)) current = std::max(current, run.targetEpochs);
  if (current <= 0 || current >= full) return false;

  std::vector<std::size_t> participants;
  std::vector<std::size_t> healthy;
  for (std::size_t i = 0; i < mPlan.runs.size(); ++i) {
    const auto& run = mPlan.runs[i];
    if (!isActive(run) || run.targetEpochs != current || run.state == SweepRunState::Pruned) continue;
    participants.push_back(i);
    if (run.state == SweepRunState::Finished && std::isfinite(run.bestValidationLoss)) healthy.push_back(i);
  }
  std::stable_sort(healthy.begin(), healthy.end(), [&](std::size_t a, std::size_t b) {
    return mPlan.runs[a].bestValidationLoss < mPlan.runs[b].bestValidationLoss;
  });
  const std::size_t keep = std::min(std::size_t(halvingSurvivors(int(participants.size()))), healthy.size());
  if (keep == 0) return false;
  const int next = keep == 1 ? full : std::min(current * 2, full);
  for (std::size_t rank = 0; rank < healthy.size(); ++rank) {
    SweepRun& run = mPlan.runs[healthy[rank]];
    if (rank < keep) {
      run.state = SweepRunState::Pending;
      run.targetEpochs = next;
    } else {
      run.state = SweepRunState::Pruned;
      run.message = "pruned after " + std::to_string(run.epochsDone) + (run.epochsDone == 1 ? " epoch" : " epochs") +
                    ": best validation loss " + formatLoss(run.bestValidationLoss) + " ranked " +
                    std::to_string(rank + 1) + " of " + std::to_string(participants.size());
    }
  }
  ++mPlan.rung;
  say("successive halving: the best " + std::to_string(keep) + " of " + std::to_string(participants.size()) +
      " runs after " + std::to_string(current) + (current == 1 ? " epoch" : " epochs") + " go on to " +
      std::to_string(next) + " epochs");
  return true;
}

SweepResult SweepRunner::run() {
  if (!mDataset || mDataset->size() == 0) throw usageError("there is no dataset to run the sweep on");
  // A run left Running by a killed process resumes like a pending one.
  for (auto& run : mPlan.runs)
    if (run.state == SweepRunState::Running) run.state = SweepRunState::Pending;
  publish(-1);

  SweepResult result;
  while (true) {
    if (!mControl.waitWhilePaused()) {
      result.cancelled = true;
      break;
    }
    if (mEdits && mEdits->applyTo(mPlan)) publish(-1);
    const auto next = std::find_if(mPlan.runs.begin(), mPlan.runs.end(), isWaiting);
    if (next == mPlan.runs.end()) {
      if (!promoteSurvivors()) break;
      publish(-1);
      continue;
    }
    if (!trainRun(int(next - mPlan.runs.begin()))) {
      result.cancelled = true;
      break;
    }
  }
  if (!result.cancelled) publish(-1, /*done=*/true);

  for (const auto& run : mPlan.runs) {
    result.epochsTrained += run.epochsDone;
    if (isActive(run)) result.epochsWithoutHalving += mPlan.baseConfig.epochs;
    switch (run.state) {
      case SweepRunState::Finished:
        ++result.finishedRuns;
        break;
      case SweepRunState::Diverged:
        ++result.divergedRuns;
        break;
      case SweepRunState::Failed:
        ++result.failedRuns;
        break;
      case SweepRunState::Pruned:
        ++result.prunedRuns;
        break;
      default:
        break;
    }
  }
  result.best = bestSweepRun(mPlan);
  result.plan = mPlan;
  return result;
}

}  // namespace

SweepResult runSweep(const fs::path& sweepDir, DatasetPtr dataset, const SweepCallbacks& callbacks,
                     TrainingControl& control, SweepQueueEdits* edits) {
  SweepRunner runner(sweepDir, std::move(dataset), callbacks, control, edits);
  return runner.run();
}

}  // namespace latentlab
