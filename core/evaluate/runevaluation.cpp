#include "evaluate/runevaluation.h"

#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/datasplit.h"
#include "evaluate/snapshotevaluation.h"
#include "inference/modelsnapshot.h"
#include "run/runfolder.h"
#include "train/modelfit.h"

namespace latentlab {

RunEvaluation evaluateRun(const std::filesystem::path& runDir, const RunEvaluationOptions& options,
                          const JobContext& job) {
  const RunFolder run(runDir);
  const ModelSnapshotPtr snapshot = loadRunSnapshot(runDir, /*preferBest=*/true);
  const TrainConfig config = run.readConfig();

  RunEvaluation evaluation;
  evaluation.dataset = options.dataset.empty() ? config.dataset : options.dataset;
  evaluation.split = options.split;
  DatasetLoadOptions loadOptions = datasetLoadOptions(config, /*ownDataset=*/options.dataset.empty());
  if (options.imageSize > 0) loadOptions.imageFolder.size = options.imageSize;
  const Dataset dataset = DatasetCatalog(options.dataDir).load(evaluation.dataset, loadOptions, &evaluation.warnings);
  checkModelFitsDataset(snapshot->spec(), dataset);

  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  std::vector<std::size_t> indices = splitIndices(dataset, splitOptions, options.split);
  if (options.limit > 0 && indices.size() > options.limit) indices.resize(options.limit);
  if (indices.empty())
    throw usageError("the " + options.split + " split of " + evaluation.dataset + " is empty; use {split} all");

  const Corruption corruption = Corruption::parse(options.corruption.empty() ? config.corruption : options.corruption);
  evaluation.corruption = corruption.toString();
  evaluation.hasCorruption = !corruption.empty();
  const SnapshotEvaluation result =
      evaluateSnapshot(*snapshot, dataset, indices, corruption, config.seed ^ 0xE7A1ULL, job);
  evaluation.count = result.count;
  evaluation.output = result.output;
  evaluation.corrupted = result.corrupted;
  return evaluation;
}

}  // namespace latentlab
