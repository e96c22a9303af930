// embed and project on a tiny trained run: files, JSON, determinism, errors.

#include "clirunner.h"
#include "fixtures.h"
#include "smallrunsuite.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <sstream>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

std::vector<std::vector<std::string>> readCsv(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(readBytes(file));
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

// One run trained for the whole suite (SmallRunSuite), and a folder per test for outputs.
class CliLatent : public SmallRunSuite {
protected:
  TempDir mOut;
};

TEST_F(CliLatent, EmbedWritesOneRowPerTestImage) {
  const auto result = runCli({"embed", "--run", run().string(), "--out", (mOut / "codes.csv").string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("encoded 100 images"), std::string::npos) << result.out;
  const auto rows = readCsv(mOut / "codes.csv");
  ASSERT_EQ(rows.size(), 101u);
  std::vector<std::string> header{"index", "label"};
  for (int d = 0; d < 10; ++d) header.push_back("z" + std::to_string(d));
  EXPECT_EQ(rows[0], header);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 12u);
    const std::size_t index = std::stoul(rows[r][0]);
    EXPECT_EQ(index, 200 + (r - 1));  // the folder's t10k part follows its 200 training images
    EXPECT_EQ(std::stoll(rows[r][1]), std::int64_t((index - 200) % 10));
    for (std::size_t c = 2; c < 12; ++c) EXPECT_TRUE(std::isfinite(std::stod(rows[r][c])));
  }
}

TEST_F(CliLatent, EmbedLimitSplitJsonAndProjectorFiles) {
  const auto result = runCli({"embed", "--run", run().string(), "--split", "all", "--limit", "30", "--out",
                              (mOut / "codes.csv").string(), "--projector", (mOut / "projector").string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["count"], 30);
  EXPECT_EQ(report["code_size"], 10);
  EXPECT_TRUE(report["seconds"].is_number());
  const auto rows = readCsv(mOut / "codes.csv");
  ASSERT_EQ(rows.size(), 31u);
  EXPECT_EQ(rows[1][0], "0");
  EXPECT_EQ(rows[30][0], "290");  // evenly spread over all 300 items
  for (const char* name : {"tensors.tsv", "metadata.tsv", "projector_config.pbtxt"})
    EXPECT_TRUE(fs::exists(mOut / "projector" / name)) << name;
}

TEST_F(CliLatent, ProjectPcaPrintsSecondsAndTrustworthiness) {
  const auto result =
      runCli({"project", "--run", run().string(), "--method", "pca", "--out", (mOut / "map.csv").string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  ASSERT_TRUE(report["seconds"].is_number());
  EXPECT_GE(report["seconds"].get<double>(), 0.0);
  ASSERT_TRUE(report["trustworthiness"].is_number());
  EXPECT_GT(report["trustworthiness"].get<double>(), 0.5);
  EXPECT_LE(report["trustworthiness"].get<double>(), 1.0);
  EXPECT_EQ(report["count"], 100);
  ASSERT_EQ(report["explained_variance"].size(), 2u);
  const auto rows = readCsv(mOut / "map.csv");
  ASSERT_EQ(rows.size(), 101u);
  EXPECT_EQ(rows[0], std::vector<std::string>({"index", "label", "x", "y"}));
  EXPECT_EQ(rows[1].size(), 4u);

  // Plain text: one line naming the method and the trustworthiness.
  const auto text =
      runCli({"project", "--run", run().string(), "--method", "pca", "--out", (mOut / "map2.csv").string()});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("PCA map of 100 codes"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("trustworthiness@10"), std::string::npos) << text.out;
}

TEST_F(CliLatent, ProjectTsneIsDeterministicAndKeepsClustersTogether) {
  auto project = [&](const std::string& name, const std::string& seed) {
    return runCli({"project", "--run", run().string(), "--method", "tsne", "--perplexity", "10", "--seed", seed,
                   "--threads", "2", "--out", (mOut / name).string(), "--json"});
  };
  const auto first = project("a.csv", "3");
  ASSERT_EQ(first.exitCode, 0) << first.err;
  const auto second = project("b.csv", "3");  // (the seed drives HNSW neighbours on large sets)
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_EQ(readBytes(mOut / "a.csv"), readBytes(mOut / "b.csv"));
  const auto report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report["method"], "tsne");
  EXPECT_EQ(report["perplexity"], 10.0);
  EXPECT_GT(report["trustworthiness"].get<double>(), 0.85);
  // Ten well-separated blobs: a point's nearest neighbour on the map shares its class.
  const auto rows = readCsv(mOut / "a.csv");
  ASSERT_EQ(rows.size(), 101u);
  int agree = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    double best = 1e300;
    std::string label;
    for (std::size_t j = 1; j < rows.size(); ++j) {
      if (i == j) continue;
      const double d =
          std::hypot(std::stod(rows[i][2]) - std::stod(rows[j][2]), std::stod(rows[i][3]) - std::stod(rows[j][3]));
      if (d < best) best = d, label = rows[j][1];
    }
    agree += label == rows[i][1];
  }
  EXPECT_GE(agree, 80) << "of 100 points";
}

TEST_F(CliLatent, DefaultPerplexityShrinksForFewPoints) {
  const auto result = runCli({"project", "--run", run().string(), "--method", "tsne", "--limit", "40", "--iterations",
                              "300", "--out", (mOut / "map.csv").string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_LT(nlohmann::json::parse(result.out)["perplexity"].get<double>(), 13.0);
  EXPECT_NE(result.err.find("perplexity"), std::string::npos) << result.err;
  EXPECT_EQ(readCsv(mOut / "map.csv").size(), 41u);

  // A perplexity too large for the points is lowered the same way when typed (the GUI's rule too), and said.
  const auto typed = runCli({"project", "--run", run().string(), "--method", "tsne", "--limit", "40", "--iterations",
                             "300", "--perplexity", "500", "--out", (mOut / "typed.csv").string(), "--json"});
  ASSERT_EQ(typed.exitCode, 0) << typed.err;
  EXPECT_LT(nlohmann::json::parse(typed.out)["perplexity"].get<double>(), 13.0);
  EXPECT_NE(typed.err.find("instead of 500.0 (--perplexity)"), std::string::npos) << typed.err;
}

TEST_F(CliLatent, BadArgumentsAreUsageErrors) {
  const std::string out = (mOut / "map.csv").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"project", "--run", run().string(), "--method", "umap", "--out", out}, "--method"},
      {{"project", "--run", run().string(), "--out", out}, "--method"},
      {{"project", "--run", run().string(), "--method", "pca"}, "--out"},
      {{"project", "--run", run().string(), "--method", "tsne", "--perplexity", "0", "--out", out}, "--perplexity"},
      {{"project", "--run", run().string(), "--method", "pca", "--perplexity", "5", "--out", out}, "--perplexity"},
      {{"project", "--run", run().string(), "--method", "pca", "--split", "everything", "--out", out}, "--split"},
      {{"embed", "--run", run().string(), "--limit", "-3", "--out", out}, "--limit"},
      {{"embed", "--out", out}, "--run"},
      {{"embed", "--run", run().string(), "--out", (mOut / "no" / "such" / "codes.csv").string()}, "does not exist"},
      {{"embed", "--run", run().string(), "--out", (run() / "spec.json").string()}, "spec.json"},
  };
  const std::string spec = readBytes(run() / "spec.json");
  for (const auto& [arguments, needle] : cases) {
    const auto result = runCli(arguments);
    EXPECT_EQ(result.exitCode, 2) << arguments[0] << " " << needle << ": " << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
  EXPECT_EQ(readBytes(run() / "spec.json"), spec);
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliLatent, ADatasetOfAnotherShapeIsAUsageErrorNamingBothShapes) {
  writeIdxFolder(mOut / "small", makeBlobDataset(8, ImageShape{1, 16, 16}), makeBlobDataset(4, ImageShape{1, 16, 16}),
                 false);
  const auto result = runCli({"embed", "--run", run().string(), "--dataset", (mOut / "small").string(), "--out",
                              (mOut / "codes.csv").string()});
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_NE(result.err.find("1x28x28"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("1x16x16"), std::string::npos) << result.err;
}

TEST(CliLatentErrors, AMissingRunIsAnInputError) {
  TempDir dir;
  for (const std::string command : {"embed", "project"}) {
    std::vector<std::string> arguments{command, "--run", (dir / "nothing").string(), "--out", (dir / "x.csv").string()};
    if (command == "project") arguments.insert(arguments.end(), {"--method", "pca"});
    const auto result = runCli(arguments);
    EXPECT_EQ(result.exitCode, 1) << command << ": " << result.err;
    EXPECT_NE(result.err.find("not a run folder"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "x.csv"));
  }
}

}  // namespace
}  // namespace latentlab::test
