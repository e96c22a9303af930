// Bad input through the real binary: one line naming the file and the problem, exit 1 or 2.
#include "clirunner.h"
#include "fixtures.h"
#include "report/pngwriter.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t lineCount(const std::string& text) {
  return std::size_t(std::count(text.begin(), text.end(), '\n'));
}

// A refusal: exit 1 or 2 and one line on stderr that names `file`.
void expectOneLineNaming(const CliResult& result, const std::string& file) {
  EXPECT_TRUE(result.exitCode == 1 || result.exitCode == 2) << result.exitCode << " " << result.err;
  EXPECT_EQ(lineCount(result.err), 1u) << result.err;
  EXPECT_TRUE(has(result.err, file)) << result.err;
}

TEST(CliSpec, DeeplyNestedTrainingIsRefusedNotACrash) {
  TempDir dir;
  const fs::path spec = dir / "deep.json";
  writeBytes(spec, R"({"input": [1, 28, 28], "encoder": [{"linear": 16}], "latent": 2, "training": )" +
                       std::string(100000, '[') + std::string(100000, ']') + "}");
  const auto result = runCli({"summary", "--spec", spec.string()});
  expectOneLineNaming(result, spec.string());
  EXPECT_TRUE(has(result.err, "levels deep")) << result.err;
}

TEST(CliSpec, HugeLatentNamesTheFileAndTheKey) {
  TempDir dir;
  const fs::path spec = dir / "huge.json";
  writeBytes(spec, R"({"input": [1, 28, 28], "encoder": [{"linear": 16}], "latent": 1e400})");
  const auto result = runCli({"summary", "--spec", spec.string()});
  expectOneLineNaming(result, spec.string());
  EXPECT_TRUE(has(result.err, "\"latent\"")) << result.err;
}

TEST(CliSpec, FractionalOrBooleanLatentIsRefused) {
  TempDir dir;
  for (const char* value : {"1.5", "true"}) {
    const fs::path spec = dir / "frac.json";
    writeBytes(spec, std::string(R"({"input": [1, 28, 28], "encoder": [{"linear": 16}], "latent": )") + value + "}");
    const auto result = runCli({"summary", "--spec", spec.string()});
    expectOneLineNaming(result, spec.string());
    EXPECT_TRUE(has(result.err, "'latent' must be a whole number, not " + std::string(value))) << result.err;
  }
}

TEST(CliSpec, HugeFlattenIsRefusedNotPrintedNegative) {
  TempDir dir;
  const fs::path spec = dir / "big.json";
  writeBytes(spec, R"({"input": [64, 1024, 1024],
    "encoder": [{"conv": 2048, "kernel": 3, "padding": 1}, {"linear": 5}], "latent": 2})");
  const auto result = runCli({"summary", "--spec", spec.string()});
  expectOneLineNaming(result, "encoder layer 1 (conv 2048");
  EXPECT_FALSE(has(result.out, "-2147483648")) << result.out;
}

TEST(CliSpec, BadTrainingSettingsOfASpecFileNameTheFileNotAPreset) {
  TempDir dir;
  const fs::path spec = dir / "mine.json";
  writeBytes(spec, R"({"input": [1, 28, 28], "encoder": [{"linear": 16}], "latent": 2, "training": {"batch": 1.5}})");
  const auto result =
      runCli({"train", "--spec", spec.string(), "--dataset", "mnist", "--out", (dir / "run").string(), "--quiet"});
  expectOneLineNaming(result, spec.string() + " (its \"training\" settings): 'batch' must be a whole number");
  EXPECT_FALSE(has(result.err, "preset")) << result.err;
}

// A class folder of 1x1 PNGs (refused at their own size) and one truncated PNG.
void writeTinyImageFolder(const fs::path& folder) {
  for (int label = 0; label < 2; ++label)
    for (int i = 0; i < 12; ++i) {
      fs::create_directories(folder / std::to_string(label));
      RasterImage pixel{1, 1, 1, {std::uint8_t(label * 200 + i)}};
      writeBytes(folder / std::to_string(label) / ("img" + std::to_string(i) + ".png"), encodePng(pixel));
    }
  const std::string png = encodePng(RasterImage{16, 16, 1, std::vector<std::uint8_t>(256, 9)});
  writeBytes(folder / "0" / "broken.png", png.substr(0, png.size() / 2));
}

class CliDataset : public ::testing::Test {
protected:
  void SetUp() override {
    writeTinyImageFolder(mDir / "pixels");
    writeIdxFolder(mDir / "digits", makeBlobDataset(40, ImageShape{1, 28, 28}, 10, 1),
                   makeBlobDataset(16, ImageShape{1, 28, 28}, 10, 2), true);
  }
  std::vector<std::string> train(const std::string& dataset, const std::string& out) const {
    return {"train", "--preset", "mnist-conv", "--dataset", dataset, "--out",     out, "--epochs",
            "1",     "--batch",  "8",          "--device",  "cpu",   "--threads", "1", "--quiet"};
  }
  TempDir mDir;
};

TEST_F(CliDataset, RelativeDatasetPathStoredAbsolute) {
  const fs::path before = fs::current_path();
  fs::current_path(mDir.path());
  const auto result = runCli(train("digits", "run"));
  fs::current_path(before);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto config = nlohmann::json::parse(readBytes(mDir / "run" / "config.json"));
  EXPECT_EQ(fs::path(config["dataset"].get<std::string>()), fs::canonical(mDir / "digits"));
  // Evaluated from another folder, the run still finds its data.
  const auto eval = runCli({"eval", "--run", (mDir / "run").string(), "--json"});
  EXPECT_EQ(eval.exitCode, 0) << eval.err;
}

TEST_F(CliDataset, TinyImagesAskForImageSize) {
  const auto result = runCli(train((mDir / "pixels").string(), (mDir / "run").string()));
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_TRUE(has(result.err, "are 1x1 pixels")) << result.err;
  EXPECT_TRUE(has(result.err, "--image-size")) << result.err;
  EXPECT_FALSE(has(result.err, "libpng")) << result.err;
}

TEST_F(CliDataset, ImageSizeIsStoredAndReusedByEvalAndEmbedWhichWarnAboutBrokenImages) {
  auto arguments = train((mDir / "pixels").string(), (mDir / "run").string());
  arguments.insert(arguments.end(), {"--image-size", "28"});
  const auto trained = runCli(arguments);
  ASSERT_EQ(trained.exitCode, 0) << trained.err;
  EXPECT_FALSE(has(trained.err, "libpng")) << trained.err;
  EXPECT_TRUE(has(trained.err, "warning: skipped 1 file")) << trained.err;
  const auto config = nlohmann::json::parse(readBytes(mDir / "run" / "config.json"));
  EXPECT_EQ(config["image_size"], 28);

  const auto eval = runCli({"eval", "--run", (mDir / "run").string(), "--split", "all", "--json"});
  ASSERT_EQ(eval.exitCode, 0) << eval.err;
  EXPECT_TRUE(has(eval.err, "warning: skipped 1 file")) << eval.err;
  EXPECT_TRUE(has(eval.err, "broken.png")) << eval.err;
  EXPECT_FALSE(has(eval.err, "libpng")) << eval.err;
  EXPECT_NO_THROW(nlohmann::json::parse(eval.out)) << eval.out;

  const auto embed = runCli(
      {"embed", "--run", (mDir / "run").string(), "--split", "all", "--out", (mDir / "codes.csv").string(), "--quiet"});
  ASSERT_EQ(embed.exitCode, 0) << embed.err;
  EXPECT_TRUE(has(embed.err, "warning: skipped 1 file")) << embed.err;
}

TEST_F(CliDataset, EvalOodReadsAnImageFolderAtTheModelsSizeOrAtImageSize) {
  ASSERT_EQ(runCli(train((mDir / "digits").string(), (mDir / "run").string())).exitCode, 0);
  const std::string run = (mDir / "run").string(), pixels = (mDir / "pixels").string();
  // 1x1 pictures are refused at their own size; scored, they are read at the model's 28x28.
  const auto byModel = runCli({"eval", "--run", run, "--ood", pixels, "--json"});
  ASSERT_EQ(byModel.exitCode, 0) << byModel.err;
  EXPECT_EQ(nlohmann::json::parse(byModel.out)["ood_count"], 24);
  EXPECT_TRUE(has(byModel.err, "warning: skipped 1 file")) << byModel.err;
  EXPECT_TRUE(has(byModel.err, "broken.png")) << byModel.err;
  EXPECT_FALSE(has(byModel.err, "libpng")) << byModel.err;
  // --image-size reads them at that size; they are then converted to the model's input.
  const auto bySetting = runCli({"eval", "--run", run, "--ood", pixels, "--image-size", "8", "--json"});
  ASSERT_EQ(bySetting.exitCode, 0) << bySetting.err;
  EXPECT_EQ(nlohmann::json::parse(bySetting.out)["ood_count"], 24);
}

TEST_F(CliDataset, ImageSizeOutOfRangeIsAUsageError) {
  auto arguments = train((mDir / "pixels").string(), (mDir / "run").string());
  arguments.insert(arguments.end(), {"--image-size", "2048"});
  const auto result = runCli(arguments);
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_TRUE(has(result.err, "between 4 and 1024")) << result.err;
  EXPECT_FALSE(fs::exists(mDir / "run" / "config.json"));
}

}  // namespace
}  // namespace latentlab::test
