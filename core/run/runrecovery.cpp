#include "run/runrecovery.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "run/filmstrip.h"
#include "run/runstatus.h"

#include <unistd.h>

namespace latentlab {
namespace fs = std::filesystem;

void refuseIfAnotherWriterIsAlive(const fs::path& runDir) {
  std::optional<RunStatusRecord> status;
  try {
    status = readRunStatus(runDir);
  } catch (const Error&) {
    return;  // a damaged status.json is re-written by the run that continues here
  }
  if (!status || !isWriterAlive(*status)) return;
  if (status->pid == static_cast<long long>(::getpid()) && status->host == runningStatus(0).host) return;
  throw usageError(runDir.string() + " is being trained right now by process " + std::to_string(status->pid) +
                   (status->host.empty() ? std::string() : " on " + status->host) +
                   "; wait for it to finish or stop it first (nothing was changed)");
}

int removeStaleTempFiles(const fs::path& runDir) {
  int removed = 0;
  for (const fs::path& folder : {runDir, runDir / "samples"}) {
    std::error_code error;
    if (!fs::is_directory(folder, error)) continue;
    for (fs::directory_iterator entry(folder, error), end; !error && entry != end; entry.increment(error)) {
      std::error_code ignored;
      if (isAtomicWriteTemporary(entry->path()) && entry->is_regular_file(ignored) &&
          fs::remove(entry->path(), ignored))
        ++removed;
    }
  }
  return removed;
}

RunHistory reconcileWithCheckpoint(const RunFolder& folder, int checkpointEpoch,
                                   const std::optional<EpochRecord>& record) {
  // With a record, the checkpoint's epoch comes from it; without (an older checkpoint), the
  // rows on disk are all there is.
  const int keepThrough = record ? checkpointEpoch - 1 : checkpointEpoch;
  RunHistory history;
  for (const auto& row : folder.readMetrics())
    if (row.epoch <= keepThrough) history.metrics.push_back(row);
  for (const auto& row : folder.readBatchLosses())
    if (row.epoch <= keepThrough) history.batchLosses.push_back(row);
  if (!record) return history;

  history.metrics.push_back(record->stats);
  history.batchLosses.insert(history.batchLosses.end(), record->batchLosses.begin(), record->batchLosses.end());
  folder.writeMetrics(history.metrics);
  folder.writeBatchLosses(history.batchLosses);
  if (record->film.count > 0) {
    const fs::path frame = folder.samplesDir() / filmStripName(record->stats.epoch);
    std::error_code error;
    if (!fs::exists(frame, error)) {
      fs::create_directories(folder.samplesDir(), error);
      writeFilmStrip(frame, record->film);
    }
  }
  return history;
}

}  // namespace latentlab
