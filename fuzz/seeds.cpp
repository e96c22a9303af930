// Writes the fuzz targets' seed corpora: small valid files of every format, made by the
// project's own writers and the tests' fixture generators (nothing copied from real data sets).
// Usage: latentlab-fuzz-seeds <folder>   (creates <folder>/<target>/...)
#include "data/dataset.h"
#include "fixtures.h"
#include "modelspec.h"
#include "presets.h"
#include "probe/linearprobe.h"
#include "run/checkpointfile.h"
#include "run/runannotations.h"
#include "run/runfolder.h"
#include "run/runstatus.h"
#include "sweep/builtinsweeps.h"
#include "sweep/sweepplan.h"
#include "train/trainconfig.h"

#include <matio.h>
#include <zlib.h>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace latentlab;

namespace {

void put(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeSvhn(const fs::path& path, std::size_t count, matio_compression compression) {
  std::vector<std::uint8_t> x(32 * 32 * 3 * count);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::uint8_t(i * 7);
  std::vector<double> y(count);
  for (std::size_t i = 0; i < count; ++i) y[i] = double(1 + i % 10);
  std::size_t xDims[4] = {32, 32, 3, count}, yDims[2] = {count, 1};
  mat_t* file = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  matvar_t* xVar = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, xDims, x.data(), 0);
  matvar_t* yVar = Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, yDims, y.data(), 0);
  Mat_VarWrite(file, xVar, compression);
  Mat_VarWrite(file, yVar, compression);
  Mat_VarFree(xVar);
  Mat_VarFree(yVar);
  Mat_Close(file);
}

template <typename T>
void append(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out += char((std::uint64_t(value) >> (8 * i)) & 0xff);
}

// A zip archive of stored (uncompressed) entries, as LibTorch's legacy checkpoints are.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string local, central;
  for (const auto& [name, data] : entries) {
    const auto crc =
        std::uint32_t(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data.data()), uInt(data.size())));
    const auto offset = std::uint32_t(local.size());
    append<std::uint32_t>(local, 0x04034b50);
    for (std::uint16_t field : {20, 0, 0, 0, 0}) append(local, field);  // version, flags, method, time, date
    append(local, crc);
    append(local, std::uint32_t(data.size()));
    append(local, std::uint32_t(data.size()));
    append(local, std::uint16_t(name.size()));
    append(local, std::uint16_t(0));
    local += name + data;
    append<std::uint32_t>(central, 0x02014b50);
    for (std::uint16_t field : {20, 20, 0, 0, 0, 0}) append(central, field);
    append(central, crc);
    append(central, std::uint32_t(data.size()));
    append(central, std::uint32_t(data.size()));
    append(central, std::uint16_t(name.size()));
    for (std::uint16_t field : {0, 0, 0, 0}) append(central, field);  // extra, comment, disk, internal attributes
    append(central, std::uint32_t(0));
    append(central, offset);
    central += name;
  }
  std::string end;
  append<std::uint32_t>(end, 0x06054b50);
  append(end, std::uint16_t(0));
  append(end, std::uint16_t(0));
  append(end, std::uint16_t(entries.size()));
  append(end, std::uint16_t(entries.size()));
  append(end, std::uint32_t(central.size()));
  append(end, std::uint32_t(local.size()));
  append(end, std::uint16_t(0));
  return local + central + end;
}

StoredTensor floats(const std::string& name, std::vector<std::int64_t> shape) {
  StoredTensor tensor;
  tensor.name = name;
  tensor.shape = std::move(shape);
  std::int64_t count = 1;
  for (std::int64_t size : tensor.shape) count *= size;
  for (std::int64_t i = 0; i < count; ++i) {
    const float value = 0.25f * float(i);
    tensor.data.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  return tensor;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: latentlab-fuzz-seeds <folder>\n";
    return 2;
  }
  const fs::path out = argv[1];
  for (const char* target : {"idx", "cifar", "svhn", "npmdigits", "imagefolder", "modelspec", "trainconfig",
                             "sweepplan", "runcsv", "sidecars", "checkpoint"})
    fs::create_directories(out / target);

  const Dataset gray = test::makeBlobDataset(3, ImageShape{1, 4, 4}, 3);
  test::writeIdxImages(out / "idx" / "images-idx3-ubyte", gray, false);
  test::writeIdxImages(out / "idx" / "images-idx3-ubyte.gz", gray, true);
  test::writeIdxLabels(out / "idx" / "labels-idx1-ubyte", gray, false);
  test::writeIdxLabels(out / "idx" / "labels-idx1-ubyte.gz", gray, true);

  test::writeCifarBatch(out / "cifar" / "two_records.bin", test::makeBlobDataset(2, ImageShape{3, 32, 32}));
  put(out / "cifar" / "empty.bin", "");

  writeSvhn(out / "svhn" / "plain.mat", 2, MAT_COMPRESSION_NONE);
  writeSvhn(out / "svhn" / "zlib.mat", 1, MAT_COMPRESSION_ZLIB);

  const fs::path digits = out / "npm-scratch";
  test::writeNpmDigits(digits, test::makeBlobDataset(10, ImageShape{1, 28, 28}));
  put(out / "npmdigits" / "one-digit.json", slurp(digits / "0.json"));
  put(out / "npmdigits" / "short.json", R"({"data": [0, 0.5, 1, 1e-3, 0.25]})");
  fs::remove_all(digits);

  std::vector<std::uint8_t> bytes;
  const cv::Mat grayImage(8, 8, CV_8UC1, cv::Scalar(90)), colorImage(6, 10, CV_8UC3, cv::Scalar(10, 200, 30));
  for (const auto& [name, image] : {std::pair{"gray.png", grayImage},
                                    {"color.png", colorImage},
                                    {"color.jpg", colorImage},
                                    {"gray.bmp", grayImage},
                                    {"gray.pgm", grayImage},
                                    {"color.ppm", colorImage}}) {
    cv::imencode(fs::path(name).extension().string(), image, bytes);
    put(out / "imagefolder" / name, std::string(bytes.begin(), bytes.end()));
  }

  for (const std::string& name : presetNames()) {
    put(out / "modelspec" / (name + ".json"), presetJson(name));
    put(out / "trainconfig" / ("training-" + name + ".json"), presetSpec(name).trainingDefaultsJson);
  }
  TrainConfig config;
  put(out / "trainconfig" / "default.json", trainConfigToJson(config));
  config.corruption = "gaussian:0.5";
  config.optimizer = OptimizerKind::Sgd;
  config.loss = LossKind::Bce;
  config.earlyStopPatience = 3;
  put(out / "trainconfig" / "sgd-denoise.json", trainConfigToJson(config));

  for (const BuiltinSweep& sweep : builtinSweeps()) {
    TrainConfig base;
    base.dataset = sweep.dataset;
    base.epochs = sweep.epochs;
    SweepPlan plan = planSweep(sweep.name, sweep.preset, presetSpec(sweep.preset), base, sweep.axes, 2);
    put(out / "sweepplan" / (sweep.name + ".json"), plan.toJson());
    if (plan.runs.size() > 1) {
      plan.runs[0].state = SweepRunState::Finished;
      plan.runs[0].epochsDone = 2;
      plan.runs[0].bestValidationLoss = 0.031;
      plan.runs[1].state = SweepRunState::Diverged;
      plan.runs[1].message = "loss became NaN at {lr} 0.02";
      put(out / "sweepplan" / (sweep.name + "-started.json"), plan.toJson());
    }
  }

  const fs::path run = out / "run-scratch";
  fs::create_directories(run);
  const RunFolder folder(run);
  std::vector<EpochStats> epochs(3);
  for (int i = 0; i < 3; ++i) {
    epochs[std::size_t(i)].epoch = i + 1;
    epochs[std::size_t(i)].epochs = 3;
    epochs[std::size_t(i)].trainLoss = 0.1 / (i + 1);
    epochs[std::size_t(i)].validationLoss = i == 2 ? std::nan("") : 0.12 / (i + 1);
    epochs[std::size_t(i)].improved = i < 2;
  }
  folder.writeMetrics(epochs);
  folder.writeBatchLosses({{1, 1, 0.5}, {1, 2, 0.25}, {2, 1, 0.125}});
  put(out / "runcsv" / "metrics.csv", slurp(folder.metricsFile()));
  put(out / "runcsv" / "batches.csv", slurp(folder.batchLossesFile()));

  RunStatusRecord status = runningStatus(2);
  put(out / "sidecars" / "status-running.json", runStatusJson(status));
  status.state = "finished";
  status.message = "stopped early at {epochs} 7";
  put(out / "sidecars" / "status-finished.json", runStatusJson(status));
  writeRunAnnotations(run, RunAnnotations{"my run", {"conv", "seed-002"}, "a note\nwith two lines"});
  put(out / "sidecars" / "annotations.json", slurp(runAnnotationsFile(run)));
  ProbeResult probe;
  probe.classNames = {"zero", "one"};
  probe.accuracy = 0.75;
  probe.frozenAccuracy = 0.7;
  probe.knnAccuracy = 0.8;
  probe.perClassAccuracy = {1.0, std::nan("")};
  probe.confusion = {{3, 1}, {0, 0}};
  probe.history = {ProbeEpoch{}};
  probe.testItems = {4, 9, 11, 12};
  probe.truth = {0, 0, 0, 0};
  probe.predicted = {0, 1, 0, 0};
  probe.trainItems = 40;
  probe.codeSize = 2;
  probe.epoch = 5;
  put(out / "sidecars" / "probe.json", probeResultToJson(probe));
  fs::remove_all(run);

  CheckpointContents checkpoint;
  checkpoint.integers = {{"epoch", 3}, {"best_epoch", 2}};
  checkpoint.reals = {{"best_val_loss", 0.0123}};
  checkpoint.modules["model"] = {floats("encoder.0.weight", {2, 1, 3, 3}), floats("encoder.0.bias", {2})};
  checkpoint.optimizers["model"] = {floats("state.0.exp_avg", {2})};
  StoredTensor step = floats("step", {});
  step.type = StoredType::Int64;
  step.data = std::string(8, '\0');
  checkpoint.records["epoch"] = {step};
  put(out / "checkpoint" / "format2.ckpt", encodeCheckpoint(checkpoint));
  put(out / "checkpoint" / "empty-format2.ckpt", encodeCheckpoint(CheckpointContents{}));
  put(out / "checkpoint" / "legacy.zip", storedZip({{"archive/data.pkl", "\x80\x02}q\x00."},
                                                    {"archive/data/0", std::string(16, '\x01')},
                                                    {"archive/version", "3\n"}}));

  std::cout << "seeds written to " << out.string() << "\n";
  return 0;
}
