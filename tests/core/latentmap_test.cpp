#include "latent/latentmap.h"
#include "common/error.h"
#include "fixtures.h"
#include "gan.h"
#include "gan/domainclassifier.h"
#include "inference/snapshotaccess.h"
#include "latent/generatedset.h"
#include "latent/mapjob.h"
#include "presets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace latentlab {
namespace {

std::vector<float> randomValues(std::size_t count, std::uint64_t seed, float scale = 1.0f) {
  std::mt19937_64 random(seed);
  std::normal_distribution<float> normal(0.0f, scale);
  std::vector<float> values(count);
  for (float& v : values) v = normal(random);
  return values;
}

std::size_t bruteNearest(const std::vector<float>& xy, double x, double y) {
  std::size_t best = 0;
  double bestDistance = 1e300;
  for (std::size_t i = 0; i < xy.size() / 2; ++i) {
    const double d = std::pow(xy[2 * i] - x, 2) + std::pow(xy[2 * i + 1] - y, 2);
    if (d < bestDistance) bestDistance = d, best = i;
  }
  return best;
}

double distanceTo(const std::vector<float>& xy, std::size_t row, double x, double y) {
  return std::hypot(xy[2 * row] - x, xy[2 * row + 1] - y);
}

TEST(LatentMap, DirectMapIsTheIdentity) {
  const auto codes = randomValues(200, 1);
  const LatentMap map(codes, 2, codes, ProjectionKind::Direct);
  EXPECT_EQ(map.kind(), ProjectionKind::Direct);
  EXPECT_EQ(map.count(), 100u);
  const MapQuery query = map.codeAt(0.25, -1.5);
  ASSERT_EQ(query.code.size(), 2u);
  EXPECT_FLOAT_EQ(query.code[0], 0.25f);
  EXPECT_FLOAT_EQ(query.code[1], -1.5f);
  const float code[2] = {3.0f, -4.0f};
  const auto xy = map.place(code);
  EXPECT_DOUBLE_EQ(xy[0], 3.0);
  EXPECT_DOUBLE_EQ(xy[1], -4.0);
}

TEST(LatentMap, PcaMapInvertsItsProjection) {
  // Codes on a 2-D plane in 6-D: the PCA map loses nothing, so codeAt(place(c)) == c.
  const std::size_t count = 400;
  const auto plane = randomValues(2 * count, 2);
  std::vector<float> codes(count * 6);
  for (std::size_t n = 0; n < count; ++n)
    for (int d = 0; d < 6; ++d)
      codes[n * 6 + std::size_t(d)] = plane[2 * n] * float(d + 1) - plane[2 * n + 1] * float(d % 3) + 0.1f * float(d);
  Pca pca = Pca::fit(codes.data(), count, 6, 2);
  const auto positions = pca.transform(codes.data(), count);
  const LatentMap map(codes, 6, positions, ProjectionKind::Pca, pca);
  EXPECT_EQ(map.kind(), ProjectionKind::Pca);
  for (std::size_t row : {std::size_t(0), std::size_t(17), std::size_t(399)}) {
    const auto xy = map.place(map.code(row));
    EXPECT_NEAR(xy[0], positions[2 * row], 1e-4);
    EXPECT_NEAR(xy[1], positions[2 * row + 1], 1e-4);
    const MapQuery query = map.codeAt(xy[0], xy[1]);
    for (int d = 0; d < 6; ++d) EXPECT_NEAR(query.code[std::size_t(d)], map.code(row)[d], 1e-3) << row << " " << d;
    EXPECT_EQ(query.nearest, row);
    EXPECT_NEAR(query.confidence, 1.0, 1e-9);
  }
  // A Pca kind without a fit falls back to blending the nearest points' codes.
  const LatentMap blended(codes, 6, positions, ProjectionKind::Pca);
  EXPECT_EQ(blended.kind(), ProjectionKind::Tsne);
}

TEST(LatentMap, TsneMapBlendsTheNearestCodes) {
  // Three points: two close together, one far away.
  const std::vector<float> codes{1, 0, 0, /**/ 0, 1, 0, /**/ 0, 0, 1};
  const std::vector<float> positions{0, 0, /**/ 2, 0, /**/ 100, 100};
  const LatentMap map(codes, 3, positions, ProjectionKind::Tsne);
  // On a point: exactly its code.
  MapQuery query = map.codeAt(2.0, 0.0);
  EXPECT_EQ(query.nearest, 1u);
  EXPECT_EQ(query.nearestDistance, 0.0);
  EXPECT_EQ(query.code, std::vector<float>({0, 1, 0}));
  EXPECT_DOUBLE_EQ(query.confidence, 1.0);
  // Halfway between the two close points, with k = 2: the average of their codes.
  query = map.codeAt(1.0, 0.0, 2);
  EXPECT_NEAR(query.code[0], 0.5, 1e-6);
  EXPECT_NEAR(query.code[1], 0.5, 1e-6);
  EXPECT_NEAR(query.code[2], 0.0, 1e-6);
  // A quarter of the way: inverse-distance weights (1/d^2) favour the nearer point 9:1.
  query = map.codeAt(0.5, 0.0, 2);
  EXPECT_NEAR(query.code[0], 0.9, 1e-6);
  EXPECT_NEAR(query.code[1], 0.1, 1e-6);
  // Far from every point the confidence falls towards 0.
  query = map.codeAt(-500.0, -500.0);
  EXPECT_LT(query.confidence, 0.01);
  EXPECT_EQ(query.nearest, 0u);
  // Out-of-sample placement: an existing code lands on its point, a blend between.
  const float same[3] = {0, 0, 1};
  auto xy = map.place(same);
  EXPECT_DOUBLE_EQ(xy[0], 100.0);
  EXPECT_DOUBLE_EQ(xy[1], 100.0);
  const float between[3] = {0.5f, 0.5f, 0.0f};
  xy = map.place(between, 2);
  EXPECT_NEAR(xy[0], 1.0, 1e-9);
  EXPECT_NEAR(xy[1], 0.0, 1e-9);
}

TEST(LatentMap, ConfidenceIsHighInsideTheDataAndLowOutside) {
  const std::size_t count = 2000;
  const auto positions = randomValues(2 * count, 3);
  const auto codes = randomValues(4 * count, 4);
  const LatentMap map(codes, 4, positions, ProjectionKind::Tsne);
  EXPECT_GT(map.typicalSpacing(), 0.0);
  EXPECT_LT(map.typicalSpacing(), 0.2);
  EXPECT_DOUBLE_EQ(map.codeAt(positions[10], positions[11]).confidence, 1.0);
  EXPECT_GT(map.codeAt(0.0, 0.0).confidence, 0.9);    // the middle of the cloud
  EXPECT_LT(map.codeAt(20.0, 0.0).confidence, 1e-3);  // far outside it
  const double near = map.codeAt(5.0, 0.0).confidence, far = map.codeAt(8.0, 0.0).confidence;
  EXPECT_LT(far, near);
}

TEST(LatentMap, NearestOnMapMatchesBruteForce) {
  const std::size_t count = 5000;
  auto positions = randomValues(2 * count, 5, 10.0f);
  for (std::size_t i = 0; i < 500; ++i) positions[2 * i] *= 0.01f;  // a dense stripe, and sparse regions
  const LatentMap map(std::vector<float>(count, 0.0f), 1, positions, ProjectionKind::Tsne);
  std::mt19937_64 random(6);
  std::uniform_real_distribution<double> uniform(-60.0, 60.0);
  for (int q = 0; q < 3000; ++q) {
    const double x = uniform(random), y = q % 3 == 0 ? uniform(random) * 10 : uniform(random);
    const std::size_t found = map.nearestOnMap(x, y);
    const std::size_t expected = bruteNearest(positions, x, y);
    // Ties are possible in principle; compare distances.
    ASSERT_DOUBLE_EQ(distanceTo(positions, found, x, y), distanceTo(positions, expected, x, y)) << x << ", " << y;
  }
  // k nearest, closest first.
  const auto rows = map.nearestOnMap(1.0, 2.0, 8);
  ASSERT_EQ(rows.size(), 8u);
  for (std::size_t i = 1; i < rows.size(); ++i)
    EXPECT_LE(distanceTo(positions, rows[i - 1], 1.0, 2.0), distanceTo(positions, rows[i], 1.0, 2.0));
  EXPECT_EQ(rows.front(), bruteNearest(positions, 1.0, 2.0));
}

TEST(LatentMap, NearestOnMapIsFastFor70kPoints) {
  const std::size_t count = 70000;
  const auto positions = randomValues(2 * count, 7, 30.0f);
  const LatentMap map(std::vector<float>(count, 0.0f), 1, positions, ProjectionKind::Tsne);
  std::mt19937_64 random(8);
  std::uniform_real_distribution<double> uniform(-100.0, 100.0);
  const auto start = std::chrono::steady_clock::now();
  std::size_t sum = 0;
  for (int q = 0; q < 10000; ++q) sum += map.nearestOnMap(uniform(random), uniform(random));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(sum, 0u);
  EXPECT_LT(seconds / 10000, 1e-3);  // well under a millisecond a query (microseconds in practice)
}

TEST(LatentMap, NearestInLatentIsClosestFirst) {
  const std::size_t count = 1000;
  const auto codes = randomValues(5 * count, 9);
  const LatentMap map(codes, 5, randomValues(2 * count, 10), ProjectionKind::Tsne);
  const auto rows = map.nearestInLatent(map.code(42), 5);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows.front(), 42u);
  auto distance = [&](std::size_t row) {
    double sum = 0;
    for (int d = 0; d < 5; ++d) sum += std::pow(map.code(row)[d] - map.code(42)[d], 2);
    return sum;
  };
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LE(distance(rows[i - 1]), distance(rows[i]));
  for (std::size_t row = 0; row < count; ++row)
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) {
      EXPECT_GE(distance(row), distance(rows.back()));
    }
  EXPECT_EQ(map.nearestInLatent(map.code(0), 5000).size(), count);
}

TEST(LatentMap, OneValueCodesOnAPcaMapLieAlongX) {
  const std::vector<float> codes{-2, -1, 0, 1, 2};
  Pca pca = Pca::fit(codes.data(), 5, 1, 1);
  const auto along = pca.transform(codes.data(), 5);
  std::vector<float> positions;
  for (float x : along) positions.insert(positions.end(), {x, 0.0f});
  const LatentMap map(codes, 1, positions, ProjectionKind::Pca, pca);
  EXPECT_EQ(map.kind(), ProjectionKind::Pca);
  const float code = 1.5f;
  const auto xy = map.place(&code);
  EXPECT_NEAR(map.codeAt(xy[0], 3.0).code[0], 1.5f, 1e-5);
  EXPECT_EQ(xy[1], 0.0);
}

TEST(LatentMap, MismatchedSizesAreUsageErrors) {
  EXPECT_THROW(LatentMap(std::vector<float>(10), 2, std::vector<float>(8), ProjectionKind::Tsne), Error);
  EXPECT_THROW(LatentMap(std::vector<float>(10), 0, std::vector<float>(10), ProjectionKind::Tsne), Error);
  // An empty map answers without crashing.
  const LatentMap empty({}, 3, {}, ProjectionKind::Tsne);
  EXPECT_EQ(empty.count(), 0u);
  EXPECT_EQ(empty.codeAt(1, 1).confidence, 0.0);
  EXPECT_TRUE(empty.nearestInLatent(std::vector<float>(3).data(), 4).empty());
}

// A GAN has no encoder: its map is z samples of the prior, generated and labelled by the
// classifier, never latent optimisation (which takes about a second per batch).
ModelSnapshotPtr ganSnapshot(std::shared_ptr<const DomainClassifier> classifier = nullptr) {
  torch::manual_seed(3);
  Gan gan(presetSpec("mnist-dcgan"));
  return makeSnapshot(gan, 1, std::move(classifier));
}

MapJobInput ganMapInput(ModelSnapshotPtr snapshot, std::size_t points, MapMethod method, std::uint64_t seed) {
  MapJobInput input;
  input.snapshot = std::move(snapshot);
  input.indices.resize(points);
  for (std::size_t i = 0; i < points; ++i) input.indices[i] = 1000 + 3 * i;  // only the count matters
  input.projection.method = method;
  input.projection.seed = seed;
  input.projection.iterations = 250;
  input.projection.threads = 1;  // t-SNE on 120 points: more threads only wait for each other
  return input;
}

TEST(GanMap, MapsGeneratedZSamplesWithoutEncoding) {
  const ModelSnapshotPtr snapshot = ganSnapshot();
  ASSERT_TRUE(snapshot->isGan());
  const int latent = snapshot->codeSize();
  const auto start = std::chrono::steady_clock::now();
  bool sawCodes = false;
  MapJobInput input = ganMapInput(snapshot, 200, MapMethod::Pca, 5);
  input.onCodes = [&](const EncodedSet& codes) { sawCodes = codes.generated; };
  const MapResult result = computeMap(input);  // no dataset: a GAN's map needs none
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Fitting z to 200 images (150 Adam steps, 4 restarts) takes far longer than this.
  EXPECT_LT(seconds, 10.0);
  EXPECT_TRUE(sawCodes);
  const EncodedSet& codes = *result.codes;
  EXPECT_TRUE(codes.generated);
  ASSERT_EQ(codes.count(), 200u);
  EXPECT_EQ(codes.codeSize, latent);
  EXPECT_EQ(codes.codes.size(), 200u * std::size_t(latent));
  EXPECT_EQ(codes.indices.front(), 0u);  // sample numbers, not the items asked for
  EXPECT_EQ(codes.indices.back(), 199u);
  EXPECT_TRUE(codes.errors.empty());
  EXPECT_EQ(result.map->count(), 200u);
  EXPECT_EQ(result.method, MapMethod::Pca);
  ASSERT_TRUE(result.pca);
  EXPECT_EQ(result.classNames, std::vector<std::string>{"generated"});  // no classifier: one class
  for (auto label : codes.labels) EXPECT_EQ(label, 0);
  // z ~ N(0, I): mean near 0 and variance near 1 over 200 x latent values.
  double sum = 0, squares = 0;
  for (float v : codes.codes) sum += v, squares += double(v) * v;
  const double n = double(codes.codes.size());
  EXPECT_NEAR(sum / n, 0.0, 0.05);
  EXPECT_NEAR(squares / n - (sum / n) * (sum / n), 1.0, 0.1);
}

TEST(GanMap, IsDeterministicForASeed) {
  const ModelSnapshotPtr snapshot = ganSnapshot();
  const MapResult a = computeMap(ganMapInput(snapshot, 120, MapMethod::Tsne, 9));
  const MapResult b = computeMap(ganMapInput(snapshot, 120, MapMethod::Tsne, 9));
  const MapResult c = computeMap(ganMapInput(snapshot, 120, MapMethod::Pca, 10));  // another seed: other z
  EXPECT_EQ(a.method, MapMethod::Tsne);
  EXPECT_EQ(a.codes->codes, b.codes->codes);
  EXPECT_EQ(a.map->positions(), b.map->positions());
  EXPECT_NE(a.codes->codes, c.codes->codes);
}

TEST(GanMap, LabelsAreTheClassifiersClassesOfTheGeneratedImages) {
  const Dataset blobs = test::makeBlobDataset(300, {1, 28, 28}, 10, 4);
  DomainClassifierOptions options;
  options.epochs = 1;
  auto classifier = std::make_shared<const DomainClassifier>(trainDomainClassifier(blobs, {}, options));
  const ModelSnapshotPtr snapshot = ganSnapshot(classifier);
  ASSERT_TRUE(snapshot->hasClassifier());
  GenerateOptions generate;
  generate.batchSize = 16;  // several batches
  const EncodedSet codes = sampleGeneratedSet(*snapshot, 50, 2, generate);
  const std::vector<float> images = snapshot->decode(codes.codes.data(), 50);
  const std::vector<int> expected = classifier->predict(images.data(), 50);
  ASSERT_EQ(codes.labels.size(), 50u);
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(codes.labels[i], expected[i]) << i;
  EXPECT_EQ(generatedClassNames(*snapshot), classifier->classNames());
  const MapResult result = computeMap(ganMapInput(snapshot, 50, MapMethod::Pca, 2));
  EXPECT_EQ(result.classNames, classifier->classNames());
  EXPECT_EQ(result.codes->labels, codes.labels);  // same seed, same samples, same classes
}

TEST(GanMap, CancellingStopsGenerating) {
  const ModelSnapshotPtr snapshot = ganSnapshot();
  CancellationToken token;
  token.cancel();
  EXPECT_THROW(computeMap(ganMapInput(snapshot, 100, MapMethod::Pca, 1), JobContext({}, token)), JobCancelled);
}

}  // namespace
}  // namespace latentlab
