#include "latent/neighbors.h"

#include "common/error.h"
#include "latent/tsneparallel.h"

// hnswlib 0.6.2 (Debian) prefetches the neighbour after the last one of a link list with
// `_mm_prefetch(... *(datal + j + 1) ...)`: when an upper layer's list is full that reads 4 bytes
// past the list's malloc'd block (ASan: heap-buffer-overflow in searchBaseLayer, found by
// Neighbors.HnswSearchStaysInBoundsAtMapSize). The read is the prefetch's argument, so padding
// the points we pass cannot help. The prefetches are only hints: hnswlib's code is compiled here
// with them turned into an unevaluated no-op (results are unchanged; build and search time were
// within noise of the original on 40,000 codes of 64 values).
#if defined(__SSE__) && !defined(NO_MANUAL_VECTORIZATION)
#include <x86intrin.h>
#undef _mm_prefetch
#define _mm_prefetch(address, hint) static_cast<void>(sizeof(address))
#define LATENTLAB_HNSWLIB_PREFETCH_OFF
#endif
#include <hnswlib/hnswlib.h>
#ifdef LATENTLAB_HNSWLIB_PREFETCH_OFF
#undef _mm_prefetch
#undef LATENTLAB_HNSWLIB_PREFETCH_OFF
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

namespace latentlab {

namespace {

using tsnedetail::resolveThreads;

// A candidate neighbour: squared distance, then index (ties go to the lower index).
struct Candidate {
  float distance;
  std::uint32_t index;
  bool operator<(const Candidate& other) const {
    return distance < other.distance || (distance == other.distance && index < other.index);
  }
};

// The k best candidates seen so far, as a max-heap (the worst on top).
class TopK {
public:
  explicit TopK(int k) : mK(std::size_t(k)) { mHeap.reserve(mK); }
  bool full() const { return mHeap.size() == mK; }
  // Squared distance a newcomer must not exceed (ties are settled by index in offer()).
  float bound() const { return full() ? mHeap.front().distance : std::numeric_limits<float>::infinity(); }
  void offer(float distance, std::uint32_t index) {
    const Candidate candidate{distance, index};
    if (!full()) {
      mHeap.push_back(candidate);
      std::push_heap(mHeap.begin(), mHeap.end());
    } else if (candidate < mHeap.front()) {
      std::pop_heap(mHeap.begin(), mHeap.end());
      mHeap.back() = candidate;
      std::push_heap(mHeap.begin(), mHeap.end());
    }
  }
  // Writes the neighbours closest first, with Euclidean distances.
  void write(std::uint32_t* indices, float* distances) {
    std::sort_heap(mHeap.begin(), mHeap.end());
    for (std::size_t n = 0; n < mHeap.size(); ++n) {
      indices[n] = mHeap[n].index;
      distances[n] = std::sqrt(mHeap[n].distance);
    }
    mHeap.clear();
  }

private:
  std::size_t mK;
  std::vector<Candidate> mHeap;
};

void validate(const float* points, std::size_t count, int dim, int k) {
  if (dim < 1) throw usageError("neighbour search: codes must have at least 1 value (dim " + std::to_string(dim) + ")");
  if (count > std::numeric_limits<std::uint32_t>::max())
    throw usageError("neighbour search: at most 4,294,967,295 points; map fewer items");
  if (k < 1 || std::size_t(k) >= count)
    throw usageError("neighbour search: k (" + std::to_string(k) +
                     ") must be between 1 and the number of points - 1 (" + std::to_string(count) +
                     " points); lower k or map more items");
  for (std::size_t i = 0; i < count * std::size_t(dim); ++i)
    if (!std::isfinite(points[i]))
      throw inputError("neighbour search: point " + std::to_string(i / std::size_t(dim)) + " has a non-finite value (" +
                       std::to_string(points[i]) + ") in dimension " + std::to_string(i % std::size_t(dim)) +
                       "; the model's codes diverged, retrain or pick another checkpoint");
}

KnnGraph emptyGraph(std::size_t count, int k) {
  KnnGraph graph;
  graph.count = count;
  graph.k = k;
  graph.indices.resize(count * std::size_t(k));
  graph.distances.resize(count * std::size_t(k));
  return graph;
}

// Blocked brute force: a block of queries against a chunk of points stored
// dimension-major, so the inner loop runs over contiguous floats.
KnnGraph bruteForce(const float* points, std::size_t count, int dim, int k, int threads, const JobContext& job) {
  KnnGraph graph = emptyGraph(count, k);
  const std::size_t d = std::size_t(dim);
  std::vector<float> transposed(count * d);
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t c = 0; c < d; ++c) transposed[c * count + i] = points[i * d + c];
  constexpr std::size_t kBlock = 16, kChunk = 1024;
  const long long blocks = (long long)((count + kBlock - 1) / kBlock);
#pragma omp parallel num_threads(threads)
  {
    std::vector<float> buffer(kBlock * kChunk);
    std::vector<TopK> best(kBlock, TopK(k));
#pragma omp for schedule(dynamic, 1)
    for (long long block = 0; block < blocks; ++block) {
      if (job.isCancelled()) continue;  // an OpenMP loop cannot be left early: skip the rest
      const std::size_t first = std::size_t(block) * kBlock, last = std::min(count, first + kBlock);
      for (std::size_t start = 0; start < count; start += kChunk) {
        const std::size_t width = std::min(kChunk, count - start);
        for (std::size_t q = first; q < last; ++q) {
          float* row = buffer.data() + (q - first) * kChunk;
          std::fill(row, row + width, 0.0f);
          for (std::size_t c = 0; c < d; ++c) {
            const float a = points[q * d + c];
            const float* column = transposed.data() + c * count + start;
            for (std::size_t j = 0; j < width; ++j) {
              const float diff = column[j] - a;
              row[j] += diff * diff;
            }
          }
          TopK& top = best[q - first];
          float bound = top.bound();
          for (std::size_t j = 0; j < width; ++j) {
            if (row[j] < bound) {  // ties keep the lower index, seen first
              if (start + j == q) continue;
              top.offer(row[j], std::uint32_t(start + j));
              bound = top.bound();
            }
          }
        }
      }
      for (std::size_t q = first; q < last; ++q)
        best[q - first].write(graph.indices.data() + q * std::size_t(k), graph.distances.data() + q * std::size_t(k));
    }
  }
  job.throwIfCancelled();
  return graph;
}

// A k-d tree for low-dimensional points (maps, 2-D and 3-D codes): exact and fast at any count.
class KdTree {
public:
  KdTree(const float* points, std::size_t count, int dim) : mPoints(points), mDim(std::size_t(dim)), mOrder(count) {
    std::iota(mOrder.begin(), mOrder.end(), std::uint32_t(0));
    mNodes.reserve(2 * count / kLeaf + 2);
    build(0, count);
  }

  void query(std::size_t i, TopK& top) const { search(0, mPoints + i * mDim, std::uint32_t(i), top); }

private:
  static constexpr std::size_t kLeaf = 12;
  struct Node {
    std::size_t begin = 0, end = 0;
    int axis = -1;  // -1: a leaf
    float split = 0.0f;
    std::uint32_t left = 0, right = 0;
  };

  float coordinate(std::uint32_t point, std::size_t axis) const { return mPoints[std::size_t(point) * mDim + axis]; }

  std::uint32_t build(std::size_t begin, std::size_t end) {
    const std::uint32_t index = std::uint32_t(mNodes.size());
    mNodes.push_back(Node{begin, end});
    if (end - begin <= kLeaf) return index;
    // Split the widest axis at its median.
    std::size_t axis = 0;
    float widest = -1.0f;
    for (std::size_t c = 0; c < mDim; ++c) {
      float low = std::numeric_limits<float>::infinity(), high = -low;
      for (std::size_t n = begin; n < end; ++n) {
        low = std::min(low, coordinate(mOrder[n], c));
        high = std::max(high, coordinate(mOrder[n], c));
      }
      if (high - low > widest) {
        widest = high - low;
        axis = c;
      }
    }
    if (widest <= 0.0f) return index;  // all coincident: one leaf
    const std::size_t middle = begin + (end - begin) / 2;
    std::nth_element(mOrder.begin() + std::ptrdiff_t(begin), mOrder.begin() + std::ptrdiff_t(middle),
                     mOrder.begin() + std::ptrdiff_t(end), [&](std::uint32_t a, std::uint32_t b) {
                       const float ca = coordinate(a, axis), cb = coordinate(b, axis);
                       return ca < cb || (ca == cb && a < b);
                     });
    const float split = coordinate(mOrder[middle], axis);
    const std::uint32_t left = build(begin, middle);
    const std::uint32_t right = build(middle, end);
    mNodes[index].axis = int(axis);
    mNodes[index].split = split;
    mNodes[index].left = left;
    mNodes[index].right = right;
    return index;
  }

  void search(std::uint32_t nodeIndex, const float* query, std::uint32_t self, TopK& top) const {
    const Node& node = mNodes[nodeIndex];
    if (node.axis < 0) {
      for (std::size_t n = node.begin; n < node.end; ++n) {
        const std::uint32_t j = mOrder[n];
        if (j == self) continue;
        const float* b = mPoints + std::size_t(j) * mDim;
        float sum = 0.0f;
        for (std::size_t c = 0; c < mDim; ++c) {
          const float diff = b[c] - query[c];
          sum += diff * diff;
        }
        top.offer(sum, j);
      }
      return;
    }
    // Left holds coordinates <= split, right >= split.
    const float offset = query[node.axis] - node.split;
    const std::uint32_t nearSide = offset <= 0.0f ? node.left : node.right;
    const std::uint32_t farSide = offset <= 0.0f ? node.right : node.left;
    search(nearSide, query, self, top);
    if (offset * offset <= top.bound()) search(farSide, query, self, top);
  }

  const float* mPoints;
  std::size_t mDim;
  std::vector<std::uint32_t> mOrder;
  std::vector<Node> mNodes;
};

KnnGraph kdTreeSearch(const float* points, std::size_t count, int dim, int k, int threads, const JobContext& job) {
  KnnGraph graph = emptyGraph(count, k);
  const KdTree tree(points, count, dim);
#pragma omp parallel num_threads(threads)
  {
    TopK top(k);
#pragma omp for schedule(dynamic, 256)
    for (long long i = 0; i < (long long)count; ++i) {
      if (job.isCancelled()) continue;
      tree.query(std::size_t(i), top);
      top.write(graph.indices.data() + std::size_t(i) * std::size_t(k),
                graph.distances.data() + std::size_t(i) * std::size_t(k));
    }
  }
  job.throwIfCancelled();
  return graph;
}

}  // namespace

KnnGraph findNeighborsExact(const float* points, std::size_t count, int dim, int k, int threads,
                            const JobContext& job) {
  validate(points, count, dim, k);
  threads = resolveThreads(threads);
  if (dim <= 3) return kdTreeSearch(points, count, dim, k, threads, job);
  return bruteForce(points, count, dim, k, threads, job);
}

KnnGraph findNeighborsHnsw(const float* points, std::size_t count, int dim, int k, std::uint64_t seed, int threads,
                           const JobContext& job) {
  validate(points, count, dim, k);
  threads = resolveThreads(threads);
  hnswlib::L2Space space{std::size_t(dim)};
  // Inserted one by one: parallel inserts would make the graph (and the map) differ between runs.
  // M 16, construction effort 100 and a search effort of 3k: the last misses of a cheaper
  // search (4k/3) cost the 70,000-point map more trustworthiness than scikit-learn's exact
  // neighbours gave it; this one keeps it above, for about 10 s more on 2 cores.
  hnswlib::HierarchicalNSW<float> index(&space, count, 16, 100, std::size_t(seed));
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 512 == 0) {
      job.throwIfCancelled();
      job.report(0.5 * double(i) / double(count));
    }
    index.addPoint(points + i * std::size_t(dim), i);
  }
  index.setEf(std::size_t(std::max(64, 3 * k)));
  KnnGraph graph = emptyGraph(count, k);
#pragma omp parallel num_threads(threads)
  {
    std::vector<Candidate> found;
#pragma omp for schedule(dynamic, 256)
    for (long long i = 0; i < (long long)count; ++i) {
      if (job.isCancelled()) continue;
      auto queue = index.searchKnn(points + std::size_t(i) * std::size_t(dim), std::size_t(k) + 1);
      found.clear();
      while (!queue.empty()) {
        if (queue.top().second != std::size_t(i))
          found.push_back(Candidate{queue.top().first, std::uint32_t(queue.top().second)});
        queue.pop();
      }
      std::sort(found.begin(), found.end());
      std::uint32_t* indices = graph.indices.data() + std::size_t(i) * std::size_t(k);
      float* distances = graph.distances.data() + std::size_t(i) * std::size_t(k);
      for (std::size_t n = 0; n < std::size_t(k); ++n) {
        // The index returns k + 1 points unless the graph is broken; repeat the last one then.
        const Candidate pick =
            found.empty() ? Candidate{0.0f, std::uint32_t(i == 0 ? 1 : 0)} : found[std::min(n, found.size() - 1)];
        indices[n] = pick.index;
        distances[n] = std::sqrt(pick.distance);
      }
    }
  }
  job.throwIfCancelled();
  return graph;
}

KnnGraph findNeighbors(const float* points, std::size_t count, int dim, int k, std::uint64_t seed, int threads,
                       const JobContext& job) {
  // Brute force costs count^2 * dim; below ~4e9 it beats building an index (20,000 codes of 10 values).
  const double bruteCost = double(count) * double(count) * double(std::max(dim, 1));
  if (dim <= 3 || bruteCost <= 4e9) return findNeighborsExact(points, count, dim, k, threads, job);
  return findNeighborsHnsw(points, count, dim, k, seed, threads, job);
}

}  // namespace latentlab
