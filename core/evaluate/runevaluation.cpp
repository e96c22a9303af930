#include "evaluate/runevaluation.h"

#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/datasplit.h"
#include "inference/snapshotaccess.h"
#include "metrics/imagemetrics.h"
#include "run/runfolder.h"
#include "train/batchloader.h"
#include "train/modelfit.h"

namespace latentlab {

namespace {
std::vector<std::size_t> pickSplit(const Dataset& dataset, const SplitOptions& options, const std::string& name) {
  if (name == "all") {
    std::vector<std::size_t> all(dataset.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    return all;
  }
  const DatasetSplit split = makeSplit(dataset, options);
  if (name == "test") return split.test;
  if (name == "val" || name == "validation") return split.validation;
  if (name == "train") return split.train;
  throw usageError("the split (--split) must be test, val, train or all, not '" + name + "'");
}
}  // namespace

RunEvaluation evaluateRun(const std::filesystem::path& runDir, const RunEvaluationOptions& options,
                          const std::function<void(double)>& progress, const std::atomic<bool>* cancel) {
  const RunFolder run(runDir);
  const ModelSnapshotPtr snapshot = loadRunSnapshot(runDir, /*preferBest=*/true);
  const TrainConfig config = run.readConfig();

  RunEvaluation evaluation;
  evaluation.dataset = options.dataset.empty() ? config.dataset : options.dataset;
  evaluation.split = options.split;
  const DatasetCatalog catalog(options.dataDir);
  DatasetLoadOptions loadOptions;
  loadOptions.limit = options.dataset.empty() ? config.limit : 0;
  auto dataset = std::make_shared<const Dataset>(catalog.load(evaluation.dataset, loadOptions));
  checkModelFitsDataset(snapshot->spec(), *dataset);

  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  std::vector<std::size_t> indices = pickSplit(*dataset, splitOptions, options.split);
  if (options.limit > 0 && indices.size() > options.limit) indices.resize(options.limit);
  if (indices.empty()) throw usageError("the " + options.split + " split of " + evaluation.dataset + " is empty; use --split all");

  InputRecipe recipe;
  recipe.corruption = Corruption::parse(options.corruption.empty() ? config.corruption : options.corruption);
  recipe.grayInput = isColorizationPair(snapshot->spec(), dataset->shape);
  evaluation.corruption = recipe.corruption.toString();
  evaluation.hasCorruption = !recipe.corruption.empty();

  Autoencoder model = snapshotModule(*snapshot);
  torch::NoGradGuard noGrad;
  QualityAccumulator output, corrupted;
  BatchLoader loader(dataset, indices, options.batchSize, false, config.seed ^ 0xE7A1ULL, recipe);
  loader.startEpoch(0);
  Batch batch;
  std::size_t done = 0;
  while (loader.next(batch)) {
    if (cancel && cancel->load()) throw runtimeError("the evaluation was cancelled");
    output.add(model->forward(batch.input).reconstruction, batch.target);
    if (evaluation.hasCorruption && batch.input.sizes() == batch.target.sizes()) corrupted.add(batch.input, batch.target);
    done += std::size_t(batch.input.size(0));
    if (progress) progress(double(done) / double(indices.size()));
  }
  evaluation.count = done;
  evaluation.output = output.mean();
  evaluation.corrupted = corrupted.mean();
  return evaluation;
}

}  // namespace latentlab
