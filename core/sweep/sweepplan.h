#pragma once

// A sweep folder: sweep.json (the base model and settings, the axes, the queue of runs
// with their states) and one ordinary run folder per run. The file is rewritten
// atomically after every change, so a sweep killed at any moment resumes from it.

#include "modelspec.h"
#include "sweep/sweepgrid.h"
#include "train/trainconfig.h"

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace latentlab {

// Pending: waits to train to targetEpochs (a cancelled run goes back to Pending and resumes
// from its checkpoint; a run left Running by a killed process is resumed the same way).
// Finished: trained to targetEpochs (or stopped early). Stopped: removed from the queue.
// Pruned: dropped by successive halving. Diverged / Failed: see message.
enum class SweepRunState { Pending, Running, Finished, Diverged, Stopped, Pruned, Failed };
std::string sweepRunStateName(SweepRunState state);  // "pending", "running", …

struct SweepRun {
  std::string name;  // its folder inside the sweep folder
  SweepSettings settings;
  SweepRunState state = SweepRunState::Pending;
  int epochsDone = 0;
  int targetEpochs = 0;                                                  // the epochs its current rung trains it to
  double bestValidationLoss = std::numeric_limits<double>::quiet_NaN();  // NaN before its first epoch
  std::string message;                                                   // why it diverged / failed ({key} settings)
};

struct SweepPlan {
  std::string name;    // the built-in sweep's or the folder's name
  std::string preset;  // the base preset, when there is one
  ModelSpec baseSpec;
  TrainConfig baseConfig;  // epochs = the full epochs of every run
  std::vector<SweepAxis> axes;
  int halvingRungEpochs = 0;   // 0: no successive halving
  int rung = 0;                // the rung being trained (0-based)
  std::vector<SweepRun> runs;  // in queue order

  std::string toJson() const;
  static SweepPlan fromJson(const std::string& json, const std::string& source);  // input Error naming source
};

// A plan with one Pending run per grid point, checked: every run's spec must build and
// its config validate (usage Error naming the run's settings otherwise).
SweepPlan planSweep(std::string name, std::string preset, ModelSpec baseSpec, TrainConfig baseConfig,
                    std::vector<SweepAxis> axes, int halvingRungEpochs);

// The spec and config of one run: the base with its settings applied.
void runSetup(const SweepPlan& plan, const SweepRun& run, ModelSpec& spec, TrainConfig& config);

std::filesystem::path sweepFile(const std::filesystem::path& sweepDir);
bool isSweepFolder(const std::filesystem::path& dir);
// Usage Error when a new sweep cannot go into `sweepDir`: it holds a sweep (resume it
// instead), a run, a file, or is a folder that is not empty. Changes nothing.
void checkNewSweepFolder(const std::filesystem::path& sweepDir);
// Creates the folder and writes sweep.json; usage Error when the folder holds a sweep or
// a run already (resume it instead), never overwriting (see checkNewSweepFolder).
void createSweepFolder(const std::filesystem::path& sweepDir, const SweepPlan& plan);
SweepPlan readSweepPlan(const std::filesystem::path& sweepDir);
void writeSweepPlan(const std::filesystem::path& sweepDir, const SweepPlan& plan);

// The finished (or stopped) run with the lowest best validation loss; -1 when none.
int bestSweepRun(const SweepPlan& plan);

}  // namespace latentlab
