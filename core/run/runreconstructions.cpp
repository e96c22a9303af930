#include "run/runreconstructions.h"

#include "common/error.h"
#include "data/datasetcatalog.h"
#include "data/datasplit.h"
#include "images/imageconversion.h"
#include "inference/modelsnapshot.h"
#include "jobs/jobfailure.h"
#include "run/runfolder.h"
#include "train/modelfit.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
namespace fs = std::filesystem;

std::uint8_t toByte(float value) {
  if (!std::isfinite(value)) return 0;
  return std::uint8_t(std::lround(std::clamp(value, 0.0f, 1.0f) * 255.0f));
}

// The test items to show: the run's own test split, spread over the classes.
std::vector<std::size_t> pickTestItems(const Dataset& dataset, const TrainConfig& config, std::size_t count) {
  std::vector<std::size_t> pool = splitIndices(dataset, config.split, "test");
  if (pool.empty()) pool = splitIndices(dataset, config.split, "val");
  if (pool.empty()) pool = splitIndices(dataset, config.split, "all");
  return pickAcrossClasses(dataset, pool, count);
}

// The items in the model's input shape (the same images, or their luminance for a
// colorization model), as floats in [0, 1].
std::vector<float> modelInputs(const Dataset& dataset, const std::vector<std::size_t>& indices, ImageShape input) {
  std::vector<float> floats;
  floats.reserve(indices.size() * input.pixelCount());
  for (std::size_t index : indices) {
    std::vector<std::uint8_t> converted;
    const std::uint8_t* pixels = dataset.image(index);
    if (dataset.shape != input) {
      converted = convertImage(pixels, dataset.shape, input);
      pixels = converted.data();
    }
    for (std::size_t i = 0; i < input.pixelCount(); ++i) floats.push_back(float(pixels[i]) / 255.0f);
  }
  return floats;
}

RunReconstructionRow reconstructWith(const fs::path& dir, const Dataset& dataset,
                                     const std::vector<std::size_t>& indices, bool preferBest) {
  RunReconstructionRow row;
  row.run = dir;
  const RunFolder folder(dir);
  std::error_code error;
  const bool hasBest = fs::exists(folder.bestFile(), error);
  if (!hasBest && !fs::exists(folder.checkpointFile(), error)) {
    row.problem =
        "the run has no weights yet (no best.pt or checkpoint.pt in " + dir.string() + "): train it for an epoch first";
    return row;
  }
  row.weights = preferBest && hasBest ? "best.pt" : "checkpoint.pt";
  ModelSnapshotPtr snapshot;
  try {
    snapshot = loadRunSnapshot(dir, preferBest);
  } catch (...) {
    row.problem = describeFailure(std::current_exception()).message;
    return row;
  }
  if (const auto reason = whyModelDoesNotFit(snapshot->spec(), dataset.shape, dataset.name)) {
    row.problem = *reason;
    return row;
  }
  row.epoch = snapshot->epoch();
  const ImageShape input = snapshot->inputShape();
  const std::vector<float> inputs = modelInputs(dataset, indices, input);
  const int count = int(indices.size());
  try {
    const std::vector<float> codes = snapshot->encode(inputs.data(), count);
    const std::vector<float> outputs = snapshot->decode(codes.data(), count);
    row.shape = snapshot->outputShape();
    if (outputs.size() != std::size_t(count) * row.shape.pixelCount()) {
      row.problem = "the model's output does not have the shape " + row.shape.toString() + " its spec.json promises";
      return row;
    }
    row.images.resize(outputs.size());
    std::transform(outputs.begin(), outputs.end(), row.images.begin(), toByte);
  } catch (...) {
    row.problem = describeFailure(std::current_exception()).message;
    row.images.clear();
  }
  return row;
}
}  // namespace

RunReconstructions reconstructRuns(RunReconstructionRequest request, const JobContext& job) {
  if (request.runs.empty()) throw usageError("choose at least one run to reconstruct with");
  if (request.count < 1) throw usageError("the number of test images must be at least 1");
  const TrainConfig config = RunFolder(request.runs.front()).readConfig();
  RunReconstructions result;
  result.dataset = config.dataset;

  DatasetPtr dataset = request.dataset;
  if (!dataset) {
    job.report(0.0, "Loading " + config.dataset);
    dataset = std::make_shared<const Dataset>(
        DatasetCatalog(request.dataDir).load(config.dataset, datasetLoadOptions(config)));
  }
  job.throwIfCancelled();
  if (dataset->size() == 0) throw inputError("the dataset " + config.dataset + " holds no images");

  result.indices = pickTestItems(*dataset, config, std::size_t(request.count));
  result.shape = dataset->shape;
  for (std::size_t index : result.indices)
    result.originals.insert(result.originals.end(), dataset->image(index),
                            dataset->image(index) + dataset->shape.pixelCount());

  const double loaded = request.dataset ? 0.0 : 0.3;
  job.report(loaded, "Reconstructing");
  const std::size_t runs = request.runs.size();
  for (std::size_t i = 0; i < runs; ++i) {
    job.throwIfCancelled();
    result.rows.push_back(reconstructWith(request.runs[i], *dataset, result.indices, request.preferBest));
    job.report(loaded + (1.0 - loaded) * double(i + 1) / double(runs), "Reconstructing");
  }
  return result;
}

}  // namespace latentlab
