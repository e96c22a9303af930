#pragma once

// Runs a sweep folder's queue one run after another on the calling thread (the CLI's
// main thread, the GUI's training worker): each run is an ordinary training run in its
// own folder; a run that diverges or fails is marked and the sweep goes on; successive
// halving prunes between rungs. Resuming is the same call: finished runs are skipped,
// a partial one continues from its checkpoint.

#include "data/dataset.h"
#include "sweep/sweepplan.h"
#include "train/trainer.h"

#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace latentlab {

// Changes to the queue asked for while the sweep runs (the GUI's reorder / remove);
// the runner applies them between runs. Thread-safe.
class SweepQueueEdits {
public:
  void moveToFront(const std::string& runName);
  void moveBy(const std::string& runName, int offset);  // -1: one earlier
  void remove(const std::string& runName);              // pending runs only; it becomes Stopped
  // Applies and forgets the edits; true when the plan changed.
  bool applyTo(SweepPlan& plan);

private:
  struct Edit {
    enum class Kind { Front, Move, Remove } kind;
    std::string name;
    int offset = 0;
  };
  std::mutex mMutex;
  std::vector<Edit> mEdits;
};

struct SweepProgress {
  SweepPlan plan;         // as just written to sweep.json
  int current = -1;       // index of the run training now; -1 between runs
  int finishedRuns = 0;   // runs that have ended for now (finished, diverged, failed or pruned)
  int totalRuns = 0;      // runs not removed from the queue
  double fraction = 0.0;  // of all scheduled epochs
};

struct SweepCallbacks {
  TrainingCallbacks training;                            // the current run's batches and epochs
  std::function<void(const SweepProgress&)> onProgress;  // after every change of the plan
  // After a run ends (finished, diverged or failed; not when the sweep was cancelled during
  // it): the run as written to sweep.json and its index in the plan.
  std::function<void(const SweepRun&, int index)> onRunEnded;
  std::function<void(const std::string&)> onMessage;  // halving decisions, {key} settings
};

struct SweepResult {
  bool cancelled = false;
  int finishedRuns = 0;
  int divergedRuns = 0;
  int failedRuns = 0;
  int prunedRuns = 0;
  int best = -1;                       // index into plan.runs
  long long epochsTrained = 0;         // epochs of all runs, including earlier sessions'
  long long epochsWithoutHalving = 0;  // what the full grid would have trained (runs not removed x epochs)
  SweepPlan plan;
};

// Trains every Pending run of the folder's queue (a Running one left by a killed process
// too) in queue order: a run whose folder holds a checkpoint resumes from it; a run folder
// without one (killed during its first epoch) is cleared and started afresh. sweep.json is
// rewritten when a run starts, after each of its epochs and when it ends. When `control` is
// cancelled the current run stops within a batch, goes back to Pending (resumable) and the
// call returns with cancelled set. An exception from one run marks it Failed and the sweep
// goes on; a diverged run is marked Diverged. Between runs `edits` are applied; between
// halving rungs the better half (by best validation loss) is kept and the rest Pruned.
SweepResult runSweep(const std::filesystem::path& sweepDir, DatasetPtr dataset, const SweepCallbacks& callbacks,
                     TrainingControl& control, SweepQueueEdits* edits = nullptr);

}  // namespace latentlab
