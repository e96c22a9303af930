#include "latent/linkedmaps.h"

#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/datasplit.h"
#include "latent/datasetencoding.h"
#include "run/runfolder.h"

namespace latentlab {

LinkedMaps computeLinkedMaps(LinkedMapsInput input, const JobContext& job) {
  if (input.runs.size() < 2) throw usageError("linked maps need two runs or more");
  std::vector<TrainConfig> configs;
  for (const auto& run : input.runs) configs.push_back(RunFolder(run).readConfig());
  for (std::size_t i = 1; i < configs.size(); ++i)
    if (configs[i].dataset != configs[0].dataset)
      throw usageError("the runs were trained on different datasets (" + configs[0].dataset + " and " +
                       configs[i].dataset + "); linked maps need the same items in every map");

  LinkedMaps out;
  const TrainConfig& first = configs[0];
  if (input.dataset && input.datasetName == first.dataset) {
    out.dataset = input.dataset;
  } else {
    job.report(0.0, "reading " + first.dataset);
    out.dataset =
        std::make_shared<const Dataset>(DatasetCatalog(input.dataDir).load(first.dataset, datasetLoadOptions(first)));
  }
  job.throwIfCancelled();
  SplitOptions split = first.split;
  split.seed = first.seed;
  std::vector<std::size_t> items = makeSplit(*out.dataset, split).test;
  if (items.empty()) {
    items.resize(out.dataset->size());
    for (std::size_t i = 0; i < items.size(); ++i) items[i] = i;
  }
  out.indices = spreadSubset(items, input.points);

  const double share = 1.0 / double(input.runs.size());
  for (std::size_t r = 0; r < input.runs.size(); ++r) {
    const JobContext part =
        job.part(double(r) * share, double(r + 1) * share, "mapping " + input.runs[r].filename().string());
    MapJobInput map;
    map.snapshot = loadRunSnapshot(input.runs[r], /*preferBest=*/true);  // names the folder when it has no weights
    map.dataset = out.dataset;
    map.indices = out.indices;
    map.projection = input.projection;
    map.reconstructionErrors = false;
    out.maps.push_back(computeMap(std::move(map), part));
    out.runNames.push_back(input.runs[r].filename().string());
  }
  job.report(1.0, "done");
  return out;
}

}  // namespace latentlab
