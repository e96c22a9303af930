#include "bench/benchmarks.h"
#include "bench/runsbenchmark.h"

#include "common/error.h"
#include "data/datasetcatalog.h"
#include "device/computedevice.h"
#include "inference/snapshotaccess.h"
#include "latent/pca.h"
#include "latent/projectorexport.h"
#include "latent/trustworthiness.h"
#include "latent/tsne.h"
#include "presets.h"
#include "train/trainingengine.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <tuple>
#include <utility>

namespace latentlab {

namespace {
using Clock = std::chrono::steady_clock;

DatasetPtr benchDataset(const BenchOptions& options, const ModelSpec& spec, std::string& used) {
  const DatasetCatalog catalog(options.dataDir);
  if (catalog.locate(options.dataset)) {
    used = options.dataset;
    return std::make_shared<const Dataset>(catalog.load(options.dataset));
  }
  // Random images of the model's input shape keep the benchmark runnable anywhere.
  used = "synthetic";
  auto dataset = std::make_shared<Dataset>();
  dataset->name = used;
  dataset->shape = ImageShape{spec.input.channels, spec.input.height, spec.input.width};
  const std::size_t count = 20000;
  std::mt19937 random(7);
  dataset->pixels.resize(count * dataset->shape.pixelCount());
  for (auto& pixel : dataset->pixels) pixel = std::uint8_t(random() & 0xFF);
  dataset->labels.assign(count, 0);
  dataset->classNames = {"0"};
  dataset->officialTrainCount = count;
  return dataset;
}

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const auto index = std::min(values.size() - 1, std::size_t(fraction * double(values.size() - 1) + 0.5));
  return values[index];
}

// Seconds for a PCA fit and 2-D transform of `count` clustered codes of `dim` values (median of 3).
double benchmarkPca(std::size_t count, int dim) {
  std::mt19937 random(11);
  std::normal_distribution<float> normal;
  std::vector<float> codes(count * std::size_t(dim));
  for (std::size_t i = 0; i < count; ++i)
    for (int d = 0; d < dim; ++d)  // ten clusters, like the codes of ten classes
      codes[i * std::size_t(dim) + std::size_t(d)] = normal(random) + (int(i % 10) == d ? 4.0f : 0.0f);
  std::vector<double> seconds;
  for (int repeat = 0; repeat < 3; ++repeat) {
    const auto begin = Clock::now();
    const Pca pca = Pca::fit(codes.data(), count, dim, 2);
    const std::vector<float> points = pca.transform(codes.data(), count);
    if (!points.empty()) seconds.push_back(std::chrono::duration<double>(Clock::now() - begin).count());
  }
  return percentile(seconds, 0.5);
}

// 70,000 codes of 10 values like an autoencoder's codes of ten classes: each class a
// curved 3-D sheet (linear plus quadratic in a Gaussian latent) around its own centre,
// with noise; neighbouring classes overlap a little. Seeded: the same codes every run.
EncodedSet syntheticCodes() {
  const std::size_t count = 70000;
  const int dim = 10, classes = 10, latent = 3;
  std::mt19937_64 random(2024);
  std::normal_distribution<float> normal;
  std::vector<float> centres(std::size_t(classes * dim)), linear(std::size_t(classes * dim * latent)),
      bend(std::size_t(classes * dim * latent));
  for (float& value : centres) value = 1.5f * normal(random);
  for (float& value : linear) value = 0.8f * normal(random);
  for (float& value : bend) value = 0.8f * normal(random);
  EncodedSet codes;
  codes.codeSize = dim;
  codes.codes.resize(count * std::size_t(dim));
  for (std::size_t i = 0; i < count; ++i) {
    const int label = int(i % std::size_t(classes));
    codes.indices.push_back(i);
    codes.labels.push_back(label);
    float t[latent];
    for (float& value : t) value = normal(random);
    for (int d = 0; d < dim; ++d) {
      const std::size_t row = std::size_t(label * dim + d);
      float value = centres[row] + 0.5f * normal(random);
      for (int a = 0; a < latent; ++a)
        value += linear[row * latent + std::size_t(a)] * t[a] +
                 bend[row * latent + std::size_t(a)] * 0.5f * (t[a] * t[a] - 1.0f);
      codes.codes[i * std::size_t(dim) + std::size_t(d)] = value;
    }
  }
  return codes;
}

// Codes from a CSV with a header: the columns named z0, z1, ... (as `latentlab-cli embed` writes).
EncodedSet readCodesCsv(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw inputError("cannot read the codes file " + file + "; write one with `latentlab-cli embed --out`");
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
    return cells;
  };
  std::string line;
  std::getline(in, line);
  std::vector<std::size_t> columns;
  const std::vector<std::string> header = split(line);
  for (std::size_t c = 0; c < header.size(); ++c)
    if (!header[c].empty() && (header[c][0] == 'z' || header[c][0] == 'Z')) columns.push_back(c);
  if (columns.empty())
    throw inputError(file +
                     " has no columns named z0, z1, ... in its first line; write it with `latentlab-cli embed --out`");
  EncodedSet codes;
  codes.codeSize = int(columns.size());
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> cells = split(line);
    try {
      for (std::size_t column : columns) codes.codes.push_back(std::stof(cells.at(column)));
    } catch (const std::exception&) {
      throw inputError(file + " line " + std::to_string(codes.indices.size() + 2) + " does not hold " +
                       std::to_string(columns.size()) + " code values");
    }
    codes.indices.push_back(codes.indices.size());
  }
  return codes;
}

// Seconds for t-SNE (default options, all cores) of the first `count` codes, and the map's trustworthiness@10.
// With `layoutPath`, the layout is also written there as raw little-endian float32 (count x 2),
// so tools/bench/sklearn_tsne_peer.py --ours scores both maps with one evaluator.
std::pair<double, double> benchmarkTsne(const EncodedSet& codes, std::size_t count, std::size_t trustSample,
                                        const std::string& layoutPath) {
  const auto begin = Clock::now();
  const std::vector<float> layout = runTsne(codes.codes.data(), count, codes.codeSize, TsneOptions{});
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
  if (!layoutPath.empty()) {
    std::ofstream out(layoutPath, std::ios::binary);
    out.write(reinterpret_cast<const char*>(layout.data()), std::streamsize(layout.size() * sizeof(float)));
    if (!out)
      throw runtimeError("could not write the t-SNE layout to " + layoutPath +
                         "; check the folder exists and is writable");
  }
  return {seconds, trustworthiness(codes.codes.data(), codes.codeSize, layout.data(), 2, count, 10, trustSample, 1)};
}
}  // namespace

BenchResult runBenchmarks(const BenchOptions& options, const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& text) {
    if (progress) progress(text);
  };
  BenchResult result;
  result.preset = options.preset;
  result.batchSize = options.batchSize;
  result.device = resolveDevice(options.device);
  result.threads = configureThreads(options.threads, ThreadRole::Training);
  const ModelSpec spec = presetSpec(options.preset);
  const DatasetPtr dataset = benchDataset(options, spec, result.dataset);

  TrainConfig config;
  config.batchSize = options.batchSize;
  config.learningRate = 1e-3;
  torch::manual_seed(1);
  const torch::Device device(result.device == "cuda" ? torch::kCUDA : torch::kCPU);
  TrainingEngine engine(spec, config, device);
  result.parameters = planModel(spec).totalParameters();

  // Training throughput: the same loader and step the trainer uses.
  say("training " + options.preset + " on " + result.dataset + " (batch " + std::to_string(options.batchSize) + ")");
  std::vector<std::size_t> indices(std::min<std::size_t>(
      dataset->size(), std::size_t(options.batchSize) * std::size_t(options.warmupSteps + options.trainSteps)));
  std::iota(indices.begin(), indices.end(), 0);
  BatchLoader loader(dataset, indices, options.batchSize, true, 1, InputRecipe{});
  loader.startEpoch(1);
  Batch batch;
  int step = 0;
  std::size_t images = 0;
  Clock::time_point start;
  while (loader.next(batch)) {
    if (step == options.warmupSteps) start = Clock::now();
    engine.trainStep(batch);
    if (step >= options.warmupSteps) images += std::size_t(batch.input.size(0));
    ++step;
  }
  if (device.is_cuda()) torch::cuda::synchronize();
  result.trainImagesPerSecond = double(images) / std::chrono::duration<double>(Clock::now() - start).count();

  // Encoding throughput and single-code decode latency, through a weight snapshot.
  const ModelSnapshotPtr snapshot = makeSnapshot(engine.model(), 0);
  say("encoding " + std::to_string(options.encodeImages) + " images");
  result.encodeThreads = configureThreads(0, ThreadRole::Inference);
  const int encodeCount = int(std::min<std::size_t>(dataset->size(), std::size_t(options.encodeImages)));
  std::vector<float> pixels(std::size_t(encodeCount) * dataset->shape.pixelCount());
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = float(dataset->pixels[i]) / 255.0f;
  const int chunk = 1000;
  std::vector<float> codes;
  start = Clock::now();
  for (int begin = 0; begin < encodeCount; begin += chunk) {
    const int count = std::min(chunk, encodeCount - begin);
    const auto part = snapshot->encode(pixels.data() + std::size_t(begin) * dataset->shape.pixelCount(), count);
    codes.insert(codes.end(), part.begin(), part.end());
  }
  result.encodeImagesPerSecond = double(encodeCount) / std::chrono::duration<double>(Clock::now() - start).count();

  // A click on the map decodes on the GUI thread, which keeps LibTorch's single thread.
  say("decoding single codes " + std::to_string(options.decodeRepeats) + " times");
  configureThreads(1);
  std::vector<double> latencies;
  const int codeSize = snapshot->codeSize();
  for (int repeat = 0; repeat < options.decodeRepeats + 20; ++repeat) {
    const float* code = codes.data() + std::size_t(repeat % encodeCount) * codeSize;
    const auto begin = Clock::now();
    const auto image = snapshot->decode(code, 1);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
    if (repeat >= 20 && !image.empty()) latencies.push_back(ms);
  }
  result.decodeMsP50 = percentile(latencies, 0.50);
  result.decodeMsP99 = percentile(latencies, 0.99);

  // The latent map's PCA: 70,000 codes of 10 values (MNIST's size), fit and projected.
  say("PCA of 70,000 codes");
  result.pca70kSeconds = benchmarkPca(70000, 10);

  // t-SNE for the latent map: 10,000 codes, and 70,000 (MNIST's size) with `full`.
  if (options.tsne || options.full || !options.tsneExport.empty()) {
    const EncodedSet codes = options.tsneCodes.empty() ? syntheticCodes() : readCodesCsv(options.tsneCodes);
    result.tsneCodes = options.tsneCodes.empty() ? "synthetic" : options.tsneCodes;
    if (!options.tsneExport.empty() && options.tsneCodes.empty()) {
      say("writing the synthetic codes to " + options.tsneExport);
      writeCodesCsv(options.tsneExport, codes);
    }
    auto layoutFile = [&](const std::string& size) {
      return options.tsneLayouts.empty() ? std::string() : options.tsneLayouts + "-" + size + ".f32";
    };
    if (options.tsne && codes.count() >= 10000) {
      say("t-SNE of 10,000 codes");
      std::tie(result.tsne10kSeconds, result.tsne10kTrustworthiness) =
          benchmarkTsne(codes, 10000, 0, layoutFile("10k"));
    }
    if (options.full && codes.count() >= 70000) {
      say("t-SNE of 70,000 codes");
      std::tie(result.tsne70kSeconds, result.tsne70kTrustworthiness) =
          benchmarkTsne(codes, 70000, 5000, layoutFile("70k"));
    }
  }

  // The Experiments tab's scan of the runs library.
  if (options.runsScan) {
    say("scanning 1,000 run folders");
    const RunsScanBench runs = benchmarkRunsScan(1000);
    result.runsScanFolders = runs.folders;
    result.runsFirstScanSeconds = runs.firstScanSeconds;
    result.runsRescanSeconds = runs.rescanSeconds;
    result.runsCachedStartSeconds = runs.cachedStartSeconds;
  }
  return result;
}

}  // namespace latentlab
