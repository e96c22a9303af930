#pragma once

// Float batches from a uint8 dataset, built on a background thread while the
// previous batch trains. Torch-facing: include from .cpp files.

#include "corrupt/corruption.h"
#include "data/dataset.h"

#include <torch/torch.h>

#include <future>
#include <vector>

namespace latentlab {

struct Batch {
  torch::Tensor input;   // float [B, C_in, H, W]: corrupted, or gray for colorization
  torch::Tensor target;  // float [B, C, H, W]: the clean images
  torch::Tensor labels;  // int64 [B]
};

// How inputs are derived from the clean images.
struct InputRecipe {
  Corruption corruption;
  bool grayInput = false;  // colorization: the model sees luminance only
};

// Builds one batch; `seed` drives the corruption so a batch is the same every run.
Batch assembleBatch(const Dataset& dataset, const std::size_t* indices, std::size_t count, const InputRecipe& recipe,
                    std::uint64_t seed);

class BatchLoader {
public:
  BatchLoader(DatasetPtr dataset, std::vector<std::size_t> indices, int batchSize, bool shuffle, std::uint64_t seed,
              InputRecipe recipe);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  std::size_t size() const { return mIndices.size(); }
  int batchesPerEpoch() const;

  // Shuffles with (seed, epoch) and starts preparing the first batch.
  void startEpoch(int epoch);
  // The next batch of this epoch; false after the last one.
  bool next(Batch& batch);

private:
  void prefetch();

  DatasetPtr mDataset;
  std::vector<std::size_t> mIndices;
  std::vector<std::size_t> mOrder;
  int mBatchSize;
  bool mShuffle;
  std::uint64_t mSeed;
  InputRecipe mRecipe;
  int mEpoch = 0;
  int mNextBatch = 0;
  std::future<Batch> mPending;
};

}  // namespace latentlab
