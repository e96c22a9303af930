#include "run/checkpoint.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "run/checkpointfile.h"
#include "run/optimizerstate.h"
#include "run/ziparchivecheck.h"

#include <cmath>
#include <cstring>
#include <map>
#include <sstream>

namespace latentlab {

namespace {
constexpr const char* kModelGroup = "model";
constexpr const char* kOptimizerGroup = "optimizer";
constexpr std::int64_t kLegacyFormat = 1;

using TensorsByName = std::map<std::string, torch::Tensor>;

std::string shapeText(torch::IntArrayRef sizes) {
  std::ostringstream text;
  for (std::size_t i = 0; i < sizes.size(); ++i) text << (i ? "x" : "") << sizes[i];
  return sizes.empty() ? "a scalar" : text.str();
}

// The progress record, refused when no training could have written it (a hand-edited or
// damaged file), so nothing downstream counts epochs from an absurd value.
CheckpointInfo checkedInfo(std::int64_t epoch, std::int64_t bestEpoch, double bestLoss, const std::string& source) {
  auto refuse = [&](const std::string& what) {
    return inputError(source + " has an impossible progress record (" + what +
                      "); it was changed or damaged: restore it from a copy or train again");
  };
  if (epoch < 0 || epoch > kMaxCheckpointEpoch)
    throw refuse("epoch " + std::to_string(epoch) + ", not between 0 and " + std::to_string(kMaxCheckpointEpoch));
  if (bestEpoch < 0 || bestEpoch > epoch)
    throw refuse("best epoch " + std::to_string(bestEpoch) + " of " + std::to_string(epoch) + " epochs");
  if (std::isnan(bestLoss) || (bestEpoch > 0 && !std::isfinite(bestLoss)) || bestLoss == -INFINITY)
    throw refuse("best validation loss " + std::to_string(bestLoss));
  return CheckpointInfo{int(epoch), int(bestEpoch), bestLoss};
}

StoredType storedTypeOf(c10::ScalarType type) {
  switch (type) {
    case torch::kFloat32:
      return StoredType::Float32;
    case torch::kFloat64:
      return StoredType::Float64;
    case torch::kInt64:
      return StoredType::Int64;
    case torch::kInt32:
      return StoredType::Int32;
    case torch::kUInt8:
      return StoredType::UInt8;
    case torch::kBool:
      return StoredType::Bool;
    case torch::kFloat16:
      return StoredType::Float16;
    default:
      throw runtimeError(std::string("cannot save a tensor of type ") + c10::toString(type) + " in a checkpoint");
  }
}

c10::ScalarType scalarTypeOf(StoredType type) {
  switch (type) {
    case StoredType::Float32:
      return torch::kFloat32;
    case StoredType::Float64:
      return torch::kFloat64;
    case StoredType::Int64:
      return torch::kInt64;
    case StoredType::Int32:
      return torch::kInt32;
    case StoredType::UInt8:
      return torch::kUInt8;
    case StoredType::Bool:
      return torch::kBool;
    case StoredType::Float16:
      return torch::kFloat16;
  }
  return torch::kFloat32;
}

StoredTensor toStored(const std::string& name, const torch::Tensor& tensor) {
  const auto cpu = tensor.detach().to(torch::kCPU).contiguous();
  StoredTensor stored;
  stored.name = name;
  stored.type = storedTypeOf(cpu.scalar_type());
  stored.shape.assign(cpu.sizes().begin(), cpu.sizes().end());
  stored.data.assign(static_cast<const char*>(cpu.data_ptr()), cpu.numel() * cpu.element_size());
  return stored;
}

torch::Tensor fromStored(const StoredTensor& stored) {
  auto tensor = torch::empty(stored.shape, torch::TensorOptions().dtype(scalarTypeOf(stored.type)));
  if (!stored.data.empty()) std::memcpy(tensor.data_ptr(), stored.data.data(), stored.data.size());
  return tensor;
}

TensorGroup storedModule(torch::nn::Module& module) {
  TensorGroup group;
  for (const auto& item : module.named_parameters(true)) group.push_back(toStored(item.key(), item.value()));
  for (const auto& item : module.named_buffers(true)) group.push_back(toStored(item.key(), item.value()));
  return group;
}

// Checks every tensor of the model against the saved ones before copying any, so a model
// is never half loaded, and refuses with the first tensor that differs.
void loadModuleTensors(torch::nn::Module& model, const std::string& specName, const TensorsByName& saved,
                       const std::string& source) {
  auto mismatch = [&](const std::string& what) {
    return inputError(source + " does not match spec.json (" + specName + "): " + what +
                      "; open it with the spec.json it was trained with, or train again");
  };
  std::vector<std::pair<torch::Tensor, torch::Tensor>> assignments;
  std::map<std::string, bool> expected;
  auto plan = [&](const std::string& name, const torch::Tensor& target) {
    expected[name] = true;
    const auto found = saved.find(name);
    if (found == saved.end()) throw mismatch("tensor " + name + " is missing from the file");
    const torch::Tensor& value = found->second;
    if (value.sizes() != target.sizes())
      throw mismatch("tensor " + name + " is " + shapeText(value.sizes()) + " in the file but " +
                     shapeText(target.sizes()) + " in the model");
    if (value.scalar_type() != target.scalar_type())
      throw mismatch("tensor " + name + " is " + c10::toString(value.scalar_type()) + " in the file but " +
                     c10::toString(target.scalar_type()) + " in the model");
    assignments.emplace_back(target, value);
  };
  for (const auto& item : model.named_parameters(true)) plan(item.key(), item.value());
  for (const auto& item : model.named_buffers(true)) plan(item.key(), item.value());
  for (const auto& item : saved)
    if (!expected.count(item.first))
      throw mismatch("the file holds tensor " + item.first + ", which the model does not have");
  torch::NoGradGuard noGrad;
  for (auto& [target, value] : assignments) target.copy_(value);
}

std::int64_t requiredInteger(const CheckpointContents& contents, const char* key, const std::string& source) {
  const auto found = contents.integers.find(key);
  if (found == contents.integers.end())
    throw inputError(source + " is not a LatentLab checkpoint (its progress record lacks " + key + ")");
  return found->second;
}

CheckpointInfo infoOf(const CheckpointContents& contents, const std::string& source) {
  const auto best = contents.reals.find("best_val_loss");
  if (best == contents.reals.end())
    throw inputError(source + " is not a LatentLab checkpoint (its progress record lacks best_val_loss)");
  return checkedInfo(requiredInteger(contents, "epoch", source), requiredInteger(contents, "best_epoch", source),
                     best->second, source);
}

// ---- Format 1: a LibTorch archive, read only after its zip CRCs check out. ----

std::string legacyDamaged(const std::string& source, const std::string& why) {
  return source + " is damaged (" + why + "); restore it from a copy or train again";
}

void openLegacy(torch::serialize::InputArchive& archive, const std::string& bytes, const std::string& source) {
  if (const auto why = whyZipArchiveIsDamaged(bytes)) throw inputError(legacyDamaged(source, *why));
  try {
    archive.load_from(bytes.data(), bytes.size());
  } catch (const std::exception&) {  // c10::Error's text is a multi-line dump: one line instead
    throw inputError(source +
                     " is damaged or not a LatentLab checkpoint; use best.pt or checkpoint.pt from "
                     "another run, or train again");
  }
}

CheckpointInfo legacyInfo(torch::serialize::InputArchive& archive, const std::string& source) {
  auto integer = [&](const char* key) {
    torch::Tensor value;
    archive.read(key, value);
    return value.item<std::int64_t>();
  };
  try {
    if (integer("latentlab_format") > kLegacyFormat)
      throw inputError(source + " was written by a newer LatentLab; update LatentLab to read it");
    torch::Tensor best;
    archive.read("best_val_loss", best);
    return checkedInfo(integer("epoch"), integer("best_epoch"), best.item<double>(), source);
  } catch (const c10::Error&) {
    throw inputError(source + " is not a LatentLab checkpoint (its progress record is missing)");
  }
}

// The saved tensors under the model's own names: format 1 nests one archive per submodule.
void readLegacyModule(torch::serialize::InputArchive& archive, torch::nn::Module& module, const std::string& prefix,
                      TensorsByName& out) {
  for (const auto& item : module.named_parameters(false)) {
    torch::Tensor value;
    if (archive.try_read(item.key(), value)) out[prefix + item.key()] = value;
  }
  for (const auto& item : module.named_buffers(false)) {
    torch::Tensor value;
    if (archive.try_read(item.key(), value, /*is_buffer=*/true)) out[prefix + item.key()] = value;
  }
  for (const auto& child : module.named_children()) {
    torch::serialize::InputArchive childArchive;
    if (archive.try_read(child.key(), childArchive))
      readLegacyModule(childArchive, *child.value(), prefix + child.key() + ".", out);
  }
}

CheckpointInfo loadLegacy(const std::string& bytes, const std::string& source, Autoencoder& model,
                          torch::optim::Optimizer* optimizer) {
  torch::serialize::InputArchive archive;
  openLegacy(archive, bytes, source);
  const CheckpointInfo info = legacyInfo(archive, source);
  TensorsByName saved;
  try {
    torch::serialize::InputArchive modelArchive;
    archive.read(kModelGroup, modelArchive);
    readLegacyModule(modelArchive, *model, "", saved);
  } catch (const std::exception&) {
    throw inputError(source + " holds no readable model weights; train again");
  }
  loadModuleTensors(*model, model->spec().name, saved, source);
  if (optimizer) {
    torch::serialize::InputArchive optimizerArchive;
    if (archive.try_read(kOptimizerGroup, optimizerArchive)) {
      // Format 1 also saved the options; a resumed run takes them from its config instead.
      std::vector<std::unique_ptr<torch::optim::OptimizerOptions>> options;
      for (auto& group : optimizer->param_groups()) options.push_back(group.options().clone());
      try {
        optimizer->load(optimizerArchive);
      } catch (const std::exception&) {
        throw inputError(source + " has optimizer state for another optimizer; resume with the run's optimizer");
      }
      for (std::size_t i = 0; i < options.size(); ++i) optimizer->param_groups()[i].set_options(std::move(options[i]));
    }
  }
  return info;
}

std::string readWholeCheckpoint(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw inputError("the checkpoint " + path.string() + " does not exist");
  return readTextFile(path);
}

[[noreturn]] void refuseUnknown(const std::string& source) {
  throw inputError(source +
                   " is not a LatentLab checkpoint (no known header; damaged or another kind of file); restore it "
                   "from a copy or train again");
}

// One module of a checkpoint and the optimizer that trains it, under their group names.
struct CheckpointPart {
  const char* moduleGroup;
  const char* optimizerGroup;
  torch::nn::Module* module;
  torch::optim::Optimizer* optimizer;  // null: weights only
};

void saveParts(const std::filesystem::path& path, const std::vector<CheckpointPart>& parts, const CheckpointInfo& info,
               const EpochRecord* record) {
  CheckpointContents contents;
  contents.integers["epoch"] = info.epoch;
  contents.integers["best_epoch"] = info.bestEpoch;
  contents.reals["best_val_loss"] = info.bestValidationLoss;
  for (const auto& part : parts) {
    contents.modules[part.moduleGroup] = storedModule(*part.module);
    if (!part.optimizer) continue;
    TensorGroup state;
    for (const auto& [name, tensor] : optimizerState(*part.optimizer)) state.push_back(toStored(name, tensor));
    contents.optimizers[part.optimizerGroup] = std::move(state);
  }
  if (record) storeEpochRecord(*record, contents);
  writeCheckpointFile(path, contents);
}

// Loads every part's weights (all checked before any is copied) and, where the file has
// them, its optimizer's state.
CheckpointInfo loadParts(const std::string& bytes, const std::string& source, const std::string& specName,
                         const std::vector<CheckpointPart>& parts, std::optional<EpochRecord>* record) {
  const CheckpointContents contents = decodeCheckpoint(bytes, source);
  const CheckpointInfo info = infoOf(contents, source);
  std::optional<EpochRecord> epochRecord = readEpochRecord(contents, source);
  if (epochRecord && epochRecord->stats.epoch != info.epoch)
    throw inputError(source + " has a damaged epoch record (epoch " + std::to_string(epochRecord->stats.epoch) +
                     " in a checkpoint of epoch " + std::to_string(info.epoch) + "); train the run again");

  std::vector<TensorsByName> saved(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto module = contents.modules.find(parts[i].moduleGroup);
    if (module == contents.modules.end())
      throw inputError(source + " holds no " + (parts.size() > 1 ? std::string(parts[i].moduleGroup) + " " : "") +
                       "weights" + (parts.size() > 1 && i == 0 ? " (is it an autoencoder's checkpoint?)" : "") +
                       "; open it with the spec.json it was trained with, or train again");
    for (const auto& stored : module->second) saved[i][stored.name] = fromStored(stored);
  }
  // A damaged second part must not leave the first one loaded: check each on a copy first.
  if (parts.size() > 1)
    for (std::size_t i = 0; i < parts.size(); ++i)
      loadModuleTensors(*parts[i].module->clone(), specName, saved[i], source);
  for (std::size_t i = 0; i < parts.size(); ++i) loadModuleTensors(*parts[i].module, specName, saved[i], source);

  for (const auto& part : parts) {
    const auto state = contents.optimizers.find(part.optimizerGroup);
    if (!part.optimizer || state == contents.optimizers.end()) continue;
    NamedTensors tensors;
    for (const auto& stored : state->second) tensors.emplace_back(stored.name, fromStored(stored));
    restoreOptimizerState(*part.optimizer, tensors, source);
  }
  if (record) *record = std::move(epochRecord);
  return info;
}

std::vector<CheckpointPart> ganParts(Gan& model, torch::optim::Optimizer* generatorOptimizer,
                                     torch::optim::Optimizer* discriminatorOptimizer) {
  std::vector<CheckpointPart> parts{
      {"generator", "generator", model->generator().ptr().get(), generatorOptimizer},
      {"discriminator", "discriminator", model->discriminator().ptr().get(), discriminatorOptimizer}};
  // The weight average has no optimizer of its own: it follows the generator (models/gan.h).
  if (model->hasGeneratorAverage())
    parts.push_back({"generator_average", "", model->generatorAverage().ptr().get(), nullptr});
  return parts;
}
}  // namespace

void saveCheckpoint(const std::filesystem::path& path, Autoencoder& model, torch::optim::Optimizer* optimizer,
                    const CheckpointInfo& info, const EpochRecord* record) {
  saveParts(path, {{kModelGroup, kOptimizerGroup, model.ptr().get(), optimizer}}, info, record);
}

CheckpointInfo loadCheckpoint(const std::filesystem::path& path, Autoencoder& model, torch::optim::Optimizer* optimizer,
                              std::optional<EpochRecord>* record) {
  const std::string source = path.string();
  const std::string bytes = readWholeCheckpoint(path);
  if (record) record->reset();
  if (looksLikeZipArchive(bytes)) return loadLegacy(bytes, source, model, optimizer);
  if (!looksLikeCheckpointContainer(bytes)) refuseUnknown(source);
  return loadParts(bytes, source, model->spec().name, {{kModelGroup, kOptimizerGroup, model.ptr().get(), optimizer}},
                   record);
}

void saveGanCheckpoint(const std::filesystem::path& path, Gan& model, torch::optim::Optimizer* generatorOptimizer,
                       torch::optim::Optimizer* discriminatorOptimizer, const CheckpointInfo& info,
                       const EpochRecord* record) {
  saveParts(path, ganParts(model, generatorOptimizer, discriminatorOptimizer), info, record);
}

CheckpointInfo loadGanCheckpoint(const std::filesystem::path& path, Gan& model,
                                 torch::optim::Optimizer* generatorOptimizer,
                                 torch::optim::Optimizer* discriminatorOptimizer, std::optional<EpochRecord>* record) {
  const std::string source = path.string();
  const std::string bytes = readWholeCheckpoint(path);
  if (record) record->reset();
  if (!looksLikeCheckpointContainer(bytes)) refuseUnknown(source);
  return loadParts(bytes, source, model->spec().name, ganParts(model, generatorOptimizer, discriminatorOptimizer),
                   record);
}

CheckpointInfo readCheckpointInfo(const std::filesystem::path& path) {
  const std::string source = path.string();
  const std::string bytes = readWholeCheckpoint(path);
  if (looksLikeZipArchive(bytes)) {
    torch::serialize::InputArchive archive;
    openLegacy(archive, bytes, source);
    return legacyInfo(archive, source);
  }
  if (!looksLikeCheckpointContainer(bytes)) refuseUnknown(source);
  return infoOf(decodeCheckpoint(bytes, source), source);
}

}  // namespace latentlab
