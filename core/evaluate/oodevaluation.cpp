#include "evaluate/oodevaluation.h"

#include "anomaly/anomalyscores.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/datasplit.h"
#include "inference/modelsnapshot.h"
#include "latent/datasetencoding.h"
#include "run/runfolder.h"
#include "train/modelfit.h"

#include <numeric>

namespace latentlab {

namespace {
double mean(const std::vector<float>& values) {
  return values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

std::vector<std::size_t> allItems(std::size_t size) {
  std::vector<std::size_t> indices(size);
  std::iota(indices.begin(), indices.end(), std::size_t(0));
  return indices;
}
}  // namespace

OodScores scoreOod(const ModelSnapshot& model, const Dataset& own, const std::vector<std::size_t>& inliers,
                   const OtherSet& other, const JobContext& job) {
  if (inliers.empty()) throw usageError("there are no items of " + own.name + " to score");
  job.report(0.0, "Loading " + other.name);
  DatasetLoadOptions options;
  options.limit = other.limit;
  // An image folder of any picture size can be scored: it is read at the size the model takes.
  const ImageShape input = model.inputShape();
  options.imageFolder.size = other.imageSize > 0 ? other.imageSize : input.height == input.width ? input.height : 0;
  OodScores scores;
  scores.other =
      std::make_shared<const Dataset>(DatasetCatalog(other.dataDir).load(other.name, options, &scores.warnings));
  job.throwIfCancelled();
  scores.otherIndices = spreadSubset(allItems(scores.other->size()), other.limit);
  if (scores.otherIndices.empty()) throw inputError(other.name + " holds no images; choose another {ood} dataset");
  // Progress by images scored: the own items first, then the other set.
  const double split = 0.1 + 0.9 * double(inliers.size()) / double(inliers.size() + scores.otherIndices.size());
  scores.inlierErrors = reconstructionErrors(model, own, inliers, job.part(0.1, split, "Reconstructing both sets"));
  scores.otherErrors =
      reconstructionErrors(model, *scores.other, scores.otherIndices, job.part(split, 1.0, "Reconstructing both sets"));
  scores.roc = rocCurve(scores.inlierErrors, scores.otherErrors);
  return scores;
}

OodEvaluation evaluateOod(const std::filesystem::path& runDir, const OodEvaluationOptions& options,
                          const JobContext& job) {
  if (options.ood.empty()) throw usageError("name the other dataset with {ood} (a catalog name or a path)");
  const RunFolder run(runDir);
  const ModelSnapshotPtr snapshot = loadRunSnapshot(runDir, /*preferBest=*/true);
  const TrainConfig config = run.readConfig();
  const DatasetCatalog catalog(options.dataDir);

  OodEvaluation evaluation;
  evaluation.dataset = config.dataset;
  DatasetLoadOptions ownOptions = datasetLoadOptions(config);
  if (options.imageSize > 0) ownOptions.imageFolder.size = options.imageSize;
  const Dataset own = catalog.load(config.dataset, ownOptions, &evaluation.warnings);
  checkModelFitsDataset(snapshot->spec(), own);
  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  // Evenly spread subsets, as the GUI's anomaly page takes them, so both report the same AUC.
  const std::vector<std::size_t> inliers = spreadSubset(splitIndices(own, splitOptions, options.split), options.limit);
  if (inliers.empty())
    throw usageError("the " + options.split + " split of " + config.dataset + " is empty; use {split} all");

  const OodScores scores =
      scoreOod(*snapshot, own, inliers, OtherSet{options.ood, options.limit, options.dataDir, options.imageSize}, job);
  evaluation.ood = scores.other->name.empty() ? options.ood : scores.other->name;
  evaluation.inlierCount = scores.inlierErrors.size();
  evaluation.oodCount = scores.otherErrors.size();
  evaluation.inlierMeanError = mean(scores.inlierErrors);
  evaluation.oodMeanError = mean(scores.otherErrors);
  evaluation.auc = scores.roc.auc;
  evaluation.warnings.insert(evaluation.warnings.end(), scores.warnings.begin(), scores.warnings.end());
  return evaluation;
}

}  // namespace latentlab
