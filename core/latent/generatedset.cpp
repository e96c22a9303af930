#include "latent/generatedset.h"

#include "common/error.h"
#include "device/computedevice.h"
#include "latent/latentstats.h"

#include <algorithm>
#include <numeric>

namespace latentlab {

EncodedSet sampleGeneratedSet(const ModelSnapshot& gan, std::size_t count, std::uint64_t seed,
                              const GenerateOptions& options, const JobContext& job) {
  if (!gan.isGan()) throw usageError("generated map points need a GAN; " + gan.spec().name + " is an autoencoder");
  job.throwIfCancelled();
  configureThreads(options.threads, ThreadRole::Inference);
  EncodedSet set;
  set.generated = true;
  set.codeSize = gan.codeSize();
  set.indices.resize(count);
  std::iota(set.indices.begin(), set.indices.end(), std::size_t(0));
  set.codes = samplePrior(set.codeSize, int(count), seed);
  set.labels.assign(count, 0);
  if (!gan.hasClassifier()) {
    job.report(1.0);
    return set;
  }
  const std::size_t batch = std::size_t(std::max(1, options.batchSize));
  const double total = double(std::max<std::size_t>(1, count));
  for (std::size_t start = 0; start < count; start += batch) {
    job.throwIfCancelled();
    job.report(double(start) / total);
    const std::size_t size = std::min(batch, count - start);
    const std::vector<float> images = gan.decode(set.code(start), int(size));
    const std::vector<int> classes = gan.classify(images.data(), int(size));
    std::copy(classes.begin(), classes.end(), set.labels.begin() + std::ptrdiff_t(start));
  }
  job.throwIfCancelled();
  job.report(1.0);
  return set;
}

std::vector<std::string> generatedClassNames(const ModelSnapshot& gan) {
  if (gan.hasClassifier()) return gan.classifierClassNames();
  return {"generated"};
}

}  // namespace latentlab
