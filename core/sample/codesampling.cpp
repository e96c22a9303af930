#include "sample/codesampling.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace latentlab {

CodeDistribution codeDistribution(const ModelSnapshot& model, const EncodedSet* codes) {
  const int size = model.codeSize();
  CodeDistribution distribution;
  distribution.mean.assign(std::size_t(size), 0.0);
  distribution.deviation.assign(std::size_t(size), 1.0);
  if (model.spec().isVariational() || model.isGan()) {
    distribution.prior = true;
    return distribution;
  }
  if (!codes || codes->count() == 0)
    throw usageError("a plain autoencoder has no prior to sample: it needs codes of real images to fit one");
  const double n = double(codes->count());
  for (int c = 0; c < size; ++c) {
    double sum = 0, squares = 0;
    for (std::size_t i = 0; i < codes->count(); ++i) {
      const double value = codes->code(i)[c];
      sum += value;
      squares += value * value;
    }
    const double mean = sum / n;
    distribution.mean[std::size_t(c)] = mean;
    distribution.deviation[std::size_t(c)] = std::sqrt(std::max(0.0, squares / n - mean * mean));
  }
  return distribution;
}

std::vector<float> drawCodes(const CodeDistribution& distribution, int count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<float> codes;
  codes.reserve(std::size_t(std::max(0, count)) * distribution.mean.size());
  for (int n = 0; n < count; ++n)
    for (std::size_t c = 0; c < distribution.mean.size(); ++c)
      codes.push_back(float(distribution.mean[c] + distribution.deviation[c] * normal(random)));
  return codes;
}

RunSamples sampleRun(const RunSampleRequest& request, const JobContext& job) {
  if (request.count < 1 || request.count > 4096)
    throw usageError("draw between 1 and 4096 samples, not " + std::to_string(request.count) + " ({n})");
  if (request.columns < 1) throw usageError("the grid needs at least 1 column ({columns})");
  job.report(0.0, "Loading the weights");
  RunSamples samples;
  ModelSnapshotPtr model;
  EncodedSet codes;
  RunItemsRequest items;
  items.limit = std::size_t(std::max(1, request.fitItems));
  items.dataDir = request.dataDir;
  const bool hasPrior = [&] {  // a VAE or a GAN: sample its standard-normal prior
    model = loadRunSnapshot(request.runDir);
    return model->spec().isVariational() || model->isGan();
  }();
  if (!hasPrior) {
    job.report(0.1, "Encoding test images");
    const RunItems loaded = loadRunItems(request.runDir, items);
    model = loaded.model;
    EncodeOptions options;
    options.reconstructionErrors = false;
    codes = encodeDataset(*model, *loaded.dataset, loaded.indices, options, job.part(0.1, 0.8, "Encoding"));
  }
  job.throwIfCancelled();
  const CodeDistribution distribution = codeDistribution(*model, hasPrior ? nullptr : &codes);
  const std::vector<float> drawn = drawCodes(distribution, request.count, request.seed);
  job.report(0.85, "Decoding");
  const std::vector<float> images = model->decode(drawn.data(), request.count);
  const ImageShape out = model->outputShape();
  std::vector<RasterImage> cells;
  for (int n = 0; n < request.count; ++n)
    cells.push_back(
        rasterFromPlanar(images.data() + std::size_t(n) * out.pixelCount(), out.channels, out.height, out.width));
  samples.grid =
      imageGrid(cells, std::min(request.columns, request.count), std::max(1, 56 / std::max(1, out.height)), 2);
  samples.epoch = model->epoch();
  samples.prior = distribution.prior;
  samples.how = distribution.prior
                    ? (model->isGan() ? std::string("z drawn from the GAN's prior, a standard normal distribution")
                                      : std::string("codes drawn from the VAE's prior, a standard normal distribution"))
                    : "codes drawn from a Gaussian fitted to the codes of " + std::to_string(codes.count()) +
                          " test images (a plain autoencoder has no prior)";
  job.report(1.0, "Done");
  return samples;
}

}  // namespace latentlab
