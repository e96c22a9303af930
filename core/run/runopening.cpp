#include "run/runopening.h"

#include "common/error.h"
#include "common/paths.h"
#include "jobs/jobfailure.h"
#include "run/runfolder.h"

namespace latentlab {

std::optional<std::string> whyNotARunFolder(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return dir.string() + " is not a folder; choose a run folder ({run})";
  if (!std::filesystem::exists(RunFolder(dir).specFile(), error))
    return dir.string() + " is not a LatentLab run folder: it has no spec.json. Choose a folder under " +
           defaultRunsDir().string() + " or one written by latentlab-cli train --out ({run})";
  return std::nullopt;
}

OpenedRun openRunFolder(const std::filesystem::path& dir, const JobContext& job) {
  if (const auto reason = whyNotARunFolder(dir)) throw inputError(*reason);
  const RunFolder run(dir);
  OpenedRun opened;
  opened.dir = dir;
  opened.spec = run.readSpec();
  opened.config = run.readConfig();
  opened.metrics = run.readMetrics();
  try {
    opened.batchLosses = run.readBatchLosses();
  } catch (...) {
    opened.batchLossesProblem = describeFailure(std::current_exception()).message;
  }
  job.report(0.3, "Reading the weights");
  job.throwIfCancelled();
  if (!std::filesystem::exists(run.checkpointFile())) {
    opened.weightsProblem = "the run has no weights yet (no checkpoint.pt): train it for an epoch first";
    return opened;
  }
  try {
    opened.snapshot = loadRunSnapshot(dir, /*preferBest=*/false);
  } catch (...) {
    opened.weightsProblem = describeFailure(std::current_exception()).message;
  }
  job.report(1.0);
  return opened;
}

}  // namespace latentlab
