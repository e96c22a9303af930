#include "inference/modelsnapshot.h"

#include "common/error.h"
#include "gan/latentfit.h"
#include "inference/snapshotaccess.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

namespace latentlab {

namespace {
ImageShape toImageShape(const FeatureShape& shape) {
  return ImageShape{shape.channels, shape.height, shape.width};
}
}  // namespace

ModelSnapshot::ModelSnapshot(std::unique_ptr<Impl> impl) : mImpl(std::move(impl)) {}
ModelSnapshot::~ModelSnapshot() = default;

const ModelSpec& ModelSnapshot::spec() const {
  return mImpl->gan ? mImpl->gan->spec() : mImpl->model->spec();
}
bool ModelSnapshot::isGan() const {
  return bool(mImpl->gan);
}
int ModelSnapshot::epoch() const {
  return mImpl->epoch;
}
int ModelSnapshot::codeSize() const {
  return mImpl->gan ? mImpl->gan->latentSize() : mImpl->model->codeSize();
}
ImageShape ModelSnapshot::inputShape() const {
  return toImageShape(spec().input);
}
ImageShape ModelSnapshot::outputShape() const {
  const auto& input = spec().input;
  return ImageShape{spec().effectiveOutputChannels(), input.height, input.width};
}

std::vector<float> ModelSnapshot::encode(const float* images, int count, std::vector<float>* logVariances) const {
  const auto shape = inputShape();
  const auto input = torch::from_blob(const_cast<float*>(images), {count, shape.channels, shape.height, shape.width});
  if (mImpl->gan) {
    if (logVariances) logVariances->clear();
    return fitCodes(images, count, {});
  }
  torch::NoGradGuard noGrad;
  if (logVariances) {
    logVariances->clear();
    const auto [mean, logVariance] = mImpl->model->encodeDistribution(input);
    if (logVariance.defined()) {
      const auto values = logVariance.contiguous();
      logVariances->assign(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
    }
    const auto codes = mean.contiguous();
    return std::vector<float>(codes.data_ptr<float>(), codes.data_ptr<float>() + codes.numel());
  }
  const auto codes = mImpl->model->encode(input).contiguous();
  return std::vector<float>(codes.data_ptr<float>(), codes.data_ptr<float>() + codes.numel());
}

std::vector<float> ModelSnapshot::fitCodes(const float* images, int count, const JobContext& job) const {
  if (!mImpl->gan) return encode(images, count);
  const auto shape = inputShape();
  const auto input = torch::from_blob(const_cast<float*>(images), {count, shape.channels, shape.height, shape.width});
  Gan gan = mImpl->gan;
  const auto codes = fitLatent(gan, input, {}, job).codes.contiguous();
  return std::vector<float>(codes.data_ptr<float>(), codes.data_ptr<float>() + codes.numel());
}

std::vector<float> ModelSnapshot::decode(const float* codes, int count) const {
  torch::NoGradGuard noGrad;
  const auto input = torch::from_blob(const_cast<float*>(codes), {count, codeSize()});
  const auto images = (mImpl->gan ? mImpl->gan->generate(input) : mImpl->model->decode(input)).contiguous();
  return std::vector<float>(images.data_ptr<float>(), images.data_ptr<float>() + images.numel());
}

bool ModelSnapshot::hasClassifier() const {
  return mImpl->classifier && mImpl->classifier->isReady();
}

std::vector<int> ModelSnapshot::classify(const float* images, int count) const {
  if (!hasClassifier()) throw usageError("this model has no domain classifier (classifier.pt) to classify images");
  return mImpl->classifier->predict(images, std::size_t(count));
}

std::vector<std::string> ModelSnapshot::classifierClassNames() const {
  return hasClassifier() ? mImpl->classifier->classNames() : std::vector<std::string>{};
}

ModelSnapshotPtr makeSnapshot(const Gan& model, int epoch, std::shared_ptr<const DomainClassifier> classifier) {
  auto impl = std::make_unique<ModelSnapshot::Impl>();
  impl->gan = cloneGan(model, torch::kCPU);
  impl->gan->eval();
  impl->classifier = std::move(classifier);
  impl->epoch = epoch;
  return std::make_shared<const ModelSnapshot>(std::move(impl));
}

ModelSnapshotPtr makeSnapshot(const Autoencoder& model, int epoch) {
  auto impl = std::make_unique<ModelSnapshot::Impl>();
  impl->model = cloneAutoencoder(model, torch::kCPU);
  impl->model->eval();
  impl->epoch = epoch;
  return std::make_shared<const ModelSnapshot>(std::move(impl));
}

Autoencoder snapshotModule(const ModelSnapshot& snapshot, const std::string& feature) {
  if (snapshot.isGan())
    throw usageError(snapshot.spec().name + " is a GAN, which has no encoder: " + feature +
                     " needs an autoencoder run; choose one in the runs library");
  return snapshot.impl().model;
}

Gan snapshotGan(const ModelSnapshot& snapshot) {
  if (!snapshot.isGan()) throw usageError(snapshot.spec().name + " is an autoencoder, not a GAN");
  return snapshot.impl().gan;
}

ModelSnapshotPtr loadRunSnapshot(const std::filesystem::path& runDir, bool preferBest) {
  const RunFolder run(runDir);
  if (!std::filesystem::exists(run.specFile()))
    throw inputError(runDir.string() +
                     " is not a run folder (spec.json is missing); choose a folder written by training ({run})");
  const ModelSpec spec = run.readSpec();
  const auto weights = preferBest && std::filesystem::exists(run.bestFile()) ? run.bestFile() : run.checkpointFile();
  if (spec.isGan()) {
    // A GAN's latest weights: its best.pt (lowest domain FID) is a noisy proxy, and later
    // epochs usually look better even when the FID wobbles.
    const auto latest = std::filesystem::exists(run.checkpointFile()) ? run.checkpointFile() : weights;
    Gan gan(spec);
    const CheckpointInfo info = loadGanCheckpoint(latest, gan);
    std::shared_ptr<const DomainClassifier> classifier;
    const auto classifierFile = runDir / DomainClassifier::kFileName;
    if (std::filesystem::exists(classifierFile))
      classifier = std::make_shared<const DomainClassifier>(DomainClassifier::load(classifierFile));
    return makeSnapshot(gan, info.epoch, std::move(classifier));
  }
  Autoencoder model(spec);
  const CheckpointInfo info = loadCheckpoint(weights, model);
  model->eval();
  auto impl = std::make_unique<ModelSnapshot::Impl>();
  impl->model = model;
  impl->epoch = info.epoch;
  return std::make_shared<const ModelSnapshot>(std::move(impl));
}

}  // namespace latentlab
