#pragma once

// Bringing a run folder back to a consistent state before training continues in it, after
// its last writer was killed at any moment. Torch-free.
//
// An epoch is committed by its checkpoint's rename: checkpoint.pt carries the epoch's
// metrics row, batch losses and film frame (run/epochrecord.h), and the files written after
// it (best.pt, metrics.csv, batches.csv, samples/epoch-NNNN.png, status.json) are re-made
// from it here when a kill cut them off.

#include "run/epochrecord.h"
#include "run/runfolder.h"

#include <filesystem>
#include <optional>
#include <vector>

namespace latentlab {

// Refuses (a usage Error naming the folder and the process) while status.json says another
// live process is training the run: two writers would interleave its files.
void refuseIfAnotherWriterIsAlive(const std::filesystem::path& runDir);

// Removes the temporary files a killed writer left in the run folder and its samples/
// (only names isAtomicWriteTemporary matches); returns how many. Call it after
// refuseIfAnotherWriterIsAlive, never while a writer may be mid-write.
int removeStaleTempFiles(const std::filesystem::path& runDir);

struct RunHistory {
  std::vector<EpochStats> metrics;     // one row per epoch 1..checkpoint epoch
  std::vector<BatchLoss> batchLosses;  // the steps of those epochs
};

// The run's metrics and batch rows up to the checkpoint's epoch: rows after it are dropped,
// and the checkpoint's epoch record (when it has one) supplies its epoch's rows and film
// frame; metrics.csv, batches.csv and the film frame are re-written to match.
RunHistory reconcileWithCheckpoint(const RunFolder& folder, int checkpointEpoch,
                                   const std::optional<EpochRecord>& record);

}  // namespace latentlab
