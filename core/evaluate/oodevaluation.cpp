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

OodEvaluation evaluateOod(const std::filesystem::path& runDir, const OodEvaluationOptions& options,
                          const std::function<void(double)>& progress, const std::atomic<bool>* cancel) {
  if (options.ood.empty()) throw usageError("name the other dataset with --ood (a catalog name or a path)");
  const RunFolder run(runDir);
  const ModelSnapshotPtr snapshot = loadRunSnapshot(runDir, /*preferBest=*/true);
  const TrainConfig config = run.readConfig();
  const DatasetCatalog catalog(options.dataDir);

  OodEvaluation evaluation;
  evaluation.dataset = config.dataset;
  DatasetLoadOptions ownOptions;
  ownOptions.limit = config.limit;  // the run's own items, so its split holds
  const Dataset own = catalog.load(config.dataset, ownOptions);
  checkModelFitsDataset(snapshot->spec(), own);
  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  // Evenly spread subsets, as the GUI's anomaly page takes them, so both report the same AUC.
  const std::vector<std::size_t> inliers = spreadSubset(splitIndices(own, splitOptions, options.split), options.limit);
  if (inliers.empty())
    throw usageError("the " + options.split + " split of " + config.dataset + " is empty; use --split all");

  DatasetLoadOptions oodOptions;
  oodOptions.limit = options.limit;
  const Dataset other = catalog.load(options.ood, oodOptions);
  evaluation.ood = other.name.empty() ? options.ood : other.name;
  const std::vector<std::size_t> outliers = spreadSubset(allItems(other.size()), options.limit);
  if (outliers.empty()) throw inputError(options.ood + " holds no images; choose another --ood dataset");

  // Progress by images scored: the own split first, then the other set.
  const double total = double(inliers.size() + outliers.size());
  auto part = [&](double offset, double share) -> std::function<void(double)> {
    if (!progress) return {};
    return [&progress, offset, share, total](double fraction) { progress((offset + fraction * share) / total); };
  };
  const auto inlierErrors = reconstructionErrors(*snapshot, own, inliers, part(0.0, double(inliers.size())), cancel);
  const auto oodErrors =
      reconstructionErrors(*snapshot, other, outliers, part(double(inliers.size()), double(outliers.size())), cancel);

  evaluation.inlierCount = inlierErrors.size();
  evaluation.oodCount = oodErrors.size();
  evaluation.inlierMeanError = mean(inlierErrors);
  evaluation.oodMeanError = mean(oodErrors);
  evaluation.auc = rocCurve(inlierErrors, oodErrors).auc;
  return evaluation;
}

}  // namespace latentlab
