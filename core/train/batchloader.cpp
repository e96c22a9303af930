#include "train/batchloader.h"

#include "corrupt/applycorruption.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace latentlab {

namespace {
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::uint64_t value = seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL);
  value = (value ^ (value >> 31)) * 0xBF58476D1CE4E5B9ULL;
  return value ^ (value >> 29);
}
}  // namespace

Batch assembleBatch(const Dataset& dataset, const std::size_t* indices, std::size_t count, const InputRecipe& recipe,
                    std::uint64_t seed) {
  const auto& shape = dataset.shape;
  const std::size_t pixels = shape.pixelCount();
  torch::Tensor bytes = torch::empty({std::int64_t(count), shape.channels, shape.height, shape.width}, torch::kUInt8);
  torch::Tensor labels = torch::empty({std::int64_t(count)}, torch::kInt64);
  auto* target = bytes.data_ptr<std::uint8_t>();
  auto* labelData = labels.data_ptr<std::int64_t>();
  for (std::size_t item = 0; item < count; ++item) {
    std::memcpy(target + item * pixels, dataset.image(indices[item]), pixels);
    labelData[item] = dataset.labels[indices[item]];
  }
  Batch batch;
  batch.target = bytes.to(torch::kFloat).div_(255.0f);
  batch.labels = labels;
  torch::Tensor input = recipe.grayInput ? toGray(batch.target) : batch.target;
  batch.input = applyCorruption(input, recipe.corruption, seed);
  return batch;
}

BatchLoader::BatchLoader(DatasetPtr dataset, std::vector<std::size_t> indices, int batchSize, bool shuffle,
                         std::uint64_t seed, InputRecipe recipe)
    : mDataset(std::move(dataset)),
      mIndices(std::move(indices)),
      mBatchSize(std::max(1, batchSize)),
      mShuffle(shuffle),
      mSeed(seed),
      mRecipe(std::move(recipe)) {}

BatchLoader::~BatchLoader() {
  if (mPending.valid()) mPending.wait();
}

int BatchLoader::batchesPerEpoch() const {
  return int((mIndices.size() + mBatchSize - 1) / mBatchSize);
}

void BatchLoader::startEpoch(int epoch) {
  if (mPending.valid()) mPending.wait();
  mPending = {};
  mEpoch = epoch;
  mNextBatch = 0;
  mOrder = mIndices;
  if (mShuffle) {
    std::mt19937_64 random(mixSeed(mSeed, std::uint64_t(epoch), 0));
    for (std::size_t i = mOrder.size(); i > 1; --i) std::swap(mOrder[i - 1], mOrder[random() % i]);
  }
  prefetch();
}

void BatchLoader::prefetch() {
  const std::size_t begin = std::size_t(mNextBatch) * mBatchSize;
  if (begin >= mOrder.size()) return;
  const std::size_t count = std::min<std::size_t>(mBatchSize, mOrder.size() - begin);
  const std::uint64_t seed = mixSeed(mSeed, std::uint64_t(mEpoch), std::uint64_t(mNextBatch) + 1);
  // The dataset is immutable and shared; the order vector outlives the task (we wait in startEpoch/dtor).
  mPending = std::async(std::launch::async, [this, begin, count, seed] {
    return assembleBatch(*mDataset, mOrder.data() + begin, count, mRecipe, seed);
  });
}

bool BatchLoader::next(Batch& batch) {
  if (!mPending.valid()) return false;
  batch = mPending.get();
  ++mNextBatch;
  prefetch();
  return true;
}

}  // namespace latentlab
