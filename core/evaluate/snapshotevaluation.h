#pragma once

#include "corrupt/corruption.h"
#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "metrics/imagequality.h"

#include "jobs/jobcontext.h"

#include <vector>

namespace latentlab {

struct SnapshotEvaluation {
  std::size_t count = 0;
  ImageQuality output;     // the model's output on corrupted inputs against the clean images
  ImageQuality corrupted;  // the corrupted inputs themselves against the clean images
};

// Denoising quality of weights on dataset items: each image corrupted (seeded,
// as in training), passed through the model, compared with the clean image.
// evaluateRun uses this too, so the GUI and `latentlab-cli eval` agree. Reports
// progress to `job` and checks it every batch (JobCancelled).
SnapshotEvaluation evaluateSnapshot(const ModelSnapshot& model, const Dataset& dataset,
                                    const std::vector<std::size_t>& indices, const Corruption& corruption,
                                    std::uint64_t seed, const JobContext& job = {});

}  // namespace latentlab
