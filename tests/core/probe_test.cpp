// The linear probe (seed 002): on synthetic codes, its metrics by hand, probe.json,
// cancellation, and end to end on a tiny trained run (with fine-tuning).

#include "common/error.h"
#include "fixtures.h"
#include "inference/snapshotaccess.h"
#include "probe/linearprobe.h"
#include "quickruns.h"
#include "run/runsummary.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

namespace latentlab {
namespace {

// `perClass` codes of each of `classes` Gaussian blobs in `dim` dimensions, centres
// `spread` apart on distinct axes; labels shuffled at random when `randomLabels`.
EncodedSet blobCodes(int classes, int dim, std::size_t perClass, double spread, std::uint64_t seed,
                     bool randomLabels = false) {
  std::mt19937_64 random(seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  EncodedSet set;
  set.codeSize = dim;
  for (std::size_t i = 0; i < perClass * std::size_t(classes); ++i) {
    const int label = int(i % std::size_t(classes));
    set.indices.push_back(i);
    set.labels.push_back(randomLabels ? std::int64_t(random() % std::uint64_t(classes)) : label);
    for (int c = 0; c < dim; ++c)
      set.codes.push_back(noise(random) + (c == label % dim ? float(spread) * (label < dim ? 1.0f : -1.0f) : 0.0f));
  }
  return set;
}

ProbeOptions quickOptions(int epochs = 10) {
  ProbeOptions options;
  options.epochs = epochs;
  options.threads = 1;
  return options;
}

void expectUsageErrorMentioning(const std::function<void()>& call, const std::string& text) {
  try {
    call();
    FAIL() << "no error; expected one mentioning " << text;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage) << error.what();
    EXPECT_NE(std::string(error.what()).find(text), std::string::npos) << error.what();
  }
}

TEST(ProbeCodes, SeparableBlobsAreLearnedByTheProbeAndByNeighbours) {
  const EncodedSet train = blobCodes(4, 6, 200, 6.0, 1), validation = blobCodes(4, 6, 50, 6.0, 2),
                   test = blobCodes(4, 6, 100, 6.0, 3);
  std::vector<ProbeEpoch> seen;
  const ProbeResult result =
      probeCodes(train, validation, test, 4, quickOptions(), {}, [&](const ProbeEpoch& e) { seen.push_back(e); });
  EXPECT_GT(result.accuracy, 0.97);
  EXPECT_GT(result.knnAccuracy, 0.97);
  EXPECT_EQ(result.frozenAccuracy, result.accuracy);
  EXPECT_EQ(result.knnK, 5);
  EXPECT_EQ(result.trainItems, 800u);
  EXPECT_EQ(result.codeSize, 6);
  EXPECT_FALSE(result.fineTuned);
  ASSERT_EQ(result.history.size(), 10u);
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_EQ(result.history.front().epoch, 1);
  EXPECT_EQ(result.history.back().epoch, 10);
  EXPECT_LT(result.history.back().trainLoss, result.history.front().trainLoss);
  EXPECT_GT(result.history.back().validationAccuracy, 0.97);
  ASSERT_EQ(result.perClassAccuracy.size(), 4u);
  for (double recall : result.perClassAccuracy) EXPECT_GT(recall, 0.9);
  ASSERT_EQ(result.testItems.size(), 400u);
  EXPECT_EQ(result.testItems, test.indices);
  ASSERT_EQ(result.confusion.size(), 4u);
  long long total = 0, diagonal = 0;
  for (std::size_t t = 0; t < 4; ++t) {
    EXPECT_EQ(std::accumulate(result.confusion[t].begin(), result.confusion[t].end(), 0LL), 100);
    total += std::accumulate(result.confusion[t].begin(), result.confusion[t].end(), 0LL);
    diagonal += result.confusion[t][t];
  }
  EXPECT_EQ(total, 400);
  EXPECT_DOUBLE_EQ(result.accuracy, double(diagonal) / 400.0);
}

TEST(ProbeCodes, ShuffledLabelsStayNearChance) {
  // Labels drawn independently of the codes: nothing to learn (chance 0.25).
  const EncodedSet train = blobCodes(4, 6, 500, 6.0, 4, true), test = blobCodes(4, 6, 500, 6.0, 5, true);
  const ProbeResult result = probeCodes(train, {}, test, 4, quickOptions(5));
  EXPECT_LT(result.accuracy, 0.35);
  EXPECT_LT(result.knnAccuracy, 0.35);
  // Without validation codes its metrics are unknown.
  EXPECT_TRUE(std::isnan(result.history.back().validationLoss));
  EXPECT_TRUE(std::isnan(result.history.back().validationAccuracy));
}

TEST(ProbeCodes, SameSeedSameResultAndLabelFractionUsesItsShare) {
  const EncodedSet train = blobCodes(4, 6, 200, 6.0, 1), test = blobCodes(4, 6, 50, 6.0, 3);
  ProbeOptions options = quickOptions(5);
  options.labelFraction = 0.1;
  const ProbeResult a = probeCodes(train, {}, test, 4, options);
  const ProbeResult b = probeCodes(train, {}, test, 4, options);
  EXPECT_EQ(a.trainItems, 80u);
  EXPECT_DOUBLE_EQ(a.labelFraction, 0.1);
  EXPECT_EQ(a.predicted, b.predicted);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) EXPECT_EQ(a.history[i].trainLoss, b.history[i].trainLoss);
  EXPECT_GT(a.accuracy, 0.9);  // 20 labels a class are plenty for well-separated blobs
}

TEST(ProbeCodes, BadSettingsAreUsageErrorsNamingThem) {
  const EncodedSet train = blobCodes(2, 2, 10, 6.0, 1);
  ProbeOptions options = quickOptions();
  options.labelFraction = 0.0;
  expectUsageErrorMentioning([&] { probeCodes(train, {}, train, 2, options); }, "{label-fraction}");
  options.labelFraction = 1.5;
  expectUsageErrorMentioning([&] { validateProbeOptions(options); }, "{label-fraction}");
  options = quickOptions();
  options.epochs = 0;
  expectUsageErrorMentioning([&] { validateProbeOptions(options); }, "{epochs}");
  options = quickOptions();
  options.learningRate = -1.0;
  expectUsageErrorMentioning([&] { validateProbeOptions(options); }, "{lr}");
  expectUsageErrorMentioning([&] { probeCodes(train, {}, train, 1, quickOptions()); }, "two classes");
}

TEST(ProbeCodes, CancellationThrowsJobCancelled) {
  const EncodedSet train = blobCodes(4, 6, 100, 6.0, 1);
  CancellationToken token;
  int reports = 0;
  const JobContext job(
      [&](double, const std::string&) {
        if (++reports == 3) token.cancel();
      },
      token);
  EXPECT_THROW(probeCodes(train, {}, train, 4, quickOptions(), job), JobCancelled);
  EXPECT_LE(reports, 4);  // stopped within a batch
  CancellationToken cancelled;
  cancelled.cancel();
  EXPECT_THROW(knnAccuracy(train, train, 5, JobContext({}, cancelled)), JobCancelled);
}

TEST(ProbeMetrics, ConfusionMatrixAndRecallCountedByHand) {
  const std::vector<int> truth{0, 0, 1, 2, 2, 2};
  const std::vector<int> predicted{0, 1, 1, 2, 0, 2};
  const auto confusion = confusionMatrix(truth, predicted, 4);
  const std::vector<std::vector<long long>> expected{{1, 1, 0, 0}, {0, 1, 0, 0}, {1, 0, 2, 0}, {0, 0, 0, 0}};
  EXPECT_EQ(confusion, expected);
  const auto recall = perClassAccuracy(confusion);
  ASSERT_EQ(recall.size(), 4u);
  EXPECT_DOUBLE_EQ(recall[0], 0.5);
  EXPECT_DOUBLE_EQ(recall[1], 1.0);
  EXPECT_DOUBLE_EQ(recall[2], 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(recall[3]));  // no item of class 3
  expectUsageErrorMentioning([] { confusionMatrix({0, 4}, {0, 1}, 4); }, "outside");
  expectUsageErrorMentioning([] { confusionMatrix({0}, {0, 1}, 4); }, "predictions");
}

TEST(ProbeMetrics, KnnVotesByMajorityWithTiesToTheNearest) {
  EncodedSet train;
  train.codeSize = 1;
  train.codes = {0.0f, 1.0f, 2.0f, 10.0f, 11.0f};
  train.labels = {0, 1, 1, 0, 0};
  train.indices = {0, 1, 2, 3, 4};
  EncodedSet test;
  test.codeSize = 1;
  test.codes = {0.4f};
  test.indices = {0};
  test.labels = {1};
  EXPECT_DOUBLE_EQ(knnAccuracy(train, test, 3, {}, 1), 1.0);  // 0, 1, 2: two votes for 1
  EXPECT_DOUBLE_EQ(knnAccuracy(train, test, 2, {}, 1), 0.0);  // 0 and 1 tie: the nearest (0) wins
  EXPECT_DOUBLE_EQ(knnAccuracy(train, test, 1, {}, 1), 0.0);
  EXPECT_DOUBLE_EQ(knnAccuracy(train, test, 5, {}, 1), 0.0);   // three 0s against two 1s
  EXPECT_DOUBLE_EQ(knnAccuracy(train, test, 50, {}, 1), 0.0);  // k capped at the five codes
  // Many queries over several blocks and threads give the same as one thread.
  const EncodedSet blobs = blobCodes(3, 4, 300, 2.0, 7), queries = blobCodes(3, 4, 100, 2.0, 8);
  EXPECT_DOUBLE_EQ(knnAccuracy(blobs, queries, 5, {}, 1), knnAccuracy(blobs, queries, 5, {}, 2));
  EXPECT_TRUE(std::isnan(knnAccuracy(blobs, EncodedSet{}, 5)));
  expectUsageErrorMentioning([&] { knnAccuracy(blobs, queries, 0); }, "k must be");
}

TEST(ProbeMetrics, LabelledSubsetIsStratifiedAndSeeded) {
  std::vector<std::int64_t> labels;
  for (int c = 0; c < 4; ++c)
    for (int i = 0; i < 100 * (c + 1); ++i) labels.push_back(c);
  std::mt19937 random(3);
  std::shuffle(labels.begin(), labels.end(), random);
  labels.push_back(4);  // a class of one item keeps it
  const auto subset = labelledSubset(labels, 5, 0.1, 7);
  EXPECT_TRUE(std::is_sorted(subset.begin(), subset.end()));
  std::vector<int> perClass(5, 0);
  for (std::size_t position : subset) ++perClass[std::size_t(labels[position])];
  EXPECT_EQ(perClass, std::vector<int>({10, 20, 30, 40, 1}));
  EXPECT_EQ(labelledSubset(labels, 5, 0.1, 7), subset);
  EXPECT_NE(labelledSubset(labels, 5, 0.1, 8), subset);
  EXPECT_EQ(labelledSubset(labels, 5, 0.01, 7).size(), 1u + 2u + 3u + 4u + 1u);
  const auto all = labelledSubset(labels, 5, 1.0, 7);
  ASSERT_EQ(all.size(), labels.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], i);
  expectUsageErrorMentioning([&] { labelledSubset(labels, 5, 0.0, 7); }, "{label-fraction}");
  expectUsageErrorMentioning([&] { labelledSubset(labels, 4, 0.5, 7); }, "outside");
}

TEST(ProbeFile, RoundTripKeepsEverythingAndWritesNullForNaN) {
  test::TempDir dir;
  EXPECT_FALSE(readProbeResult(dir.path()).has_value());
  ProbeResult result;
  result.classNames = {"cat", "dog", "zebra"};
  result.accuracy = 0.75;
  result.frozenAccuracy = 0.5;
  result.knnAccuracy = 0.625;
  result.knnK = 3;
  result.confusion = {{2, 1, 0}, {0, 1, 0}, {0, 0, 0}};
  result.perClassAccuracy = perClassAccuracy(result.confusion);
  result.history = {{1, false, 1.5, std::nan(""), 0.25, std::nan("")}, {1, true, 0.5, 0.75, 0.875, 0.5}};
  result.testItems = {7, 9, 11, 12};
  result.truth = {0, 0, 0, 1};
  result.predicted = {0, 1, 0, 1};
  result.trainItems = 40;
  result.labelFraction = 0.1;
  result.fineTuned = true;
  result.codeSize = 10;
  result.epoch = 12;
  writeProbeResult(dir.path(), result);
  EXPECT_EQ(probeFile(dir.path()), dir.path() / "probe.json");
  const std::string text = test::readBytes(probeFile(dir.path()));
  EXPECT_NE(text.find("\"zebra\":null"), std::string::npos) << text;
  EXPECT_NE(text.find("\"confusion\": [\n    [2,1,0],\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\"test_items\": [7,9,11,12]"), std::string::npos) << text;

  const auto read = readProbeResult(dir.path());
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->classNames, result.classNames);
  EXPECT_DOUBLE_EQ(read->accuracy, 0.75);
  EXPECT_DOUBLE_EQ(read->frozenAccuracy, 0.5);
  EXPECT_DOUBLE_EQ(read->knnAccuracy, 0.625);
  EXPECT_EQ(read->knnK, 3);
  EXPECT_EQ(read->confusion, result.confusion);
  ASSERT_EQ(read->perClassAccuracy.size(), 3u);
  EXPECT_DOUBLE_EQ(read->perClassAccuracy[0], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(read->perClassAccuracy[1], 1.0);
  EXPECT_TRUE(std::isnan(read->perClassAccuracy[2]));
  ASSERT_EQ(read->history.size(), 2u);
  EXPECT_FALSE(read->history[0].fineTune);
  EXPECT_TRUE(read->history[1].fineTune);
  EXPECT_DOUBLE_EQ(read->history[0].trainLoss, 1.5);
  EXPECT_TRUE(std::isnan(read->history[0].validationLoss));
  EXPECT_TRUE(std::isnan(read->history[0].validationAccuracy));
  EXPECT_DOUBLE_EQ(read->history[1].validationAccuracy, 0.5);
  EXPECT_EQ(read->testItems, result.testItems);
  EXPECT_EQ(read->truth, result.truth);
  EXPECT_EQ(read->predicted, result.predicted);
  EXPECT_EQ(read->trainItems, 40u);
  EXPECT_DOUBLE_EQ(read->labelFraction, 0.1);
  EXPECT_TRUE(read->fineTuned);
  EXPECT_EQ(read->codeSize, 10);
  EXPECT_EQ(read->epoch, 12);

  test::writeBytes(probeFile(dir.path()), "{\"accuracy\": 0.5");
  try {
    readProbeResult(dir.path());
    FAIL() << "a damaged probe.json was read";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find("probe.json"), std::string::npos) << error.what();
  }
}

TEST(RunProbe, DatasetWithoutLabelsIsAUsageError) {
  torch::manual_seed(1);
  ProbeInput input;
  input.snapshot = makeSnapshot(Autoencoder(test::tinyConvSpec()), 0);
  Dataset unlabelled = test::makeBlobDataset(40, ImageShape{1, 16, 16}, 1, 1);
  unlabelled.name = "photos";
  unlabelled.classNames = {"photos"};
  input.dataset = std::make_shared<const Dataset>(std::move(unlabelled));
  expectUsageErrorMentioning([&] { runProbe(input, quickOptions()); }, "photos has no labels");
  expectUsageErrorMentioning([&] { runProbe(input, quickOptions()); }, "{dataset}");
}

// Blobs of four classes on a tiny conv AE trained for a few epochs: the frozen probe,
// then fine-tuning on a tenth of the labels.
TEST(RunProbe, TinyRunEndToEndWithFineTuning) {
  test::TempDir dir;
  const ImageShape shape{1, 16, 16};
  test::writeIdxFolder(dir / "blobs", test::makeBlobDataset(240, shape, 4, 1), test::makeBlobDataset(80, shape, 4, 2),
                       false);
  TrainingJob job = test::quickJob(test::tinyConvSpec(), (dir / "blobs").string(), dir / "run", 4);
  ASSERT_EQ(test::trainQuickly(job).status, TrainingStatus::Finished);

  ProbeInput input;
  input.snapshot = loadRunSnapshot(job.runDir);
  input.dataset = job.dataset;
  input.split = job.config.split;
  input.split.seed = job.config.seed;
  input.runDir = job.runDir;
  std::vector<double> fractions;
  const JobContext progress([&](double fraction, const std::string&) { fractions.push_back(fraction); }, {});
  ProbeOptions options = quickOptions(20);
  const ProbeResult frozen = runProbe(input, options, progress);
  EXPECT_GT(frozen.accuracy, 0.8);
  EXPECT_GT(frozen.knnAccuracy, 0.8);
  EXPECT_EQ(frozen.classNames, job.dataset->classNames);
  EXPECT_EQ(frozen.epoch, 4);
  EXPECT_EQ(frozen.codeSize, 8);
  EXPECT_EQ(frozen.testItems.size(), 80u);
  for (std::size_t item : frozen.testItems) EXPECT_GE(item, job.dataset->officialTrainCount);
  for (std::size_t i = 0; i < frozen.testItems.size(); ++i)
    EXPECT_EQ(frozen.truth[i], job.dataset->labels[frozen.testItems[i]]);
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  for (double fraction : fractions) EXPECT_TRUE(fraction >= 0.0 && fraction <= 1.0);
  writeProbeResult(job.runDir, frozen);
  EXPECT_DOUBLE_EQ(summarizeRun(job.runDir).probeAccuracy, frozen.accuracy);  // the runs library's column
  EXPECT_EQ(readProbeResult(job.runDir)->predicted, frozen.predicted);

  options.fineTune = true;
  options.labelFraction = 0.1;
  options.epochs = 3;
  std::vector<ProbeEpoch> epochs;
  const ProbeResult tuned = runProbe(input, options, {}, [&](const ProbeEpoch& e) { epochs.push_back(e); });
  EXPECT_TRUE(tuned.fineTuned);
  EXPECT_NEAR(double(tuned.trainItems), 21.6, 4.0);  // a tenth of the 216 training items, per class
  ASSERT_EQ(tuned.history.size(), 6u);               // three epochs of the probe, three of fine-tuning
  EXPECT_FALSE(tuned.history[2].fineTune);
  EXPECT_TRUE(tuned.history[3].fineTune);
  EXPECT_EQ(tuned.history[3].epoch, 1);
  EXPECT_EQ(epochs.size(), 6u);
  for (const ProbeEpoch& e : tuned.history) {
    EXPECT_TRUE(std::isfinite(e.trainLoss));
    EXPECT_TRUE(std::isfinite(e.validationAccuracy));
  }
  EXPECT_TRUE(std::isfinite(tuned.frozenAccuracy));
  EXPECT_GT(tuned.accuracy, 0.5);
  EXPECT_EQ(tuned.testItems, frozen.testItems);
  EXPECT_EQ(tuned.truth, frozen.truth);
  // The snapshot itself was not trained: probing it again gives the first result.
  options.fineTune = false;
  options.labelFraction = 1.0;
  options.epochs = 20;
  EXPECT_EQ(runProbe(input, options).predicted, frozen.predicted);
}

}  // namespace
}  // namespace latentlab
