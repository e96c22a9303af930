#include "inference/modelsnapshot.h"

#include "common/error.h"
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
  return mImpl->model->spec();
}
int ModelSnapshot::epoch() const {
  return mImpl->epoch;
}
int ModelSnapshot::codeSize() const {
  return mImpl->model->codeSize();
}
ImageShape ModelSnapshot::inputShape() const {
  return toImageShape(spec().input);
}
ImageShape ModelSnapshot::outputShape() const {
  const auto& input = spec().input;
  return ImageShape{spec().effectiveOutputChannels(), input.height, input.width};
}

std::vector<float> ModelSnapshot::encode(const float* images, int count, std::vector<float>* logVariances) const {
  torch::NoGradGuard noGrad;
  const auto shape = inputShape();
  const auto input = torch::from_blob(const_cast<float*>(images), {count, shape.channels, shape.height, shape.width});
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

std::vector<float> ModelSnapshot::decode(const float* codes, int count) const {
  torch::NoGradGuard noGrad;
  const auto input = torch::from_blob(const_cast<float*>(codes), {count, codeSize()});
  const auto images = mImpl->model->decode(input).contiguous();
  return std::vector<float>(images.data_ptr<float>(), images.data_ptr<float>() + images.numel());
}

ModelSnapshotPtr makeSnapshot(const Autoencoder& model, int epoch) {
  auto impl = std::make_unique<ModelSnapshot::Impl>();
  impl->model = cloneAutoencoder(model, torch::kCPU);
  impl->model->eval();
  impl->epoch = epoch;
  return std::make_shared<const ModelSnapshot>(std::move(impl));
}

Autoencoder snapshotModule(const ModelSnapshot& snapshot) {
  return snapshot.impl().model;
}

ModelSnapshotPtr loadRunSnapshot(const std::filesystem::path& runDir, bool preferBest) {
  const RunFolder run(runDir);
  if (!std::filesystem::exists(run.specFile()))
    throw inputError(runDir.string() +
                     " is not a run folder (spec.json is missing); choose a folder written by training ({run})");
  const ModelSpec spec = run.readSpec();
  const auto weights = preferBest && std::filesystem::exists(run.bestFile()) ? run.bestFile() : run.checkpointFile();
  Autoencoder model(spec);
  const CheckpointInfo info = loadCheckpoint(weights, model);
  model->eval();
  auto impl = std::make_unique<ModelSnapshot::Impl>();
  impl->model = model;
  impl->epoch = info.epoch;
  return std::make_shared<const ModelSnapshot>(std::move(impl));
}

}  // namespace latentlab
