// Encoding a dataset for the latent map, and the files exported from the codes.

#include "latent/datasetencoding.h"
#include "common/error.h"
#include "fixtures.h"
#include "inference/snapshotaccess.h"
#include "latent/projectorexport.h"
#include "presets.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/imgcodecs.hpp>
#endif

namespace latentlab {
namespace {
namespace fs = std::filesystem;

ModelSpec tinySpec(const std::string& kind = "ae") {
  return parseModelSpec(R"({"name": "tiny", "kind": ")" + kind + R"(", "input": [1, 16, 16], "activation": "relu",
    "output_activation": "sigmoid",
    "encoder": [{"conv": 4, "kernel": 3, "stride": 2, "padding": 1}, {"linear": 16}],
    "latent": 3, "decoder": "mirror"})",
                        "tiny");
}

// An untrained model's snapshot: weights are random but fixed by the seed.
ModelSnapshotPtr untrainedSnapshot(const ModelSpec& spec, std::uint64_t seed = 1) {
  torch::manual_seed(seed);
  return makeSnapshot(Autoencoder(spec), 0);
}

std::vector<std::size_t> allItems(const Dataset& dataset) {
  std::vector<std::size_t> indices(dataset.size());
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  return indices;
}

std::size_t lineCount(const fs::path& file) {
  const std::string text = test::readBytes(file);
  return std::size_t(std::count(text.begin(), text.end(), '\n'));
}

TEST(DatasetEncoding, EncodesEveryItemInBatches) {
  const Dataset dataset = test::makeBlobDataset(37, ImageShape{1, 16, 16}, 4, 1);
  const auto snapshot = untrainedSnapshot(tinySpec());
  const std::vector<std::size_t> indices{30, 2, 5, 11, 12, 13, 36, 0, 1, 9};
  EncodeOptions options;
  options.batchSize = 4;  // three batches, the last one short
  std::vector<double> fractions;
  const JobContext job([&](double fraction, const std::string&) { fractions.push_back(fraction); }, {});
  const EncodedSet encoded = encodeDataset(*snapshot, dataset, indices, options, job);
  EXPECT_EQ(encoded.count(), indices.size());
  EXPECT_EQ(encoded.codeSize, 3);
  EXPECT_EQ(encoded.indices, indices);
  ASSERT_EQ(encoded.codes.size(), indices.size() * 3);
  ASSERT_EQ(encoded.errors.size(), indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) {
    EXPECT_EQ(encoded.labels[i], dataset.labels[indices[i]]);
    EXPECT_GT(encoded.errors[i], 0.0f);
    EXPECT_LT(encoded.errors[i], 1.0f);
  }
  // The same codes as encoding each image alone.
  for (std::size_t i : {std::size_t(0), std::size_t(9)}) {
    const auto inputs = modelInputs(*snapshot, dataset, &indices[i], 1);
    const auto code = snapshot->encode(inputs.data(), 1);
    for (int d = 0; d < 3; ++d) EXPECT_NEAR(encoded.code(i)[d], code[std::size_t(d)], 1e-5);
  }
  // Progress: once before each batch and 1 at the end, increasing.
  EXPECT_EQ(fractions, std::vector<double>({0.0, 0.4, 0.8, 1.0}));

  options.reconstructionErrors = false;
  const auto plain = encodeDataset(*snapshot, dataset, indices, options);
  EXPECT_TRUE(plain.errors.empty());
  EXPECT_EQ(plain.codes, encoded.codes);
}

TEST(DatasetEncoding, ACancelledTokenStopsBeforeTheNextBatch) {
  const Dataset dataset = test::makeBlobDataset(40, ImageShape{1, 16, 16}, 4, 2);
  const auto snapshot = untrainedSnapshot(tinySpec());
  EncodeOptions options;
  options.batchSize = 8;
  int calls = 0;
  CancellationToken token;
  const JobContext job(
      [&](double, const std::string&) {
        if (++calls == 2) token.cancel();  // after the first batch
      },
      token);
  EXPECT_THROW(encodeDataset(*snapshot, dataset, allItems(dataset), options, job), JobCancelled);
  EXPECT_EQ(calls, 2);  // stopped before the second batch
}

TEST(DatasetEncoding, VaeCodesAreTheMean) {
  const Dataset dataset = test::makeBlobDataset(12, ImageShape{1, 16, 16}, 4, 3);
  const auto snapshot = untrainedSnapshot(tinySpec("vae"));
  const auto first = encodeDataset(*snapshot, dataset, allItems(dataset));
  const auto second = encodeDataset(*snapshot, dataset, allItems(dataset));
  EXPECT_EQ(first.codes, second.codes);  // no sampling noise
  EXPECT_EQ(first.codeSize, 3);
  // The posterior's log-variances come along (for KL per dimension), from the same pass.
  ASSERT_EQ(first.logVariances.size(), first.codes.size());
  std::vector<float> images(12 * 256);
  for (std::size_t i = 0; i < images.size(); ++i) images[i] = float(dataset.pixels[i]) / 255.0f;
  std::vector<float> logVariances;
  EXPECT_EQ(snapshot->encode(images.data(), 12, &logVariances), first.codes);
  EXPECT_EQ(logVariances, first.logVariances);
  // A plain autoencoder has none.
  const auto plain = encodeDataset(*untrainedSnapshot(tinySpec()), dataset, allItems(dataset));
  EXPECT_TRUE(plain.logVariances.empty());
}

TEST(DatasetEncoding, ColorizationModelsSeeGrayInputs) {
  const Dataset dataset = test::makeBlobDataset(6, ImageShape{3, 32, 32}, 3, 4);
  const auto snapshot = untrainedSnapshot(presetSpec("cifar-colorize-19167"));
  const auto inputs = modelInputs(*snapshot, dataset, allItems(dataset).data(), 1);
  ASSERT_EQ(inputs.size(), 32u * 32u);
  const std::uint8_t* image = dataset.image(0);
  EXPECT_NEAR(inputs[5], (0.299 * image[5] + 0.587 * image[1024 + 5] + 0.114 * image[2048 + 5]) / 255.0, 1e-5);
  const auto encoded = encodeDataset(*snapshot, dataset, allItems(dataset));
  EXPECT_EQ(encoded.count(), 6u);
  EXPECT_EQ(encoded.codes.size(), 6u * std::size_t(snapshot->codeSize()));
  EXPECT_EQ(encoded.errors.size(), 6u);  // RGB output against the RGB images
}

TEST(DatasetEncoding, ShapeMismatchIsAUsageErrorNamingBothShapes) {
  const Dataset dataset = test::makeBlobDataset(4, ImageShape{1, 28, 28}, 2, 5);
  const auto snapshot = untrainedSnapshot(tinySpec());
  try {
    encodeDataset(*snapshot, dataset, allItems(dataset));
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("1x16x16"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("1x28x28"), std::string::npos) << error.what();
  }
  const Dataset fits = test::makeBlobDataset(4, ImageShape{1, 16, 16}, 2, 5);
  EXPECT_THROW(encodeDataset(*snapshot, fits, {0, 4}), Error);  // an index outside the set
}

TEST(DatasetEncoding, SpreadSubsetKeepsOrderAndSpreads) {
  std::vector<std::size_t> indices(100);
  for (std::size_t i = 0; i < 100; ++i) indices[i] = 2 * i;
  EXPECT_EQ(spreadSubset(indices, 0), indices);
  EXPECT_EQ(spreadSubset(indices, 500), indices);
  EXPECT_EQ(spreadSubset(indices, 4), std::vector<std::size_t>({0, 50, 100, 150}));
}

EncodedSet sampleCodes(const Dataset& dataset) {
  EncodedSet set;
  set.codeSize = 3;
  for (std::size_t i = 0; i < dataset.size(); i += 2) {
    set.indices.push_back(i);
    set.labels.push_back(dataset.labels[i]);
    for (int d = 0; d < 3; ++d) set.codes.push_back(float(i) + 0.125f * float(d) + 1e-6f);
  }
  return set;
}

TEST(ProjectorExport, WritesTensorsMetadataSpriteAndConfig) {
  test::TempDir dir;
  const Dataset dataset = test::makeBlobDataset(20, ImageShape{1, 16, 16}, 4, 6);
  const EncodedSet codes = sampleCodes(dataset);  // 10 items
  std::vector<std::string> warnings;
  exportProjector(dir / "projector", codes, dataset, dataset.classNames, &warnings);
  EXPECT_EQ(lineCount(dir / "projector" / "tensors.tsv"), 10u);
  EXPECT_EQ(lineCount(dir / "projector" / "metadata.tsv"), 11u);
  const std::string metadata = test::readBytes(dir / "projector" / "metadata.tsv");
  EXPECT_EQ(metadata.rfind("index\tlabel\tclass\n0\t0\tclass0\n2\t2\tclass2\n", 0), 0u) << metadata;
  const std::string tensors = test::readBytes(dir / "projector" / "tensors.tsv");
  EXPECT_EQ(tensors.rfind("1e-06\t0.125001\t0.250001\n", 0), 0u) << tensors;
  const std::string config = test::readBytes(dir / "projector" / "projector_config.pbtxt");
  EXPECT_NE(config.find("tensor_path: \"tensors.tsv\""), std::string::npos);
  EXPECT_NE(config.find("metadata_path: \"metadata.tsv\""), std::string::npos);
#ifdef LATENTLAB_HAVE_OPENCV
  EXPECT_TRUE(warnings.empty());
  EXPECT_NE(config.find("single_image_dim: 16"), std::string::npos);
  const cv::Mat sprite = cv::imread((dir / "projector" / "sprite.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(sprite.empty());
  EXPECT_EQ(sprite.cols, 4 * 16);  // ceil(sqrt(10)) = 4 columns
  EXPECT_EQ(sprite.rows, 3 * 16);  // 3 rows hold 10 images
  // The first tile is the first exported image.
  EXPECT_EQ(sprite.at<std::uint8_t>(5, 7), dataset.image(0)[5 * 16 + 7]);
  EXPECT_EQ(sprite.at<std::uint8_t>(16 + 5, 16 + 7),
            dataset.image(10)[5 * 16 + 7]);  // item 5 of the export: row 1, column 1
#else
  EXPECT_EQ(warnings.size(), 1u);
  EXPECT_FALSE(fs::exists(dir / "projector" / "sprite.png"));
#endif
}

TEST(ProjectorExport, LargeSetsShrinkTheSpriteTo8192Pixels) {
#ifndef LATENTLAB_HAVE_OPENCV
  GTEST_SKIP() << "no OpenCV in this build";
#else
  test::TempDir dir;
  // 2,000 tiles of 200 px (four images repeated): 45 columns would need 9,000 px.
  const Dataset dataset = test::makeBlobDataset(4, ImageShape{1, 200, 200}, 4, 7);
  EncodedSet codes;
  codes.codeSize = 1;
  for (std::size_t i = 0; i < 2000; ++i) {
    codes.indices.push_back(i % 4);
    codes.labels.push_back(dataset.labels[i % 4]);
    codes.codes.push_back(float(i));
  }
  exportProjector(dir.path(), codes, dataset, {});
  const cv::Mat sprite = cv::imread((dir / "sprite.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(sprite.empty());
  EXPECT_LE(sprite.cols, 8192);
  EXPECT_EQ(sprite.cols, 45 * (8192 / 45));
  EXPECT_EQ(sprite.channels(), 1);  // gray images, gray sprite
  EXPECT_EQ(lineCount(dir / "metadata.tsv"), 2001u);
#endif
}

TEST(ProjectorExport, CodesCsvHasAHeaderAndOneRowPerItem) {
  test::TempDir dir;
  const Dataset dataset = test::makeBlobDataset(20, ImageShape{1, 16, 16}, 4, 6);
  const EncodedSet codes = sampleCodes(dataset);
  writeCodesCsv(dir / "codes.csv", codes);
  std::istringstream lines(test::readBytes(dir / "codes.csv"));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "index,label,z0,z1,z2");
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string field;
    std::vector<std::string> values;
    while (std::getline(fields, field, ',')) values.push_back(field);
    ASSERT_EQ(values.size(), 5u) << line;
    EXPECT_EQ(std::stoul(values[0]), codes.indices[rows]);
    EXPECT_EQ(std::stoll(values[1]), codes.labels[rows]);
    for (int d = 0; d < 3; ++d)
      EXPECT_EQ(std::stof(values[std::size_t(2 + d)]), codes.code(rows)[d]);  // exact round trip
    ++rows;
  }
  EXPECT_EQ(rows, codes.count());
  EXPECT_THROW(writeCodesCsv(dir / "missing" / "codes.csv", codes), Error);
}

}  // namespace
}  // namespace latentlab
