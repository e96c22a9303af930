#pragma once

// A GAN's map points: standard-normal z samples (the generator's prior) and their images,
// labelled by the run's domain classifier. A GAN has no encoder, and fitting z to each
// dataset item takes about a second, so its map shows what the generator makes instead.
// Torch-free header.

#include "inference/modelsnapshot.h"
#include "jobs/jobcontext.h"
#include "latent/datasetencoding.h"

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

struct GenerateOptions {
  int batchSize = 256;  // images generated (and classified) at once; a cancel lands between batches
  int threads = 0;      // LibTorch threads for the calling thread; 0 = all cores
};

// `count` z ~ N(0, I) drawn with `seed` (the same seed, the same codes), generated in
// batches and labelled by the snapshot's classifier (label 0 for all without one). The
// set is marked generated: its indices are sample numbers 0..count-1, not dataset items.
// Reports progress to `job` before every batch and checks it (JobCancelled). Never encodes.
EncodedSet sampleGeneratedSet(const ModelSnapshot& gan, std::size_t count, std::uint64_t seed,
                              const GenerateOptions& options = {}, const JobContext& job = {});

// The names a generated set's labels index: the classifier's classes, or one "generated"
// class when the run has no classifier.
std::vector<std::string> generatedClassNames(const ModelSnapshot& gan);

}  // namespace latentlab
