// report on a tiny trained run: the JSON lists files that exist; a wrong --out is a usage error.

#include "clirunner.h"
#include "smallrunsuite.h"
#include "tempdir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
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

}  // namespace
}  // namespace latentlab::test
