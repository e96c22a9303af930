#include "run/epochrecord.h"

#include "common/error.h"

#include <cmath>
#include <cstring>

namespace latentlab {

namespace {
constexpr const char* kGroup = "epoch";

template <typename T>
StoredTensor vectorTensor(const std::string& name, StoredType type, const std::vector<T>& values) {
  StoredTensor tensor;
  tensor.name = name;
  tensor.type = type;
  tensor.shape = {std::int64_t(values.size())};
  tensor.data.assign(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  return tensor;
}

template <typename T>
std::vector<T> vectorOf(const StoredTensor& tensor) {
  std::vector<T> values(tensor.data.size() / sizeof(T));
  if (!values.empty()) std::memcpy(values.data(), tensor.data.data(), values.size() * sizeof(T));
  return values;
}

// The row's columns as in metrics.csv, so the names say what they are.
std::vector<std::pair<std::string, double EpochStats::*>> plainColumns() {
  return {{"train_loss", &EpochStats::trainLoss},
          {"val_loss", &EpochStats::validationLoss},
          {"seconds", &EpochStats::seconds},
          {"images_per_s", &EpochStats::imagesPerSecond},
          {"lr", &EpochStats::learningRate}};
}
std::vector<std::pair<std::string, double ImageQuality::*>> qualityColumns() {
  return {{"val_mse", &ImageQuality::mse},
          {"val_bce", &ImageQuality::bce},
          {"val_psnr", &ImageQuality::psnr},
          {"val_snr_db", &ImageQuality::snrDb},
          {"val_ssim", &ImageQuality::ssim}};
}

// A GAN's columns; records written before GANs (or by an autoencoder) lack them: NaN.
std::vector<std::pair<std::string, double GanFigures::*>> ganColumns() {
  return {{"g_loss", &GanFigures::generatorLoss},
          {"d_loss", &GanFigures::discriminatorLoss},
          {"d_real", &GanFigures::realScore},
          {"d_fake", &GanFigures::fakeScore}};
}

void putShape(CheckpointContents& contents, const std::string& key, const ImageShape& shape) {
  contents.integers[key + "_c"] = shape.channels;
  contents.integers[key + "_h"] = shape.height;
  contents.integers[key + "_w"] = shape.width;
}
}  // namespace

void storeEpochRecord(const EpochRecord& record, CheckpointContents& contents) {
  const EpochStats& stats = record.stats;
  contents.integers["record.epoch"] = stats.epoch;
  contents.integers["record.improved"] = stats.improved ? 1 : 0;
  for (const auto& [name, member] : plainColumns()) contents.reals["record." + name] = stats.*member;
  for (const auto& [name, member] : qualityColumns()) contents.reals["record." + name] = stats.validation.*member;
  for (const auto& [name, member] : ganColumns()) contents.reals["record." + name] = stats.gan.*member;
  contents.reals["record.fid"] = stats.fid;

  std::vector<std::int64_t> steps;
  std::vector<double> losses, discriminatorLosses;
  for (const auto& row : record.batchLosses) {
    steps.push_back(row.step);
    losses.push_back(row.loss);
    discriminatorLosses.push_back(row.discriminatorLoss);
  }
  TensorGroup group{vectorTensor("batch_steps", StoredType::Int64, steps),
                    vectorTensor("batch_losses", StoredType::Float64, losses),
                    vectorTensor("batch_d_losses", StoredType::Float64, discriminatorLosses),
                    vectorTensor("class_counts", StoredType::Int64, stats.classCounts)};
  const FilmFrame& film = record.film;
  contents.integers["record.film_count"] = film.count;
  putShape(contents, "record.film_shape", film.shape);
  putShape(contents, "record.film_input", film.inputShape);
  group.push_back(vectorTensor("film_originals", StoredType::UInt8, film.originals));
  group.push_back(vectorTensor("film_targets", StoredType::UInt8, film.targets));
  group.push_back(vectorTensor("film_reconstructions", StoredType::UInt8, film.reconstructions));
  contents.records[kGroup] = std::move(group);
}

std::optional<EpochRecord> readEpochRecord(const CheckpointContents& contents, const std::string& source) {
  const auto group = contents.records.find(kGroup);
  if (group == contents.records.end()) return std::nullopt;
  auto damaged = [&](const std::string& what) {
    return inputError(source + " has a damaged epoch record (" + what + "); train the run again");
  };
  auto integer = [&](const std::string& key, std::int64_t low, std::int64_t high) {
    const auto found = contents.integers.find("record." + key);
    if (found == contents.integers.end() || found->second < low || found->second > high)
      throw damaged(key + " is missing or out of range");
    return int(found->second);
  };
  auto real = [&](const std::string& key) {
    const auto found = contents.reals.find("record." + key);
    if (found == contents.reals.end()) throw damaged(key + " is missing");
    return found->second;
  };
  auto tensor = [&](const std::string& name, StoredType type) -> const StoredTensor& {
    for (const auto& stored : group->second)
      if (stored.name == name && stored.type == type && stored.shape.size() == 1) return stored;
    throw damaged(name + " is missing");
  };

  EpochRecord record;
  EpochStats& stats = record.stats;
  stats.epoch = integer("epoch", 1, 1000000);
  stats.improved = integer("improved", 0, 1) == 1;
  for (const auto& [name, member] : plainColumns()) stats.*member = real(name);
  for (const auto& [name, member] : qualityColumns()) stats.validation.*member = real(name);
  auto optionalReal = [&](const std::string& key) {
    const auto found = contents.reals.find("record." + key);
    return found == contents.reals.end() ? std::nan("") : found->second;
  };
  for (const auto& [name, member] : ganColumns()) stats.gan.*member = optionalReal(name);
  stats.fid = optionalReal("fid");
  for (const auto& stored : group->second)
    if (stored.name == "class_counts" && stored.type == StoredType::Int64 && stored.shape.size() == 1)
      stats.classCounts = vectorOf<std::int64_t>(stored);
  for (const auto count : stats.classCounts)
    if (count < 0) throw damaged("a class count is negative");

  const auto steps = vectorOf<std::int64_t>(tensor("batch_steps", StoredType::Int64));
  const auto losses = vectorOf<double>(tensor("batch_losses", StoredType::Float64));
  if (steps.size() != losses.size()) throw damaged("batch steps and losses differ in number");
  // Records written before GANs have no discriminator losses: NaN.
  std::vector<double> discriminatorLosses;
  for (const auto& stored : group->second)
    if (stored.name == "batch_d_losses" && stored.type == StoredType::Float64 && stored.shape.size() == 1)
      discriminatorLosses = vectorOf<double>(stored);
  if (!discriminatorLosses.empty() && discriminatorLosses.size() != steps.size())
    throw damaged("batch steps and discriminator losses differ in number");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i] < 1 || steps[i] > 1000000000) throw damaged("a batch step is out of range");
    record.batchLosses.push_back(BatchLoss{stats.epoch, int(steps[i]), losses[i],
                                           discriminatorLosses.empty() ? std::nan("") : discriminatorLosses[i]});
  }

  FilmFrame& film = record.film;
  film.epoch = stats.epoch;
  film.count = integer("film_count", 0, 4096);
  for (auto [key, shape] :
       {std::pair<std::string, ImageShape*>{"film_shape", &film.shape}, {"film_input", &film.inputShape}}) {
    shape->channels = integer(key + "_c", 0, 4);
    shape->height = integer(key + "_h", 0, 8192);
    shape->width = integer(key + "_w", 0, 8192);
  }
  film.originals = vectorOf<std::uint8_t>(tensor("film_originals", StoredType::UInt8));
  film.targets = vectorOf<std::uint8_t>(tensor("film_targets", StoredType::UInt8));
  film.reconstructions = vectorOf<std::uint8_t>(tensor("film_reconstructions", StoredType::UInt8));
  const std::size_t count = std::size_t(film.count);
  // A GAN's film has samples only: no originals, no targets.
  const bool samplesOnly = film.originals.empty() && film.targets.empty();
  if ((!samplesOnly && (film.originals.size() != count * film.inputShape.pixelCount() ||
                        film.targets.size() != count * film.shape.pixelCount())) ||
      film.reconstructions.size() != count * film.shape.pixelCount())
    throw damaged("the film frame's sizes do not agree");
  return record;
}

}  // namespace latentlab
