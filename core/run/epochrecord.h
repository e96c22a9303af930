#pragma once

// What an epoch wrote besides its weights: its metrics.csv row, its batches.csv rows and its
// film frame. The epoch's checkpoint carries them, so the checkpoint's atomic rename is the
// one step that commits an epoch: when a kill lands before the other files are written,
// resume re-writes them from it. Torch-free.

#include "run/checkpointfile.h"
#include "train/trainingevents.h"

#include <optional>
#include <string>
#include <vector>

namespace latentlab {

struct EpochRecord {
  EpochStats stats;                    // the metrics.csv row
  std::vector<BatchLoss> batchLosses;  // the epoch's rows of batches.csv
  FilmFrame film;                      // samples/epoch-NNNN.png; count 0 when the run has no film
};

void storeEpochRecord(const EpochRecord& record, CheckpointContents& contents);
// Nothing when the checkpoint has no record (best.pt, or written before records were kept);
// an input Error naming `source` when the record is inconsistent.
std::optional<EpochRecord> readEpochRecord(const CheckpointContents& contents, const std::string& source);

}  // namespace latentlab
