#include "evaluate/snapshotevaluation.h"

#include "common/error.h"
#include "inference/snapshotaccess.h"
#include "metrics/imagemetrics.h"
#include "train/batchloader.h"
#include "train/modelfit.h"

namespace latentlab {

namespace {
constexpr int kBatchSize = 256;
}  // namespace

SnapshotEvaluation evaluateSnapshot(const ModelSnapshot& model, const Dataset& dataset,
                                    const std::vector<std::size_t>& indices, const Corruption& corruption,
                                    std::uint64_t seed, const JobContext& job) {
  checkModelFitsDataset(model.spec(), dataset);
  InputRecipe recipe;
  recipe.corruption = corruption;
  recipe.grayInput = isColorizationPair(model.spec(), dataset.shape);

  // The loader's batches (and so its per-batch corruption seeds) are the training ones;
  // it only borrows the dataset, which outlives it here.
  const DatasetPtr borrowed(std::shared_ptr<const Dataset>(), &dataset);
  BatchLoader loader(borrowed, indices, kBatchSize, /*shuffle=*/false, seed, recipe);
  loader.startEpoch(0);

  Autoencoder module = snapshotModule(model, "evaluating reconstructions");
  torch::NoGradGuard noGrad;
  QualityAccumulator output, corrupted;
  Batch batch;
  std::size_t done = 0;
  while (loader.next(batch)) {
    job.throwIfCancelled();
    output.add(module->forward(batch.input).reconstruction, batch.target);
    // A colorization input (gray) cannot be compared with its RGB target.
    if (!corruption.empty() && batch.input.sizes() == batch.target.sizes()) corrupted.add(batch.input, batch.target);
    done += std::size_t(batch.input.size(0));
    job.report(double(done) / double(indices.size()));
  }
  SnapshotEvaluation evaluation;
  evaluation.count = done;
  evaluation.output = output.mean();
  evaluation.corrupted = corrupted.mean();
  return evaluation;
}

}  // namespace latentlab
