#include "latent/datasetencoding.h"

#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/datasplit.h"
#include "device/computedevice.h"
#include "run/runfolder.h"
#include "train/modelfit.h"

#include <algorithm>
#include <numeric>

namespace latentlab {

std::vector<float> modelInputs(const ModelSnapshot& model, const Dataset& dataset, const std::size_t* indices,
                               std::size_t count) {
  const ImageShape in = model.inputShape();
  const bool toGray = isColorizationPair(model.spec(), dataset.shape);
  const std::size_t plane = std::size_t(in.height) * std::size_t(in.width);
  std::vector<float> inputs(count * in.pixelCount());
  for (std::size_t n = 0; n < count; ++n) {
    const std::uint8_t* image = dataset.image(indices[n]);
    float* out = inputs.data() + n * in.pixelCount();
    if (toGray) {  // the weights of the trainer's gray conversion (toGray in applycorruption.cpp)
      for (std::size_t p = 0; p < plane; ++p)
        out[p] = (0.299f * image[p] + 0.587f * image[plane + p] + 0.114f * image[2 * plane + p]) / 255.0f;
    } else {
      for (std::size_t p = 0; p < in.pixelCount(); ++p) out[p] = float(image[p]) / 255.0f;
    }
  }
  return inputs;
}

EncodedSet encodeDataset(const ModelSnapshot& model, const Dataset& dataset, const std::vector<std::size_t>& indices,
                         const EncodeOptions& options, const JobContext& job) {
  checkModelFitsDataset(model.spec(), dataset);
  for (std::size_t index : indices)
    if (index >= dataset.size())
      throw usageError("item " + std::to_string(index) + " is outside " + dataset.name + " (" +
                       std::to_string(dataset.size()) + " items)");
  configureThreads(options.threads, ThreadRole::Inference);
  EncodedSet set;
  set.indices = indices;
  set.codeSize = model.codeSize();
  set.codes.reserve(indices.size() * std::size_t(set.codeSize));
  const ImageShape out = model.outputShape();
  const bool errors = options.reconstructionErrors && out == dataset.shape;
  if (errors) set.errors.reserve(indices.size());
  const std::size_t batch = std::size_t(std::max(1, options.batchSize));
  const double total = double(std::max<std::size_t>(1, indices.size()));
  for (std::size_t start = 0; start < indices.size(); start += batch) {
    job.throwIfCancelled();
    job.report(double(start) / total);
    const std::size_t count = std::min(batch, indices.size() - start);
    const std::vector<float> inputs = modelInputs(model, dataset, indices.data() + start, count);
    std::vector<float> logVariances;
    const std::vector<float> codes = model.encode(inputs.data(), int(count), &logVariances);
    set.codes.insert(set.codes.end(), codes.begin(), codes.end());
    set.logVariances.insert(set.logVariances.end(), logVariances.begin(), logVariances.end());
    if (!errors) continue;
    job.throwIfCancelled();  // the decode costs as much again
    const std::vector<float> decoded = model.decode(codes.data(), int(count));
    const std::size_t pixels = out.pixelCount();
    for (std::size_t n = 0; n < count; ++n) {
      const std::uint8_t* target = dataset.image(indices[start + n]);
      const float* image = decoded.data() + n * pixels;
      double sum = 0.0;
      for (std::size_t p = 0; p < pixels; ++p) {
        const double d = double(image[p]) - double(target[p]) / 255.0;
        sum += d * d;
      }
      set.errors.push_back(float(sum / double(pixels)));
    }
  }
  set.labels.reserve(indices.size());
  for (std::size_t index : indices) set.labels.push_back(dataset.labels[index]);
  job.throwIfCancelled();
  job.report(1.0);
  return set;
}

std::vector<std::size_t> spreadSubset(const std::vector<std::size_t>& indices, std::size_t limit) {
  if (limit == 0 || limit >= indices.size()) return indices;
  std::vector<std::size_t> subset(limit);
  // Even strides keep every class of a class-sorted set (an image folder) in proportion.
  for (std::size_t i = 0; i < limit; ++i) subset[i] = indices[i * indices.size() / limit];
  return subset;
}

RunItems loadRunItems(const std::filesystem::path& runDir, const RunItemsRequest& request) {
  RunItems items;
  items.model = loadRunSnapshot(runDir, /*preferBest=*/true);
  const TrainConfig config = RunFolder(runDir).readConfig();
  items.datasetName = request.dataset.empty() ? config.dataset : request.dataset;
  DatasetLoadOptions loadOptions = datasetLoadOptions(config, /*ownDataset=*/request.dataset.empty());
  if (request.imageSize > 0) loadOptions.imageFolder.size = request.imageSize;
  items.dataset = std::make_shared<const Dataset>(
      DatasetCatalog(request.dataDir).load(items.datasetName, loadOptions, &items.warnings));
  checkModelFitsDataset(items.model->spec(), *items.dataset);

  SplitOptions splitOptions = config.split;
  splitOptions.seed = config.seed;
  const std::vector<std::size_t> pool = splitIndices(*items.dataset, splitOptions, request.split);
  if (pool.empty())
    throw usageError("the " + request.split + " split of " + items.datasetName + " is empty; use {split} all");
  items.indices = spreadSubset(pool, request.limit);
  return items;
}

}  // namespace latentlab
