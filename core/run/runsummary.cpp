#include "run/runsummary.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "jsontext.h"
#include "modelsummary.h"
#include "run/runfolder.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <cmath>
#include <limits>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// Unix seconds of a file's last change; 0 when it does not exist.
double modifiedAt(const fs::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return 0.0;
  return double(info.st_mtim.tv_sec) + double(info.st_mtim.tv_nsec) * 1e-9;
}

std::string kindOf(const ModelSpec& spec, const TrainConfig& config) {
  if (spec.isGan()) return "GAN";
  if (spec.isColorization()) return "colorization";
  const std::string base = spec.isVariational() ? "VAE" : "AE";
  return config.corruption.empty() ? base : "denoising " + base;
}

double probeAccuracyOf(const fs::path& dir) {
  const fs::path file = dir / "probe.json";
  std::error_code error;
  if (!fs::exists(file, error)) return kUnknown;
  try {
    const auto root = parseJsonText(readTextFile(file));
    return root.value("accuracy", kUnknown);
  } catch (const std::exception&) {
    return kUnknown;  // a damaged probe result only hides that column
  }
}

void readSettings(RunSummary& summary, const RunFolder& folder) {
  const ModelSpec spec = folder.readSpec();
  summary.model = spec.name;
  summary.latent = spec.latent;
  summary.dropout = spec.dropout;
  summary.batchNorm = spec.batchNorm;
  try {
    summary.parameters = summarizeModel(spec).totalParameters;
  } catch (const ModelSpecError&) {
    summary.parameters = 0;  // a spec this build cannot plan still lists; training it reports why
  }
  std::error_code error;
  if (!fs::exists(folder.configFile(), error)) {
    summary.kind = kindOf(spec, TrainConfig{});
    return;
  }
  const TrainConfig config = folder.readConfig();
  summary.kind = kindOf(spec, config);
  summary.dataset = config.dataset;
  summary.loss = lossName(config.loss);
  summary.optimizer = optimizerName(config.optimizer);
  summary.learningRate = config.learningRate;
  summary.weightDecay = config.weightDecay;
  summary.batchSize = config.batchSize;
  summary.corruption = config.corruption;
  summary.beta = spec.isVariational() ? config.beta : kUnknown;
  summary.seed = config.seed;
  summary.epochsPlanned = config.epochs;
}

void readResults(RunSummary& summary, const RunFolder& folder) {
  const auto metrics = folder.readMetrics();
  summary.trainingSeconds = 0.0;
  summary.epochsDone = metrics.empty() ? 0 : metrics.back().epoch;
  double best = std::numeric_limits<double>::infinity();
  double imagesPerSecond = 0.0;
  for (const auto& row : metrics) {
    summary.trainingSeconds += row.seconds;
    imagesPerSecond += row.imagesPerSecond;
    // As the trainer judges: validation loss, or the training loss without a validation split.
    const double judged = std::isfinite(row.validationLoss) ? row.validationLoss : row.trainLoss;
    if (judged < best) {
      best = judged;
      summary.bestEpoch = row.epoch;
      summary.bestValidationLoss = judged;
      summary.psnr = row.validation.psnr;
      summary.ssim = row.validation.ssim;
    }
  }
  if (!metrics.empty()) {
    summary.lastValidationLoss =
        std::isfinite(metrics.back().validationLoss) ? metrics.back().validationLoss : metrics.back().trainLoss;
    summary.imagesPerSecond = imagesPerSecond / double(metrics.size());
  }
}
}  // namespace

bool looksLikeRunFolder(const fs::path& dir) {
  std::error_code error;
  for (const char* name : {"spec.json", "config.json", "metrics.csv", "checkpoint.pt", "best.pt"})
    if (fs::exists(dir / name, error)) return true;
  return false;
}

RunState resolveRunState(const RunSummary& summary, const std::optional<RunStatusRecord>& status) {
  if (status) {
    if (status->state == "running") {
      if (isWriterAlive(*status)) return RunState::Running;
      return summary.epochsDone > 0 ? RunState::Stopped : RunState::Incomplete;
    }
    if (status->state == "diverged") return RunState::Diverged;
    if (status->state == "finished" || status->state == "early-stopped")
      return summary.epochsDone > 0 ? RunState::Finished : RunState::Incomplete;
    if (summary.epochsDone == 0) return RunState::Incomplete;
    return RunState::Stopped;  // stopped by the user, or failed
  }
  if (summary.epochsDone == 0) return RunState::Incomplete;
  return summary.epochsDone >= summary.epochsPlanned ? RunState::Finished : RunState::Stopped;
}

RunSummary summarizeRun(const fs::path& dir) {
  RunSummary summary;
  summary.path = dir;
  summary.folderName = dir.filename().string();
  const double nan = kUnknown;
  summary.bestValidationLoss = summary.lastValidationLoss = summary.psnr = summary.ssim = nan;
  summary.imagesPerSecond = nan;
  summary.trainingSeconds = nan;
  summary.beta = nan;
  summary.probeAccuracy = nan;

  const RunFolder folder(dir);
  summary.createdAt = modifiedAt(folder.specFile());
  for (const auto& file :
       {folder.specFile(), folder.configFile(), folder.metricsFile(), runStatusFile(dir), runAnnotationsFile(dir)})
    summary.updatedAt = std::max(summary.updatedAt, modifiedAt(file));
  if (summary.createdAt == 0.0) summary.createdAt = summary.updatedAt;

  // Each step may find damage; the first one makes the run Broken with its reason, and
  // what was read before it stays (a damaged note does not hide the metrics).
  try {
    summary.annotations = readRunAnnotations(dir);
  } catch (const Error& error) {
    summary.reason = error.what();
  }
  std::error_code missing;
  if (!fs::exists(folder.specFile(), missing)) {
    summary.state = RunState::Broken;
    summary.reason = dir.string() +
                     " has no spec.json, so it cannot be opened or continued; it was not written by "
                     "LatentLab, or its writer died before the first file";
    return summary;
  }
  try {
    readSettings(summary, folder);
    readResults(summary, folder);
    summary.probeAccuracy = probeAccuracyOf(dir);
    summary.status = readRunStatus(dir);
  } catch (const std::exception& error) {
    summary.state = RunState::Broken;
    summary.reason = error.what();
    return summary;
  }
  summary.state = resolveRunState(summary, summary.status);
  if (summary.reason.empty() && summary.status) summary.reason = summary.status->message;
  return summary;
}

}  // namespace latentlab
