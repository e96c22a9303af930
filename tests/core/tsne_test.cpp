#include "latent/tsne.h"
#include "common/error.h"
#include "latent/neighbors.h"
#include "latent/trustworthiness.h"
#include "latent/tsneaffinities.h"
#include "latent/tsnegradient.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace latentlab {
namespace {

struct Clusters {
  std::vector<float> points;  // count x dim
  std::vector<int> labels;
  std::size_t count = 0;
  int dim = 0;
};

// `clusters` well-separated Gaussian blobs (unit spread, centres about 20 apart) in `dim` dimensions.
Clusters makeClusters(std::size_t count, int dim, int clusters, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  std::vector<float> centres(std::size_t(clusters * dim));
  for (float& value : centres) value = 5.0f * normal(random);
  Clusters result;
  result.count = count;
  result.dim = dim;
  for (std::size_t i = 0; i < count; ++i) {
    const int label = int(i % std::size_t(clusters));
    result.labels.push_back(label);
    for (int d = 0; d < dim; ++d) result.points.push_back(centres[std::size_t(label * dim + d)] + normal(random));
  }
  return result;
}

std::vector<float> randomPoints(std::size_t count, int dim, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  std::vector<float> points(count * std::size_t(dim));
  for (float& value : points) value = normal(random);
  return points;
}

// Every point's k nearest by sorting all distances (ties: lower index first).
std::vector<std::uint32_t> naiveNeighbors(const std::vector<float>& points, std::size_t count, int dim, int k) {
  std::vector<std::uint32_t> result;
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::pair<float, std::uint32_t>> all;
    for (std::size_t j = 0; j < count; ++j) {
      if (j == i) continue;
      float sum = 0.0f;
      for (int d = 0; d < dim; ++d) {
        const float diff =
            points[j * std::size_t(dim) + std::size_t(d)] - points[i * std::size_t(dim) + std::size_t(d)];
        sum += diff * diff;
      }
      all.emplace_back(sum, std::uint32_t(j));
    }
    std::sort(all.begin(), all.end());
    for (int n = 0; n < k; ++n) result.push_back(all[std::size_t(n)].second);
  }
  return result;
}

void expectUsageError(const std::function<void()>& call, const std::string& mention) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one mentioning \"" << mention << "\"";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage) << error.what();
    EXPECT_NE(std::string(error.what()).find(mention), std::string::npos) << error.what();
  }
}

double meanDistance(const std::vector<float>& a, const std::vector<float>& b, int dims) {
  double sum = 0.0;
  const std::size_t count = a.size() / std::size_t(dims);
  for (std::size_t i = 0; i < count; ++i) {
    double squared = 0.0;
    for (int c = 0; c < dims; ++c) {
      const double diff = double(a[i * std::size_t(dims) + std::size_t(c)]) - b[i * std::size_t(dims) + std::size_t(c)];
      squared += diff * diff;
    }
    sum += std::sqrt(squared);
  }
  return sum / double(count);
}

double rmsRadius(const std::vector<float>& layout, int dims) {
  double sum = 0.0;
  for (float value : layout) sum += double(value) * value;
  return std::sqrt(sum / double(layout.size() / std::size_t(dims)));
}

// Share of points closer to their own cluster's centroid in the map than to any other.
double ownCentroidShare(const std::vector<float>& layout, const Clusters& data, int clusters, int dims) {
  std::vector<double> centroids(std::size_t(clusters * dims), 0.0);
  std::vector<int> sizes(std::size_t(clusters), 0);
  for (std::size_t i = 0; i < data.count; ++i) {
    ++sizes[std::size_t(data.labels[i])];
    for (int c = 0; c < dims; ++c)
      centroids[std::size_t(data.labels[i] * dims + c)] += layout[i * std::size_t(dims) + std::size_t(c)];
  }
  for (int label = 0; label < clusters; ++label)
    for (int c = 0; c < dims; ++c) centroids[std::size_t(label * dims + c)] /= sizes[std::size_t(label)];
  std::size_t own = 0;
  for (std::size_t i = 0; i < data.count; ++i) {
    int nearest = 0;
    double best = HUGE_VAL;
    for (int label = 0; label < clusters; ++label) {
      double squared = 0.0;
      for (int c = 0; c < dims; ++c) {
        const double diff = layout[i * std::size_t(dims) + std::size_t(c)] - centroids[std::size_t(label * dims + c)];
        squared += diff * diff;
      }
      if (squared < best) {
        best = squared;
        nearest = label;
      }
    }
    if (nearest == data.labels[i]) ++own;
  }
  return double(own) / double(data.count);
}

TEST(Neighbors, ExactSearchMatchesSortingAllDistances) {
  for (int dim : {2, 3, 7}) {  // the k-d tree (2, 3) and blocked brute force (7)
    const std::size_t count = 1500;
    const std::vector<float> points = randomPoints(count, dim, 11 + unsigned(dim));
    const KnnGraph graph = findNeighbors(points.data(), count, dim, 6);
    ASSERT_EQ(graph.count, count);
    ASSERT_EQ(graph.k, 6);
    EXPECT_EQ(graph.indices, naiveNeighbors(points, count, dim, 6)) << dim << "-D";
    for (std::size_t i = 0; i < count; ++i) {
      const float* distances = graph.neighborDistances(i);
      EXPECT_TRUE(std::is_sorted(distances, distances + 6));
      const std::uint32_t j = graph.neighbors(i)[0];
      float squared = 0.0f;
      for (int d = 0; d < dim; ++d) {
        const float diff =
            points[j * std::size_t(dim) + std::size_t(d)] - points[i * std::size_t(dim) + std::size_t(d)];
        squared += diff * diff;
      }
      ASSERT_NEAR(distances[0], std::sqrt(squared), 1e-5f);
    }
  }
  // Coincident points: still k distinct neighbours, none of them the point itself.
  const std::vector<float> same(40 * 2, 1.0f);
  const KnnGraph graph = findNeighborsExact(same.data(), 40, 2, 5);
  for (std::size_t i = 0; i < 40; ++i) {
    const std::set<std::uint32_t> found(graph.neighbors(i), graph.neighbors(i) + 5);
    EXPECT_EQ(found.size(), 5u);
    EXPECT_EQ(found.count(std::uint32_t(i)), 0u);
  }
}

TEST(Neighbors, HnswRecallIsAbove90Percent) {
  const Clusters data = makeClusters(5000, 16, 10, 21);
  const KnnGraph exact = findNeighborsExact(data.points.data(), data.count, data.dim, 15);
  const KnnGraph approximate = findNeighborsHnsw(data.points.data(), data.count, data.dim, 15, 3);
  std::size_t hits = 0;
  for (std::size_t i = 0; i < data.count; ++i) {
    const std::set<std::uint32_t> truth(exact.neighbors(i), exact.neighbors(i) + 15);
    for (int n = 0; n < 15; ++n) {
      const std::uint32_t j = approximate.neighbors(i)[n];
      EXPECT_NE(j, std::uint32_t(i));
      hits += truth.count(j);
    }
  }
  EXPECT_GT(double(hits) / double(data.count * 15), 0.9);
  // Seeded and built one point at a time: the same graph on every run and any thread count.
  const KnnGraph again = findNeighborsHnsw(data.points.data(), data.count, data.dim, 15, 3, 1);
  EXPECT_EQ(again.indices, approximate.indices);
}

// hnswlib 0.6.2 read 4 bytes past a full upper-layer link list (its prefetch in searchBaseLayer);
// `project --method tsne` on more than 20,000 codes aborted under ASan. This runs the search
// findNeighbors picks there (20,001 codes of 10 values: 20,001^2 x 10 is past its brute-force
// limit of 4e9, so it builds an HNSW index); the sanitizer build (scripts/sanitize.sh) turns any
// over-read into a failure.
TEST(Neighbors, HnswSearchStaysInBoundsAtMapSize) {
  const Clusters data = makeClusters(20001, 10, 10, 5);
  const int k = 30;
  const KnnGraph graph = findNeighbors(data.points.data(), data.count, data.dim, k, 7);
  ASSERT_EQ(graph.indices.size(), data.count * std::size_t(k));
  std::size_t sameCluster = 0;
  for (std::size_t i = 0; i < data.count; ++i)
    for (int n = 0; n < k; ++n) {
      const std::uint32_t j = graph.neighbors(i)[n];
      ASSERT_LT(j, data.count);
      ASSERT_NE(j, std::uint32_t(i));
      sameCluster += data.labels[j] == data.labels[i];
    }
  EXPECT_GT(double(sameCluster) / double(data.count * std::size_t(k)), 0.99);
}

TEST(Neighbors, BadInputsAreReported) {
  const std::vector<float> points = randomPoints(10, 3, 1);
  expectUsageError([&] { findNeighbors(points.data(), 10, 3, 10); }, "k (10)");
  std::vector<float> broken = points;
  broken[7] = INFINITY;
  try {
    findNeighbors(broken.data(), 10, 3, 3);
    FAIL() << "an infinite coordinate was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find("point 2"), std::string::npos) << error.what();
  }
}

TEST(TsneAffinities, RowsMatchThePerplexityAndPIsSymmetric) {
  const Clusters data = makeClusters(400, 5, 4, 2);
  const KnnGraph graph = findNeighbors(data.points.data(), data.count, data.dim, 30);
  const SparseAffinities p = computeAffinities(graph, 10.0);
  ASSERT_EQ(p.rowStart.size(), data.count + 1);
  double total = 0.0;
  for (std::size_t i = 0; i < data.count; ++i)
    for (std::size_t e = p.rowStart[i]; e < p.rowStart[i + 1]; ++e) {
      total += p.values[e];
      const std::uint32_t j = p.columns[e];
      EXPECT_NE(j, std::uint32_t(i));
      // The transposed entry exists and holds the same value.
      const auto* first = p.columns.data() + p.rowStart[j];
      const auto* last = p.columns.data() + p.rowStart[j + 1];
      const auto* found = std::lower_bound(first, last, std::uint32_t(i));
      ASSERT_TRUE(found != last && *found == std::uint32_t(i));
      EXPECT_FLOAT_EQ(p.values[std::size_t(found - p.columns.data())], p.values[e]);
    }
  EXPECT_NEAR(total, 1.0, 1e-5);
  // Point 0's conditional row, calibrated independently (bisection in log beta), has perplexity 10.
  const float* distances = graph.neighborDistances(0);
  double low = 1e-6, high = 1e6, entropy = 0.0;
  for (int step = 0; step < 200; ++step) {
    const double beta = std::sqrt(low * high);
    double sum = 0.0, weighted = 0.0;
    for (int j = 0; j < 30; ++j) {
      const double d2 = double(distances[j]) * distances[j] - double(distances[0]) * distances[0];
      sum += std::exp(-beta * d2);
      weighted += d2 * std::exp(-beta * d2);
    }
    entropy = std::log(sum) + beta * weighted / sum;
    (entropy > std::log(10.0) ? low : high) = beta;
  }
  EXPECT_NEAR(std::exp(entropy), 10.0, 1e-3);
}

TEST(TsneGradient, RepulsionApproximationsMatchTheExactSums) {
  std::mt19937 random(8);
  std::normal_distribution<double> normal;
  const std::size_t count = 1200;
  std::vector<double> y(count * 2);
  for (double& value : y) value = 8.0 * normal(random);
  std::vector<double> exact(count * 2), barnesHut(count * 2), fft(count * 2), exactTheta(count * 2);
  const double zExact = tsnedetail::exactRepulsion(y.data(), count, 2, exact.data());
  auto relativeError = [&](const std::vector<double>& approximate) {
    double error = 0.0, norm = 0.0;
    for (std::size_t c = 0; c < exact.size(); ++c) {
      error += (approximate[c] - exact[c]) * (approximate[c] - exact[c]);
      norm += exact[c] * exact[c];
    }
    return std::sqrt(error / norm);
  };
  const double zZero = tsnedetail::barnesHutRepulsion(y.data(), count, 2, 0.0, exactTheta.data(), 2);
  EXPECT_NEAR(zZero / zExact, 1.0, 1e-5);
  EXPECT_LT(relativeError(exactTheta), 1e-5);
  const double zTree = tsnedetail::barnesHutRepulsion(y.data(), count, 2, 0.5, barnesHut.data(), 2);
  EXPECT_NEAR(zTree / zExact, 1.0, 0.02);
  EXPECT_LT(relativeError(barnesHut), 0.02);
  tsnedetail::FftRepulsion solver;
  const double zFft = solver.compute(y.data(), count, fft.data(), 2);
  EXPECT_NEAR(zFft / zExact, 1.0, 0.01);
  EXPECT_LT(relativeError(fft), 0.08);
  // 3-D Barnes-Hut.
  std::vector<double> y3(count * 3), exact3(count * 3), tree3(count * 3);
  for (double& value : y3) value = 5.0 * normal(random);
  const double z3 = tsnedetail::exactRepulsion(y3.data(), count, 3, exact3.data());
  EXPECT_NEAR(tsnedetail::barnesHutRepulsion(y3.data(), count, 3, 0.5, tree3.data(), 2) / z3, 1.0, 0.02);
}

TEST(Tsne, SameSeedGivesTheSameLayoutBitForBit) {
  const Clusters data = makeClusters(500, 10, 5, 4);
  TsneOptions options;
  options.iterations = 150;
  options.exaggerationIterations = 50;
  options.threads = 1;
  for (auto gradient : {TsneOptions::Gradient::BarnesHut, TsneOptions::Gradient::Fft}) {
    options.gradient = gradient;
    options.threads = 1;
    const std::vector<float> first = runTsne(data.points.data(), data.count, data.dim, options);
    const std::vector<float> second = runTsne(data.points.data(), data.count, data.dim, options);
    ASSERT_EQ(first.size(), data.count * 2);
    EXPECT_EQ(first, second);
    options.threads = 2;  // the sums do not depend on the thread count either
    EXPECT_EQ(runTsne(data.points.data(), data.count, data.dim, options), first);
  }
}

TEST(Tsne, KeepsClustersTogetherAndApart) {
  const Clusters data = makeClusters(1000, 10, 5, 6);
  for (auto gradient : {TsneOptions::Gradient::Auto, TsneOptions::Gradient::Fft}) {
    TsneOptions options;
    options.gradient = gradient;
    options.iterations = 500;
    const std::vector<float> layout = runTsne(data.points.data(), data.count, data.dim, options);
    ASSERT_EQ(layout.size(), data.count * 2);
    for (float value : layout) ASSERT_TRUE(std::isfinite(value));
    EXPECT_GT(trustworthiness(data.points.data(), data.dim, layout.data(), 2, data.count, 10), 0.9);
    EXPECT_GT(ownCentroidShare(layout, data, 5, 2), 0.95);
    double mean[2] = {0, 0};  // centred on 0
    for (std::size_t i = 0; i < data.count; ++i)
      for (int c = 0; c < 2; ++c) mean[c] += layout[2 * i + std::size_t(c)] / double(data.count);
    EXPECT_NEAR(mean[0], 0.0, 1e-3);
    EXPECT_NEAR(mean[1], 0.0, 1e-3);
  }
}

TEST(Tsne, ThreeDimensionalMapsKeepClustersApart) {
  const Clusters data = makeClusters(500, 8, 4, 9);
  TsneOptions options;
  options.dimensions = 3;
  options.iterations = 400;
  const std::vector<float> layout = runTsne(data.points.data(), data.count, data.dim, options);
  ASSERT_EQ(layout.size(), data.count * 3);
  EXPECT_GT(trustworthiness(data.points.data(), data.dim, layout.data(), 3, data.count, 10), 0.9);
  EXPECT_GT(ownCentroidShare(layout, data, 4, 3), 0.95);
}

TEST(Tsne, WarmStartStaysCloseToTheGivenLayout) {
  const Clusters data = makeClusters(800, 10, 5, 12);
  TsneOptions options;
  options.iterations = 600;
  const std::vector<float> layout = runTsne(data.points.data(), data.count, data.dim, options);
  // The codes move a little, as after a training epoch.
  Clusters moved = data;
  std::mt19937 random(13);
  std::normal_distribution<float> normal(0.0f, 0.05f);
  for (float& value : moved.points) value += normal(random);
  int calls = 0, lastIteration = 0, total = 0;
  const std::vector<float> warm =
      runTsne(moved.points.data(), moved.count, moved.dim, options, &layout, {}, [&](const TsneProgress& progress) {
        ++calls;
        lastIteration = progress.iteration;
        total = progress.iterations;
      });
  EXPECT_EQ(total, 200);  // a third of the iterations, no early exaggeration
  EXPECT_EQ(lastIteration, 200);
  EXPECT_EQ(calls, 8);
  EXPECT_LT(meanDistance(warm, layout, 2), 0.1 * rmsRadius(layout, 2));
  EXPECT_GT(ownCentroidShare(warm, moved, 5, 2), 0.95);
}

TEST(Tsne, ReportsProgressAndLayoutsAndStopsWhenCancelled) {
  const Clusters data = makeClusters(300, 6, 3, 14);
  TsneOptions options;
  options.iterations = 400;
  options.reportEvery = 50;
  std::vector<int> seen;
  std::vector<double> fractions;
  CancellationToken token;
  const JobContext job([&](double fraction, const std::string&) { fractions.push_back(fraction); }, token);
  EXPECT_THROW(runTsne(data.points.data(), data.count, data.dim, options, nullptr, job,
                       [&](const TsneProgress& progress) {
                         seen.push_back(progress.iteration);
                         EXPECT_EQ(progress.iterations, 400);
                         EXPECT_EQ(progress.count, data.count);
                         EXPECT_EQ(progress.dimensions, 2);
                         if (progress.iteration == 150) token.cancel();
                       }),
               JobCancelled);
  EXPECT_EQ(seen, (std::vector<int>{50, 100, 150}));
  ASSERT_FALSE(fractions.empty());
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_NEAR(fractions.back(), 0.1 + 0.9 * 150.0 / 400.0, 1e-9);  // the neighbour search is the first tenth
}

TEST(Tsne, BadInputsNameTheSettingAndTheFix) {
  const Clusters data = makeClusters(40, 4, 2, 15);
  TsneOptions options;
  expectUsageError([&] { runTsne(data.points.data(), 3, 4, options); }, "at least 4 points");
  expectUsageError([&] { runTsne(data.points.data(), 40, 4, options); }, "perplexity 30 does not fit 40 points");
  options.perplexity = 0.5;
  expectUsageError([&] { runTsne(data.points.data(), 40, 4, options); }, "lower the perplexity");
  options.perplexity = 5;
  options.dimensions = 4;
  expectUsageError([&] { runTsne(data.points.data(), 40, 4, options); }, "dimensions must be 2 or 3");
  options.dimensions = 3;
  options.gradient = TsneOptions::Gradient::Fft;
  expectUsageError([&] { runTsne(data.points.data(), 40, 4, options); }, "2-D maps only");
  options = TsneOptions{};
  options.perplexity = 5;
  options.iterations = 0;
  expectUsageError([&] { runTsne(data.points.data(), 40, 4, options); }, "iterations");
  options.iterations = 100;
  const std::vector<float> wrongSize(10, 0.0f);
  expectUsageError([&] { runTsne(data.points.data(), 40, 4, options, &wrongSize); }, "starting layout");
  std::vector<float> broken = data.points;
  broken[4 * 17 + 2] = std::nanf("");
  try {
    runTsne(broken.data(), 40, 4, options);
    FAIL() << "a NaN code was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find("code 17"), std::string::npos) << error.what();
  }
  // The largest perplexity the message allows works, down to 4 points.
  options.perplexity = 13;
  EXPECT_EQ(runTsne(data.points.data(), 40, 4, options).size(), 80u);
  options.perplexity = 1;
  EXPECT_EQ(runTsne(data.points.data(), 4, 4, options).size(), 8u);
  // A learning rate that blows the layout up is reported, not returned as NaNs.
  options.learningRate = 1e300;
  try {
    runTsne(data.points.data(), 40, 4, options);
    FAIL() << "a diverged layout was returned";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Runtime);
    EXPECT_NE(std::string(error.what()).find("lower the learning rate"), std::string::npos) << error.what();
  }
}

}  // namespace
TEST(Tsne, RegroupingWarmStartKeepsTheArrangementAndRunsTheWholeSchedule) {
  const Clusters data = makeClusters(800, 10, 5, 12);
  TsneOptions options;
  options.iterations = 600;
  const std::vector<float> layout = runTsne(data.points.data(), data.count, data.dim, options);
  // A start whose clusters are split in two halves far apart (an early epoch's fragments).
  std::vector<float> split = layout;
  for (std::size_t i = 0; i < data.count; i += 2) split[i * 2] += 500.0f;
  options.regroup = true;
  int total = 0;
  const std::vector<float> regrouped = runTsne(data.points.data(), data.count, data.dim, options, &split, {},
                                               [&](const TsneProgress& progress) { total = progress.iterations; });
  EXPECT_EQ(total, 600);                                     // the whole schedule, early exaggeration included
  EXPECT_GT(ownCentroidShare(regrouped, data, 5, 2), 0.95);  // the halves merged again
  EXPECT_GT(trustworthiness(data.points.data(), data.dim, regrouped.data(), 2, data.count, 10), 0.9);
}

}  // namespace latentlab
