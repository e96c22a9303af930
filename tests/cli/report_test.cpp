// report on a tiny trained run: the JSON lists files that exist; a wrong --out is a usage
// error; the PDF (this CLI is built with Qt) and the comparison of two runs.

#include "clirunner.h"
#include "smallrunsuite.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>

namespace latentlab::test {
namespace {
namespace fs = std::filesystem;

// One run trained for the whole suite (SmallRunSuite).
class CliReport : public SmallRunSuite {};

TEST_F(CliReport, JsonListsTheReportAndItsFiles) {
  const fs::path html = dir() / "out" / "lab.html";
  const auto result =
      runCli({"report", "--run", run().string(), "--out", html.string(), "--points", "100", "--no-tsne", "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["html"], html.string());
  EXPECT_TRUE(fs::exists(html));
  ASSERT_FALSE(report["files"].empty());
  for (const auto& file : report["files"]) EXPECT_TRUE(fs::exists(file.get<std::string>())) << file;
  EXPECT_TRUE(fs::exists(dir() / "out" / "lab-figures" / "latent-pca.svg"));
  EXPECT_FALSE(fs::exists(dir() / "out" / "lab-figures" / "latent-tsne.svg"));
  const auto& sections = report["sections"];
  EXPECT_NE(std::find(sections.begin(), sections.end(), "Latent map"), sections.end());
  EXPECT_NE(std::find(sections.begin(), sections.end(), "Model summary"), sections.end());
}

TEST_F(CliReport, OutThatIsNotHtmlIsAUsageError) {
  const auto result = runCli({"report", "--run", run().string(), "--out", (dir() / "x.txt").string()});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("--out"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir() / "x.txt"));
}

TEST_F(CliReport, FolderThatIsNotARunIsNamed) {
  const auto result = runCli({"report", "--run", dir().string(), "--out", (dir() / "y.html").string()});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find(dir().string()), std::string::npos) << result.err;
}

TEST_F(CliReport, PdfAndHtmlWithBothAndChartsAsPng) {
  const fs::path pdf = dir() / "both" / "lab.pdf";
  const auto result = runCli(
      {"report", "--run", run().string(), "--out", pdf.string(), "--both", "--points", "60", "--no-tsne", "--json"});
  if (result.exitCode == 2 && result.err.find("built without Qt") != std::string::npos)
    GTEST_SKIP() << "this latentlab-cli has no PDF writer (LATENTLAB_BUILD_GUI=OFF)";
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["pdf"], pdf.string());
  EXPECT_EQ(report["html"], (dir() / "both" / "lab.html").string());
  std::ifstream file(pdf, std::ios::binary);
  std::string head(5, '\0');
  file.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  EXPECT_TRUE(fs::exists(dir() / "both" / "lab-figures" / "loss.svg"));
  EXPECT_TRUE(fs::exists(dir() / "both" / "lab-figures" / "loss.png"));
}

TEST_F(CliReport, TwoRunsMakeAComparisonAndTheAnomalyOptionIsForOneRun) {
  const fs::path copy = dir() / "copy";
  if (!fs::exists(copy)) fs::copy(run(), copy, fs::copy_options::recursive);
  const fs::path html = dir() / "cmp" / "compare.html";
  const auto result =
      runCli({"report", "--run", run().string(), "--run", copy.string(), "--out", html.string(), "--json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto report = nlohmann::json::parse(result.out);
  const auto& sections = report["sections"];
  for (const char* section : {"Summary", "Curves", "Reconstructions", "Best run"})
    EXPECT_NE(std::find(sections.begin(), sections.end(), section), sections.end()) << section;
  EXPECT_TRUE(fs::exists(dir() / "cmp" / "compare-figures" / "summary.csv"));
  const auto wrong = runCli({"report", "--run", run().string(), "--run", copy.string(), "--out", html.string(),
                             "--anomaly", "fashion-mnist"});
  EXPECT_EQ(wrong.exitCode, 2);
  EXPECT_NE(wrong.err.find("--anomaly"), std::string::npos) << wrong.err;
  const auto none = runCli({"report", "--out", html.string()});
  EXPECT_EQ(none.exitCode, 2);
  EXPECT_NE(none.err.find("--sweep"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace latentlab::test
