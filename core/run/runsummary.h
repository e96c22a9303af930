#pragma once

// One line of the runs library: a run folder's settings, progress and results, read
// from its small files only (never its weights), so a thousand of them read in well
// under a second. Torch-free.

#include "run/runannotations.h"
#include "run/runstatus.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct RunSummary {
  std::filesystem::path path;
  std::string folderName;
  RunAnnotations annotations;
  RunState state = RunState::Incomplete;
  std::string reason;      // broken: what is wrong and which file; otherwise how it ended ({key} settings)
  std::string sweep;       // the sweep folder's name when the run belongs to one
  double createdAt = 0.0;  // Unix seconds (spec.json's time)
  double updatedAt = 0.0;  // Unix seconds (the newest of its files)
  std::optional<RunStatusRecord> status;  // status.json as read

  // Settings (spec.json, config.json)
  std::string dataset;
  std::string model;  // the spec's name (the preset's, for a preset)
  std::string kind;   // "AE", "denoising AE", "VAE", "denoising VAE", "colorization", "GAN"
  long long parameters = 0;
  int latent = 0;
  std::string loss, optimizer;
  double learningRate = 0.0;
  double weightDecay = 0.0;
  int batchSize = 0;
  std::string corruption;
  double beta = 0.0;  // VAE only (NaN otherwise)
  double dropout = 0.0;
  bool batchNorm = false;
  unsigned long long seed = 0;
  int epochsPlanned = 0;

  // Progress and results (metrics.csv, status.json, probe.json); NaN when unknown.
  int epochsDone = 0;
  int bestEpoch = 0;
  double bestValidationLoss = 0.0;
  double lastValidationLoss = 0.0;
  double psnr = 0.0;  // at the best epoch
  double ssim = 0.0;  // at the best epoch
  double probeAccuracy = 0.0;
  double trainingSeconds = 0.0;
  double imagesPerSecond = 0.0;  // mean over the epochs

  std::string name() const { return annotations.displayName.empty() ? folderName : annotations.displayName; }
};

// True when `dir` holds any file of a run (spec.json, config.json, metrics.csv, a checkpoint).
bool looksLikeRunFolder(const std::filesystem::path& dir);

// Reads a run folder; never throws: a damaged or half-written folder comes back Broken
// with the reason, one without a finished epoch Incomplete.
RunSummary summarizeRun(const std::filesystem::path& dir);

// The state from status.json and the folder: Running while its writer lives, Stopped
// when the writer died mid-run; Finished / Stopped / Diverged as the run ended; for runs
// without status.json, Finished when all planned epochs are there, Stopped otherwise.
RunState resolveRunState(const RunSummary& summary, const std::optional<RunStatusRecord>& status);

}  // namespace latentlab
