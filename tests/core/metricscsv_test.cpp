// metrics.csv may be hand-edited: numbers are parsed whole, epochs must be 1.. and rise.
#include "run/metricscsv.h"
#include "common/error.h"
#include "fixtures.h"
#include "run/runfolder.h"
#include "tempdir.h"

#include <gtest/gtest.h>

#include <cmath>

namespace latentlab {
namespace {

const std::string kHeader = metricsCsvHeader() + "\n";

std::string parseError(const std::string& rows) {
  try {
    parseMetricsCsv(kHeader + rows, "run/metrics.csv");
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    return error.what();
  }
  return "";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsCsv, DuplicateEpochIsRefusedNamingTheLine) {
  const std::string message = parseError("1,0.5,0.4\n2,0.3,0.3\n2,0.2,0.2\n");
  EXPECT_TRUE(has(message, "run/metrics.csv line 4: epoch 2 appears twice")) << message;
}

TEST(MetricsCsv, EpochsOutOfOrderAreRefused) {
  const std::string message = parseError("2,0.5,0.4\n1,0.3,0.3\n");
  EXPECT_TRUE(has(message, "line 3: epoch 1 comes after epoch 2")) << message;
}

TEST(MetricsCsv, NegativeOrZeroEpochIsRefused) {
  EXPECT_TRUE(has(parseError("-1,0.5,0.4\n1,0.3,0.3\n"), "line 2: the epoch must be a whole number from 1"));
  EXPECT_TRUE(has(parseError("0,0.5,0.4\n"), "not '0'"));
}

TEST(MetricsCsv, ScientificEpochIsRefusedNotReadAsOne) {
  const std::string message = parseError("1e99,0.5,0.4\n");
  EXPECT_TRUE(has(message, "line 2: the epoch must be a whole number from 1 to 100000, not '1e99'")) << message;
  EXPECT_TRUE(has(parseError("2147483648,0.5,0.4\n"), "not '2147483648'"));
}

TEST(MetricsCsv, NumbersMustFillTheirWholeField) {
  const std::string message = parseError("1,0.5abc,0.4\n");
  EXPECT_TRUE(has(message, "line 2: train_loss is not a number: '0.5abc'")) << message;
  EXPECT_TRUE(has(parseError("1,0.5,0.4,x\n"), "val_mse is not a number"));
}

TEST(MetricsCsv, WrittenRowsReadBackIncludingBlanksAndWindowsLineEnds) {
  const auto rows = parseMetricsCsv(kHeader + "1,0.5,,0.1\r\n\n2,0.25,0.2,0.1,,,,,,,0.001\r\n", "m.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].epoch, 1);
  EXPECT_DOUBLE_EQ(rows[0].trainLoss, 0.5);
  EXPECT_TRUE(std::isnan(rows[0].validationLoss));
  EXPECT_EQ(rows[1].epoch, 2);
  EXPECT_DOUBLE_EQ(rows[1].learningRate, 0.001);

  test::TempDir dir;
  const RunFolder run(dir.path());
  run.writeMetrics(rows);
  const auto again = run.readMetrics();
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1].epoch, 2);
  EXPECT_DOUBLE_EQ(again[1].validationLoss, 0.2);
}

TEST(MetricsCsv, RunFolderNamesItsFileInTheError) {
  test::TempDir dir;
  const RunFolder run(dir.path());
  test::writeBytes(run.metricsFile(), kHeader + "1,0.5,0.4\n1,0.5,0.4\n");
  try {
    run.readMetrics();
    FAIL() << "a duplicated epoch was read";
  } catch (const Error& error) {
    EXPECT_TRUE(has(error.what(), run.metricsFile().string() + " line 3")) << error.what();
  }
}

TEST(MetricsCsv, KeepsAGansColumnsAndReadsFilesWrittenBeforeThem) {
  test::TempDir dir;
  const RunFolder folder(dir.path());
  EpochStats row;
  row.epoch = 1;
  row.trainLoss = 2.5;
  row.validationLoss = std::nan("");
  row.gan = GanFigures{2.5, 0.75, 0.8, 0.25};
  row.fid = 41.25;
  row.classCounts = {12, 0, 7};
  folder.writeMetrics({row});
  const auto rows = folder.readMetrics();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].gan.generatorLoss, 2.5);
  EXPECT_DOUBLE_EQ(rows[0].gan.discriminatorLoss, 0.75);
  EXPECT_DOUBLE_EQ(rows[0].gan.realScore, 0.8);
  EXPECT_DOUBLE_EQ(rows[0].gan.fakeScore, 0.25);
  EXPECT_DOUBLE_EQ(rows[0].fid, 41.25);
  EXPECT_EQ(rows[0].classCounts, (std::vector<std::int64_t>{12, 0, 7}));

  // A file from before GANs ends at lr: nothing measured, nothing refused.
  const auto old = parseMetricsCsv(
      "epoch,train_loss,val_loss,val_mse,val_bce,val_psnr,val_snr_db,val_ssim,seconds,images_per_s,lr\n"
      "1,0.5,0.4,0.01,0.1,20,10,0.9,3,100,0.001\n",
      "old/metrics.csv");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_FALSE(old[0].gan.isMeasured());
  EXPECT_TRUE(std::isnan(old[0].fid));
  EXPECT_TRUE(old[0].classCounts.empty());

  EXPECT_TRUE(has(parseError("1,2,,,,,,,1,1,0.1,2,1,0.5,0.5,30,3 x 4\n"), "class_counts"));
  EXPECT_TRUE(has(parseError("1,2,,,,,,,1,1,0.1,2,1,0.5,0.5,30,3  4\n"), "class_counts"));
  EXPECT_TRUE(has(parseError("1,2,,,,,,,1,1,0.1,2,1,0.5,0.5,30,-3\n"), "class_counts"));
  EXPECT_TRUE(has(parseError("1,2,,,,,,,1,1,0.1,2,1,0.5,0.5,abc,3\n"), "fid"));
}

}  // namespace
}  // namespace latentlab
