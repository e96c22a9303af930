#include "run/checkpoint.h"

#include "common/atomicfile.h"
#include "common/error.h"

namespace latentlab {

namespace {
constexpr std::int64_t kFormatVersion = 1;

std::int64_t readInteger(torch::serialize::InputArchive& archive, const char* key) {
  torch::Tensor value;
  archive.read(key, value);
  return value.item<std::int64_t>();
}
}  // namespace

void saveCheckpoint(const std::filesystem::path& path, Autoencoder& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive modelArchive;
  model->save(modelArchive);
  archive.write("model", modelArchive);
  if (optimizer) {
    torch::serialize::OutputArchive optimizerArchive;
    optimizer->save(optimizerArchive);
    archive.write("optimizer", optimizerArchive);
  }
  archive.write("latentlab_format", torch::tensor(kFormatVersion));
  archive.write("epoch", torch::tensor(std::int64_t(info.epoch)));
  archive.write("best_epoch", torch::tensor(std::int64_t(info.bestEpoch)));
  archive.write("best_val_loss", torch::tensor(info.bestValidationLoss, torch::kFloat64));
  writeFileAtomically(path, [&](std::ostream& out) { archive.save_to(out); });
}

CheckpointInfo loadCheckpoint(const std::filesystem::path& path, Autoencoder& model,
                              torch::optim::Optimizer* optimizer) {
  if (!std::filesystem::exists(path)) throw inputError("the checkpoint " + path.string() + " does not exist");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path.string());
  } catch (const c10::Error&) {
    throw inputError(path.string() +
                     " is damaged or not a LatentLab checkpoint; use best.pt or checkpoint.pt from "
                     "another run, or train again");
  }
  CheckpointInfo info;
  try {
    if (readInteger(archive, "latentlab_format") > kFormatVersion)
      throw inputError(path.string() + " was written by a newer LatentLab; update LatentLab to read it");
    info.epoch = int(readInteger(archive, "epoch"));
    info.bestEpoch = int(readInteger(archive, "best_epoch"));
    torch::Tensor best;
    archive.read("best_val_loss", best);
    info.bestValidationLoss = best.item<double>();
  } catch (const c10::Error&) {
    throw inputError(path.string() + " is not a LatentLab checkpoint (its progress record is missing)");
  }
  const auto device = model->parameters().empty() ? torch::Device(torch::kCPU) : model->parameters().front().device();
  try {
    torch::serialize::InputArchive modelArchive;
    archive.read("model", modelArchive);
    model->load(modelArchive);
    model->to(device);
  } catch (const c10::Error&) {
    throw inputError(path.string() +
                     " holds weights of a different model than spec.json describes (layers or sizes "
                     "differ); it cannot be loaded into " +
                     model->spec().name);
  }
  if (optimizer) {
    torch::serialize::InputArchive optimizerArchive;
    if (archive.try_read("optimizer", optimizerArchive)) {
      try {
        optimizer->load(optimizerArchive);
      } catch (const c10::Error&) {
        throw inputError(path.string() + " has optimizer state for another optimizer; resume with the run's optimizer");
      }
    }
  }
  return info;
}

}  // namespace latentlab
