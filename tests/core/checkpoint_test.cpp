#include "run/checkpoint.h"
#include "common/error.h"
#include "fixtures.h"
#include "run/checkpointfile.h"
#include "run/ziparchivecheck.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <random>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

// What LatentLab wrote before format 2: a LibTorch archive with TorchScript code inside.
void writeLegacyCheckpoint(const fs::path& path, Autoencoder& model, torch::optim::Optimizer* optimizer,
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
  archive.write("latentlab_format", torch::tensor(std::int64_t(1)));
  archive.write("epoch", torch::tensor(std::int64_t(info.epoch)));
  archive.write("best_epoch", torch::tensor(std::int64_t(info.bestEpoch)));
  archive.write("best_val_loss", torch::tensor(info.bestValidationLoss, torch::kFloat64));
  archive.save_to(path.string());
}

// Offset and size of each entry's data in a zip archive, from its central directory.
struct ZipEntry {
  std::string name;
  std::size_t data = 0;
  std::size_t size = 0;  // stored (compressed) size
};
std::vector<ZipEntry> zipEntries(const std::string& bytes) {
  auto u16 = [&](std::size_t at) { return std::size_t(std::uint8_t(bytes[at]) | (std::uint8_t(bytes[at + 1]) << 8)); };
  auto u32 = [&](std::size_t at) { return (u16(at + 2) << 16) | u16(at); };
  std::size_t end = bytes.size() - 22;
  while (end > 0 && u32(end) != 0x06054b50) --end;
  std::vector<ZipEntry> entries;
  std::size_t at = u32(end + 16);
  for (std::size_t i = 0, count = u16(end + 10); i < count; ++i) {
    ZipEntry entry;
    entry.size = u32(at + 20);
    const std::size_t nameLength = u16(at + 28);
    entry.name = bytes.substr(at + 46, nameLength);
    const std::size_t local = u32(at + 42);
    entry.data = local + 30 + u16(local + 26) + u16(local + 28);
    entries.push_back(entry);
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}

Error loadError(const fs::path& path, const ModelSpec& spec) {
  Autoencoder model(spec);
  try {
    loadCheckpoint(path, model);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "loading " << path << " did not fail";
  return runtimeError("");
}

std::string flipped(std::string bytes, std::size_t at) {
  bytes[at] = char(bytes[at] ^ 0x01);
  return bytes;
}

void expectOneLineNaming(const Error& error, const fs::path& path) {
  const std::string message = error.what();
  EXPECT_EQ(error.kind(), ErrorKind::Input) << message;
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(Checkpoint, CorruptedCodeByteIsRefusedBeforeLibTorch) {
  TempDir dir;
  const ModelSpec spec = test::tinyConvSpec();
  Autoencoder model(spec);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  writeLegacyCheckpoint(dir / "legacy.pt", model, &optimizer, CheckpointInfo{2, 2, 0.5});
  const std::string bytes = test::readBytes(dir / "legacy.pt");
  int codeEntries = 0;
  for (const auto& entry : zipEntries(bytes)) {
    if (entry.name.find("/code/") == std::string::npos || entry.size < 8) continue;
    ++codeEntries;
    SCOPED_TRACE(entry.name);
    // One byte of TorchScript changed: LibTorch's parser crashed on such files; now they never reach it.
    test::writeBytes(dir / "checkpoint.pt", flipped(bytes, entry.data + entry.size / 2));
    const Error error = loadError(dir / "checkpoint.pt", spec);
    expectOneLineNaming(error, dir / "checkpoint.pt");
    EXPECT_NE(std::string(error.what()).find("damaged"), std::string::npos) << error.what();
  }
  EXPECT_GT(codeEntries, 5);
}

TEST(Checkpoint, FlippedWeightByteIsCaughtByChecksum) {
  TempDir dir;
  const ModelSpec spec = test::tinyConvSpec();
  Autoencoder model(spec);
  saveCheckpoint(dir / "good.pt", model, nullptr, CheckpointInfo{1, 1, 0.5});
  const std::string bytes = test::readBytes(dir / "good.pt");
  std::mt19937 random(14);
  for (int i = 0; i < 12; ++i) {
    const std::size_t at = 24 + random() % (bytes.size() - 24);  // anywhere after the header
    SCOPED_TRACE(at);
    test::writeBytes(dir / "checkpoint.pt", flipped(bytes, at));
    const Error error = loadError(dir / "checkpoint.pt", spec);
    expectOneLineNaming(error, dir / "checkpoint.pt");
    EXPECT_NE(std::string(error.what()).find("is damaged (checksum mismatch)"), std::string::npos) << error.what();
  }

  // Format 1 files have no checksum of ours, but their zip entries have CRCs LibTorch never checks.
  writeLegacyCheckpoint(dir / "legacy.pt", model, nullptr, CheckpointInfo{1, 1, 0.5});
  const std::string legacy = test::readBytes(dir / "legacy.pt");
  for (const auto& entry : zipEntries(legacy)) {
    if (entry.name.find("/data/") == std::string::npos || entry.size < 64) continue;
    SCOPED_TRACE(entry.name);
    test::writeBytes(dir / "checkpoint.pt", flipped(legacy, entry.data + entry.size / 3));
    const Error error = loadError(dir / "checkpoint.pt", spec);
    expectOneLineNaming(error, dir / "checkpoint.pt");
    EXPECT_NE(std::string(error.what()).find("fails its checksum"), std::string::npos) << error.what();
  }
}

TEST(Checkpoint, FlipsNearTheArchiveEndGiveOneLineOrLoad) {
  TempDir dir;
  const ModelSpec spec = test::tinyConvSpec();
  Autoencoder model(spec);
  writeLegacyCheckpoint(dir / "legacy.pt", model, nullptr, CheckpointInfo{1, 1, 0.5});
  const std::string legacy = test::readBytes(dir / "legacy.pt");
  saveCheckpoint(dir / "new.pt", model, nullptr, CheckpointInfo{1, 1, 0.5});
  const std::string current = test::readBytes(dir / "new.pt");
  // The central directory and end record of a legacy archive, and the whole header of ours.
  std::vector<std::pair<const std::string*, std::size_t>> flips;
  for (std::size_t back = 1; back <= 700; back += 3) flips.emplace_back(&legacy, legacy.size() - back);
  for (std::size_t at = 0; at < 24; ++at) flips.emplace_back(&current, at);
  for (const auto& [bytes, at] : flips) {
    SCOPED_TRACE(at);
    test::writeBytes(dir / "checkpoint.pt", flipped(*bytes, at));
    Autoencoder loaded(spec);
    try {
      loadCheckpoint(dir / "checkpoint.pt", loaded);  // a flip in a field nobody reads may load
    } catch (const Error& error) {
      expectOneLineNaming(error, dir / "checkpoint.pt");
    }
  }
}

TEST(Checkpoint, SpecDisagreeingWithWeightsIsRefused) {
  TempDir dir;
  ModelSpec spec = test::tinyConvSpec();
  Autoencoder model(spec);
  saveCheckpoint(dir / "checkpoint.pt", model, nullptr, CheckpointInfo{1, 1, 0.5});
  writeLegacyCheckpoint(dir / "legacy.pt", model, nullptr, CheckpointInfo{1, 1, 0.5});
  ModelSpec wider = spec;
  wider.latent = spec.latent + 1;
  for (const fs::path& file : {dir / "checkpoint.pt", dir / "legacy.pt"}) {
    SCOPED_TRACE(file);
    Autoencoder other(wider);
    const auto before = other->parameters().front().clone();
    try {
      loadCheckpoint(file, other);
      FAIL() << "weights of latent " << spec.latent << " loaded into a model of latent " << wider.latent;
    } catch (const Error& error) {
      const std::string message = error.what();
      expectOneLineNaming(error, file);
      EXPECT_NE(message.find("does not match spec.json"), std::string::npos) << message;
      EXPECT_NE(message.find("tensor "), std::string::npos) << message;
      EXPECT_NE(message.find("tensor code.weight is 8x128 in the file but 9x128 in the model"), std::string::npos)
          << message;
    }
    EXPECT_TRUE(torch::equal(before, other->parameters().front())) << "a refused file changed the model";
  }
}

TEST(Checkpoint, IntactLegacyCheckpointStillLoads) {
  TempDir dir;
  const ModelSpec spec = test::tinyConvSpec();
  Autoencoder model(spec);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-2));
  for (int step = 0; step < 3; ++step) {
    optimizer.zero_grad();
    model->forward(torch::rand({4, 1, 16, 16})).reconstruction.mean().backward();
    optimizer.step();
  }
  writeLegacyCheckpoint(dir / "legacy.pt", model, &optimizer, CheckpointInfo{3, 2, 0.25});
  EXPECT_FALSE(whyZipArchiveIsDamaged(test::readBytes(dir / "legacy.pt")));
  Autoencoder loaded(spec);
  torch::optim::Adam loadedOptimizer(loaded->parameters(), torch::optim::AdamOptions(1e-5));
  const CheckpointInfo info = loadCheckpoint(dir / "legacy.pt", loaded, &loadedOptimizer);
  EXPECT_EQ(info.epoch, 3);
  EXPECT_EQ(info.bestEpoch, 2);
  EXPECT_EQ(readCheckpointInfo(dir / "legacy.pt").epoch, 3);
  for (std::size_t i = 0; i < model->parameters().size(); ++i)
    EXPECT_TRUE(torch::equal(model->parameters()[i], loaded->parameters()[i]));
  // The run's config decides the learning rate, not the file.
  EXPECT_DOUBLE_EQ(loadedOptimizer.param_groups()[0].options().get_lr(), 1e-5);
}

// Two optimizers that took the same steps, one through a checkpoint, take the same next step.
template <typename Optimizer, typename Options>
void expectOptimizerRoundTrip(const Options& options) {
  TempDir dir;
  const ModelSpec spec = test::tinyConvSpec();
  torch::manual_seed(3);
  Autoencoder model(spec);
  Optimizer optimizer(model->parameters(), options);
  const auto batch = torch::rand({4, 1, 16, 16});
  auto step = [&](Autoencoder& m, Optimizer& o) {
    o.zero_grad();
    torch::mse_loss(m->forward(batch).reconstruction, batch).backward();
    o.step();
  };
  step(model, optimizer);
  step(model, optimizer);
  saveCheckpoint(dir / "checkpoint.pt", model, &optimizer, CheckpointInfo{2, 2, 0.5});
  Autoencoder loaded(spec);
  Optimizer loadedOptimizer(loaded->parameters(), options);
  loadCheckpoint(dir / "checkpoint.pt", loaded, &loadedOptimizer);
  step(model, optimizer);
  step(loaded, loadedOptimizer);
  for (std::size_t i = 0; i < model->parameters().size(); ++i)
    EXPECT_TRUE(torch::allclose(model->parameters()[i], loaded->parameters()[i], 1e-6, 1e-7)) << "parameter " << i;
}

TEST(Checkpoint, OptimizerStateRoundTripsWithoutTorchScript) {
  expectOptimizerRoundTrip<torch::optim::Adam>(torch::optim::AdamOptions(1e-2));
  expectOptimizerRoundTrip<torch::optim::AdamW>(torch::optim::AdamWOptions(1e-2).amsgrad(true));
  expectOptimizerRoundTrip<torch::optim::SGD>(torch::optim::SGDOptions(1e-2).momentum(0.9));

  // State of another optimizer is named, not guessed at.
  TempDir dir;
  Autoencoder model(test::tinyConvSpec());
  torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-2));
  adam.zero_grad();
  model->forward(torch::rand({2, 1, 16, 16})).reconstruction.mean().backward();
  adam.step();
  saveCheckpoint(dir / "checkpoint.pt", model, &adam, CheckpointInfo{1, 1, 0.5});
  torch::optim::SGD sgd(model->parameters(), torch::optim::SGDOptions(1e-2).momentum(0.9));
  try {
    loadCheckpoint(dir / "checkpoint.pt", model, &sgd);
    FAIL() << "Adam state was loaded into SGD";
  } catch (const Error& error) {
    expectOneLineNaming(error, dir / "checkpoint.pt");
  }
}

TEST(Checkpoint, ImpossibleProgressRecordsAreRefused) {
  TempDir dir;
  const ModelSpec spec = test::tinyConvSpec();
  Autoencoder model(spec);
  const std::vector<CheckpointInfo> impossible{{INT_MAX, 1, 0.5}, {-5, 0, 0.5}, {kMaxCheckpointEpoch + 1, 1, 0.5},
                                               {3, 4, 0.5},       {3, -1, 0.5}, {3, 2, std::nan("")},
                                               {3, 2, INFINITY}};
  for (const auto& info : impossible) {
    SCOPED_TRACE(std::to_string(info.epoch) + "/" + std::to_string(info.bestEpoch));
    for (bool legacy : {false, true}) {
      const fs::path file = dir / (legacy ? "legacy.pt" : "checkpoint.pt");
      if (legacy)
        writeLegacyCheckpoint(file, model, nullptr, info);
      else
        saveCheckpoint(file, model, nullptr, info);
      const Error error = loadError(file, spec);
      expectOneLineNaming(error, file);
      EXPECT_NE(std::string(error.what()).find("impossible progress record"), std::string::npos) << error.what();
    }
  }
  saveCheckpoint(dir / "fresh.pt", model, nullptr, CheckpointInfo{0, 0, INFINITY});  // before any epoch
  EXPECT_EQ(readCheckpointInfo(dir / "fresh.pt").epoch, 0);
}

TEST(Checkpoint, EpochRecordRoundTrips) {
  TempDir dir;
  Autoencoder model(test::tinyConvSpec());
  EpochRecord record;
  record.stats.epoch = 4;
  record.stats.trainLoss = 0.25;
  record.stats.validationLoss = std::nan("");
  record.stats.validation.psnr = 17.5;
  record.stats.learningRate = 1e-3;
  record.stats.improved = true;
  record.batchLosses = {{4, 1, 0.5}, {4, 2, 0.375}};
  record.film.epoch = 4;
  record.film.count = 2;
  record.film.shape = record.film.inputShape = ImageShape{1, 2, 2};
  record.film.originals = record.film.targets = {1, 2, 3, 4, 5, 6, 7, 8};
  record.film.reconstructions = {8, 7, 6, 5, 4, 3, 2, 1};
  saveCheckpoint(dir / "checkpoint.pt", model, nullptr, CheckpointInfo{4, 4, 0.25}, &record);
  std::optional<EpochRecord> read;
  loadCheckpoint(dir / "checkpoint.pt", model, nullptr, &read);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->stats.epoch, 4);
  EXPECT_DOUBLE_EQ(read->stats.trainLoss, 0.25);
  EXPECT_TRUE(std::isnan(read->stats.validationLoss));
  EXPECT_DOUBLE_EQ(read->stats.validation.psnr, 17.5);
  EXPECT_TRUE(read->stats.improved);
  ASSERT_EQ(read->batchLosses.size(), 2u);
  EXPECT_EQ(read->batchLosses[1].step, 2);
  EXPECT_DOUBLE_EQ(read->batchLosses[1].loss, 0.375);
  EXPECT_EQ(read->film.count, 2);
  EXPECT_EQ(read->film.reconstructions, record.film.reconstructions);

  saveCheckpoint(dir / "best.pt", model, nullptr, CheckpointInfo{4, 4, 0.25});
  loadCheckpoint(dir / "best.pt", model, nullptr, &read);
  EXPECT_FALSE(read);
}

// The container's parser on damaged bodies whose checksum was made to match: it must refuse
// with an Error (or read something) and never read past the end or allocate absurdly.
TEST(CheckpointFile, DamagedBodiesWithAValidChecksumAreRefusedSafely) {
  Autoencoder model(test::tinyConvSpec(1, 1));
  CheckpointContents contents;
  contents.integers["epoch"] = 1;
  contents.reals["best_val_loss"] = 0.5;
  StoredTensor tensor;
  tensor.name = "w";
  tensor.shape = {2, 2};
  tensor.data = std::string(16, '\x01');
  contents.modules["model"] = {tensor};
  contents.records["epoch"] = {tensor};
  const std::string good = encodeCheckpoint(contents);
  ASSERT_EQ(decodeCheckpoint(good, "x").modules.at("model").front().shape, (std::vector<std::int64_t>{2, 2}));
  std::mt19937 random(7);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bytes = good;
    const int changes = 1 + int(random() % 4);
    for (int c = 0; c < changes; ++c) bytes[24 + random() % (bytes.size() - 24)] = char(random());
    if (trial % 5 == 0) bytes.resize(24 + random() % (bytes.size() - 24));
    const std::uint64_t bodySize = bytes.size() - 24;
    std::memcpy(bytes.data() + 16, &bodySize, 8);
    const auto crc = std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data() + 24), uInt(bodySize)));
    std::memcpy(bytes.data() + 12, &crc, 4);
    try {
      decodeCheckpoint(bytes, "fuzzed.pt");
    } catch (const Error& error) {
      EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace latentlab
