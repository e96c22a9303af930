#include "latent/tsnegradient.h"

#include <fftw3.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <new>
#include <utility>

namespace latentlab::tsnedetail {

void attraction(const SparseAffinities& p, const double* y, int dims, double* attract, int threads) {
  const long long n = (long long)p.count;
  const std::size_t d = std::size_t(dims);
  // Single precision, vectorized over each row's neighbours: the sums need no more.
  std::vector<float> position(y, y + p.count * d);
#pragma omp parallel for num_threads(threads) schedule(static, 256)
  for (long long i = 0; i < n; ++i) {
    const float* yi = position.data() + std::size_t(i) * d;
    const std::uint32_t* columns = p.columns.data() + p.rowStart[std::size_t(i)];
    const float* values = p.values.data() + p.rowStart[std::size_t(i)];
    const long long entries = (long long)(p.rowStart[std::size_t(i) + 1] - p.rowStart[std::size_t(i)]);
    float fx = 0.0f, fy = 0.0f, fz = 0.0f;
    if (dims == 2) {
      long long e = 0;
#if defined(__SSE2__)
      // Four neighbours at a time: their (x, y) pairs gathered into x and y lanes.
      const float* base = position.data();
      const __m128 xi = _mm_set1_ps(yi[0]), yi4 = _mm_set1_ps(yi[1]), one = _mm_set1_ps(1.0f);
      __m128 sumX = _mm_setzero_ps(), sumY = _mm_setzero_ps();
      for (; e + 4 <= entries; e += 4) {
        __m128 pairs01 = _mm_setzero_ps(), pairs23 = _mm_setzero_ps();
        pairs01 = _mm_loadl_pi(pairs01, reinterpret_cast<const __m64*>(base + 2 * std::size_t(columns[e])));
        pairs01 = _mm_loadh_pi(pairs01, reinterpret_cast<const __m64*>(base + 2 * std::size_t(columns[e + 1])));
        pairs23 = _mm_loadl_pi(pairs23, reinterpret_cast<const __m64*>(base + 2 * std::size_t(columns[e + 2])));
        pairs23 = _mm_loadh_pi(pairs23, reinterpret_cast<const __m64*>(base + 2 * std::size_t(columns[e + 3])));
        const __m128 dx = _mm_sub_ps(xi, _mm_shuffle_ps(pairs01, pairs23, _MM_SHUFFLE(2, 0, 2, 0)));
        const __m128 dy = _mm_sub_ps(yi4, _mm_shuffle_ps(pairs01, pairs23, _MM_SHUFFLE(3, 1, 3, 1)));
        const __m128 denominator = _mm_add_ps(one, _mm_add_ps(_mm_mul_ps(dx, dx), _mm_mul_ps(dy, dy)));
        const __m128 pq = _mm_div_ps(_mm_loadu_ps(values + e), denominator);
        sumX = _mm_add_ps(sumX, _mm_mul_ps(pq, dx));
        sumY = _mm_add_ps(sumY, _mm_mul_ps(pq, dy));
      }
      alignas(16) float lanesX[4], lanesY[4];
      _mm_store_ps(lanesX, sumX);
      _mm_store_ps(lanesY, sumY);
      fx = (lanesX[0] + lanesX[1]) + (lanesX[2] + lanesX[3]);
      fy = (lanesY[0] + lanesY[1]) + (lanesY[2] + lanesY[3]);
#endif
      for (; e < entries; ++e) {
        const float* yj = position.data() + 2 * std::size_t(columns[e]);
        const float dx = yi[0] - yj[0], dy = yi[1] - yj[1];
        const float pq = values[e] / (1.0f + dx * dx + dy * dy);
        fx += pq * dx;
        fy += pq * dy;
      }
    } else {
#pragma omp simd reduction(+ : fx, fy, fz)
      for (long long e = 0; e < entries; ++e) {
        const float* yj = position.data() + 3 * std::size_t(columns[e]);
        const float dx = yi[0] - yj[0], dy = yi[1] - yj[1], dz = yi[2] - yj[2];
        const float pq = values[e] / (1.0f + dx * dx + dy * dy + dz * dz);
        fx += pq * dx;
        fy += pq * dy;
        fz += pq * dz;
      }
    }
    attract[std::size_t(i) * d] = fx;
    attract[std::size_t(i) * d + 1] = fy;
    if (dims == 3) attract[std::size_t(i) * d + 2] = fz;
  }
}

double exactRepulsion(const double* y, std::size_t count, int dims, double* repulse) {
  const std::size_t d = std::size_t(dims);
  double z = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    double force[3] = {0.0, 0.0, 0.0};
    for (std::size_t j = 0; j < count; ++j) {
      if (j == i) continue;
      double diff[3], d2 = 0.0;
      for (std::size_t c = 0; c < d; ++c) {
        diff[c] = y[i * d + c] - y[j * d + c];
        d2 += diff[c] * diff[c];
      }
      const double q = 1.0 / (1.0 + d2);
      z += q;
      for (std::size_t c = 0; c < d; ++c) force[c] += q * q * diff[c];
    }
    for (std::size_t c = 0; c < d; ++c) repulse[i * d + c] = force[c];
  }
  return z;
}

// ---------------------------------------------------------------------------
// Barnes-Hut: a 2^D-tree (quadtree, octree) over the layout, with the points
// stored in tree order so cells are contiguous ranges. Points walk the tree in
// groups (the largest cells of at most kGroup points; Barnes 1990): a cell is
// taken as one mass when its width is below theta times its centre of mass's
// distance from the group's bounding box (so from every point of the group:
// at least as accurate as a walk per point), leaves are summed point by point.
// Each group's interaction list is then evaluated for its points in a tight,
// vectorized loop.

namespace {

template <int D>
class SpaceTree {
public:
  static constexpr std::uint32_t kLeaf = 8;    // points a leaf holds at most
  static constexpr std::uint32_t kGroup = 48;  // points that walk the tree together at most
  static constexpr int kMaxDepth = 40;         // deeper cells hold coincident points: one leaf

  struct Node {
    double com[D] = {};
    double width = 0.0;
    std::uint32_t count = 0, begin = 0, end = 0;
    std::uint32_t firstChild = 0, childCount = 0;
  };

  SpaceTree(const double* y, std::size_t count) : order(count), mY(y) {
    for (std::size_t i = 0; i < count; ++i) order[i] = std::uint32_t(i);
    std::array<double, D> low, high;
    low.fill(HUGE_VAL);
    high.fill(-HUGE_VAL);
    for (std::size_t i = 0; i < count; ++i)
      for (int c = 0; c < D; ++c) {
        low[c] = std::min(low[c], y[i * D + c]);
        high[c] = std::max(high[c], y[i * D + c]);
      }
    std::array<double, D> center;
    double half = 0.0;
    for (int c = 0; c < D; ++c) {
      center[c] = (low[c] + high[c]) / 2.0;
      half = std::max(half, (high[c] - low[c]) / 2.0);
    }
    half = half * (1.0 + 1e-9) + 1e-12;
    mScratch.resize(count);
    nodes.reserve(4 * count / kLeaf + 16);
    nodes.emplace_back();
    build(0, 0, std::uint32_t(count), center, half, 0, false);
    mScratch.clear();
    mScratch.shrink_to_fit();
    for (int c = 0; c < D; ++c) {
      sorted[c].resize(count);
      for (std::size_t m = 0; m < count; ++m) sorted[c][m] = float(y[std::size_t(order[m]) * D + c]);
    }
  }

  std::vector<std::uint32_t> order;  // tree position -> point
  std::vector<Node> nodes;
  std::vector<std::uint32_t> groups;  // nodes that walk the tree together
  std::vector<float> sorted[D];       // coordinates in tree order

private:
  void build(std::uint32_t index, std::uint32_t begin, std::uint32_t end, const std::array<double, D>& center,
             double half, int depth, bool grouped) {
    nodes[index].begin = begin;
    nodes[index].end = end;
    nodes[index].count = end - begin;
    nodes[index].width = 2.0 * half;
    if (!grouped && end - begin <= kGroup) {
      groups.push_back(index);
      grouped = true;
    }
    if (end - begin <= kLeaf || depth >= kMaxDepth) {
      double com[D] = {};
      for (std::uint32_t m = begin; m < end; ++m)
        for (int c = 0; c < D; ++c) com[c] += mY[std::size_t(order[m]) * D + c];
      for (int c = 0; c < D; ++c) nodes[index].com[c] = com[c] / double(end - begin);

      if (!grouped) groups.push_back(index);  // coincident points beyond kGroup: one group
      return;
    }
    // Counting sort of the range by child cell (stable, so the order is deterministic).
    constexpr int kChildren = 1 << D;
    auto cellOf = [&](std::uint32_t point) {
      int cell = 0;
      for (int c = 0; c < D; ++c)
        if (mY[std::size_t(point) * D + c] > center[c]) cell |= 1 << c;
      return cell;
    };
    std::uint32_t counts[kChildren] = {};
    for (std::uint32_t m = begin; m < end; ++m) ++counts[cellOf(order[m])];
    std::uint32_t starts[kChildren + 1];
    starts[0] = begin;
    for (int cell = 0; cell < kChildren; ++cell) starts[cell + 1] = starts[cell] + counts[cell];
    {
      std::uint32_t fill[kChildren];
      std::copy(starts, starts + kChildren, fill);
      for (std::uint32_t m = begin; m < end; ++m) mScratch[fill[cellOf(order[m])]++] = order[m];
      std::copy(mScratch.begin() + begin, mScratch.begin() + end, order.begin() + begin);
    }
    const std::uint32_t first = std::uint32_t(nodes.size());
    std::uint32_t children = 0;
    for (int cell = 0; cell < kChildren; ++cell)
      if (counts[cell]) ++children;
    nodes.resize(nodes.size() + children);
    nodes[index].firstChild = first;
    nodes[index].childCount = children;
    std::uint32_t child = first;
    double com[D] = {};
    for (int cell = 0; cell < kChildren; ++cell) {
      if (!counts[cell]) continue;
      std::array<double, D> childCenter;
      for (int c = 0; c < D; ++c) childCenter[c] = center[c] + (cell & (1 << c) ? half / 2.0 : -half / 2.0);
      build(child, starts[cell], starts[cell + 1], childCenter, half / 2.0, depth + 1, grouped);
      for (int c = 0; c < D; ++c) com[c] += nodes[child].com[c] * double(nodes[child].count);
      ++child;
    }
    for (int c = 0; c < D; ++c) nodes[index].com[c] = com[c] / double(end - begin);
  }

  const double* mY;
  std::vector<std::uint32_t> mScratch;
};

// One thread's interaction list: positions and masses (cells, then single points).
template <int D>
struct InteractionList {
  std::vector<float> position[D];
  std::vector<float> mass;
  std::vector<std::uint32_t> stack;
  void clear() {
    for (auto& axis : position) axis.clear();
    mass.clear();
  }
  void add(const float* at, float weight) {
    for (int c = 0; c < D; ++c) position[c].push_back(at[c]);
    mass.push_back(weight);
  }
};

template <int D>
void walkGroup(const SpaceTree<D>& tree, std::uint32_t groupIndex, double theta2, InteractionList<D>& list,
               double* repulse, double* zParts) {
  const auto& group = tree.nodes[groupIndex];
  double low[D], high[D];
  for (int c = 0; c < D; ++c) {
    const auto first = tree.sorted[c].begin() + group.begin, last = tree.sorted[c].begin() + group.end;
    low[c] = *std::min_element(first, last);
    high[c] = *std::max_element(first, last);
  }
  list.clear();
  auto& stack = list.stack;
  stack.clear();
  stack.push_back(0);
  while (!stack.empty()) {
    const auto& node = tree.nodes[stack.back()];
    stack.pop_back();
    if (node.childCount == 0) {  // a leaf: its points one by one (the group's own included)
      for (std::uint32_t m = node.begin; m < node.end; ++m) {
        float at[D];
        for (int c = 0; c < D; ++c) at[c] = tree.sorted[c][m];
        list.add(at, 1.0f);
      }
      continue;
    }
    double gap2 = 0.0;  // squared distance from the centre of mass to the group's box
    for (int c = 0; c < D; ++c) {
      const double gap = std::max({0.0, low[c] - node.com[c], node.com[c] - high[c]});
      gap2 += gap * gap;
    }
    if (node.width * node.width < theta2 * gap2) {
      float at[D];
      for (int c = 0; c < D; ++c) at[c] = float(node.com[c]);
      list.add(at, float(node.count));
    } else {
      for (std::uint32_t child = node.firstChild; child < node.firstChild + node.childCount; ++child)
        stack.push_back(child);
    }
  }
  const std::size_t size = list.mass.size();
  const float* mass = list.mass.data();
  const float* px = list.position[0].data();
  const float* py = list.position[D > 1 ? 1 : 0].data();
  const float* pz = list.position[D > 2 ? 2 : 0].data();
  for (std::uint32_t m = group.begin; m < group.end; ++m) {
    const float x = tree.sorted[0][m], yy = D > 1 ? tree.sorted[D > 1 ? 1 : 0][m] : 0.0f,
                z = D > 2 ? tree.sorted[D > 2 ? 2 : 0][m] : 0.0f;
    float fx = 0.0f, fy = 0.0f, fz = 0.0f, sumQ = 0.0f;
#pragma omp simd reduction(+ : fx, fy, fz, sumQ)
    for (std::size_t e = 0; e < size; ++e) {
      const float dx = x - px[e], dy = yy - py[e], dz = D > 2 ? z - pz[e] : 0.0f;
      const float q = 1.0f / (1.0f + dx * dx + dy * dy + dz * dz);
      const float mq = mass[e] * q;
      sumQ += mq;
      const float mq2 = mq * q;
      fx += mq2 * dx;
      fy += mq2 * dy;
      fz += mq2 * dz;
    }
    const std::size_t i = tree.order[m];
    repulse[i * D] = fx;
    repulse[i * D + 1] = fy;
    if (D > 2) repulse[i * D + 2] = fz;
    zParts[i] = double(sumQ) - 1.0;  // less the point itself (q = 1)
  }
}

template <int D>
double barnesHut(const double* y, std::size_t count, double theta, double* repulse, int threads) {
  const SpaceTree<D> tree(y, count);
  std::vector<double> zParts(count);
  const double theta2 = theta * theta;
  const long long groups = (long long)tree.groups.size();
#pragma omp parallel num_threads(threads)
  {
    InteractionList<D> list;
#pragma omp for schedule(dynamic, 4)
    for (long long g = 0; g < groups; ++g)
      walkGroup(tree, tree.groups[std::size_t(g)], theta2, list, repulse, zParts.data());
  }
  double z = 0.0;
  for (double part : zParts) z += part;
  return z;
}

}  // namespace

double barnesHutRepulsion(const double* y, std::size_t count, int dims, double theta, double* repulse, int threads) {
  return dims == 3 ? barnesHut<3>(y, count, theta, repulse, threads) : barnesHut<2>(y, count, theta, repulse, threads);
}

// ---------------------------------------------------------------------------
// FFT-accelerated interpolation (after FIt-SNE's n-body solver, 2-D). Every
// point's unit charge is spread onto an equispaced grid by Lagrange
// interpolation (3 nodes per box and axis, boxes about one layout unit wide,
// at least 50 a side), convolved with three kernels (the Cauchy kernel
// q = 1 / (1 + d^2) for Z, and q^2 dx, q^2 dy for the forces) and interpolated
// back. The force kernels give sum_j q_ij^2 (y_i - y_j) directly, without the
// cancellation of FIt-SNE's charges (1, y, |y|^2), so single-precision FFTs are
// accurate enough.
//
// The grid of n x n nodes is convolved on a circulant grid of 2n x 2n. The
// transforms skip the zero padding: forwards, rows (only the n rows that hold
// charges), then columns in place; backwards, columns, then only the n rows
// that are read. The kernels are even or odd along each axis, so their spectra
// are real or imaginary: DCT-I / DST-I of one quadrant. Each stage runs as
// chunks of 32 one-dimensional transforms shared among the threads; the chunks
// do not depend on the thread count, so neither do the sums.

namespace {

constexpr int kNodes = 3;              // interpolation nodes per box and axis
constexpr int kMinBoxes = 50;          // boxes a side, at least
constexpr int kMaxBoxes = 320;         // and at most (about 100 MB of grids); wider layouts get wider boxes
constexpr double kBoxesPerUnit = 1.0;  // about one box per unit of layout width
constexpr int kKernels = 3;            // q, q^2 dx, q^2 dy
constexpr int kChunk = 32;             // one-dimensional transforms per FFTW call

std::mutex& plannerMutex() {  // FFTW's planner is not thread-safe
  static std::mutex mutex;
  return mutex;
}

bool smooth(int n) {
  for (int factor : {2, 3, 5, 7})
    while (n % factor == 0) n /= factor;
  return n == 1;
}

// Boxes a side for a layout `width` wide, and their width: at least kMinBoxes boxes;
// for wider layouts, boxes exactly 1 / kBoxesPerUnit wide (so the kernels' spectra
// can be kept while the grid keeps its size), as many as cover the layout and make
// the FFT length 2 * kNodes * boxes a product of small primes; at most kMaxBoxes.
std::pair<int, double> boxesFor(double width) {
  if (!(width * kBoxesPerUnit > kMinBoxes)) return {kMinBoxes, std::max(width, 1e-12) / kMinBoxes};
  if (width * kBoxesPerUnit > kMaxBoxes) return {kMaxBoxes, width / kMaxBoxes};  // 2 * 3 * 320 = 2^7 3 5
  int boxes = int(std::ceil(width * kBoxesPerUnit));
  while (!smooth(2 * kNodes * boxes)) ++boxes;
  return {boxes, 1.0 / kBoxesPerUnit};
}

// Lagrange basis at u in [0, 1] for nodes at (m + 0.5) / kNodes.
void lagrange(double u, double* weights) {
  double nodes[kNodes];
  for (int m = 0; m < kNodes; ++m) nodes[m] = (m + 0.5) / kNodes;
  for (int m = 0; m < kNodes; ++m) {
    double value = 1.0;
    for (int l = 0; l < kNodes; ++l)
      if (l != m) value *= (u - nodes[l]) / (nodes[m] - nodes[l]);
    weights[m] = value;
  }
}

template <typename T>
T* fftwArray(std::size_t count) {
  auto* memory = static_cast<T*>(fftwf_malloc(sizeof(T) * std::max<std::size_t>(count, 1)));
  if (!memory) throw std::bad_alloc();
  return memory;
}

// A stage of `total` one-dimensional transforms cut into chunks of kChunk (and a remainder).
struct ChunkedStage {
  fftwf_plan full = nullptr, rest = nullptr;
  int total = 0;
  int chunks() const { return (total + kChunk - 1) / kChunk; }
  int size(int chunk) const { return std::min(kChunk, total - chunk * kChunk); }
  fftwf_plan plan(int chunk) const { return size(chunk) == kChunk ? full : rest; }
  void destroy() {
    if (full) fftwf_destroy_plan(full);
    if (rest) fftwf_destroy_plan(rest);
    full = rest = nullptr;
  }
};

}  // namespace

struct FftRepulsion::Buffers {
  int nodes = 0;                          // grid nodes a side (n); the circulant grid has L = 2n
  float* charges = nullptr;               // n x L, the right half zero
  fftwf_complex* rows[kKernels] = {};     // n x (n + 1): row spectra (forward: charges; back: each kernel's)
  fftwf_complex* spectrum = nullptr;      // (n + 1) x L: the charges' 2-D spectrum, transposed
  fftwf_complex* product[kKernels] = {};  // (n + 1) x L: times each kernel's spectrum, then transformed back
  float* potential[kKernels] = {};        // n x L
  float* kernelIn[kKernels] = {};         // one quadrant of each kernel, transposed (y major)
  float* kernelOut[kKernels] = {};        // its DCT-I / DST-I
  fftwf_plan kernelPlan[kKernels] = {};
  double kernelSpacing = 0.0;  // the node spacing the kernels' spectra are for (0: none yet)
  ChunkedStage rowsForward, columnsForward, columnsBackward, rowsBackward;
  std::vector<std::uint32_t> cell;  // per point: grid offset of its first node
  std::vector<double> weights;      // per point: kNodes x-weights, then kNodes y-weights

  std::size_t length() const { return 2 * std::size_t(nodes); }
  std::size_t columns() const { return std::size_t(nodes) + 1; }
  std::size_t gridSize() const { return std::size_t(nodes) * length(); }
  std::size_t rowsSize() const { return std::size_t(nodes) * columns(); }
  std::size_t spectrumSize() const { return columns() * length(); }

  void release() {
    {
      const std::lock_guard<std::mutex> lock(plannerMutex());
      for (ChunkedStage* stage : {&rowsForward, &columnsForward, &columnsBackward, &rowsBackward}) stage->destroy();
      for (fftwf_plan& plan : kernelPlan) {
        if (plan) fftwf_destroy_plan(plan);
        plan = nullptr;
      }
    }
    fftwf_free(charges);
    fftwf_free(spectrum);
    charges = nullptr;
    spectrum = nullptr;
    for (int k = 0; k < kKernels; ++k) {
      for (void* memory :
           {static_cast<void*>(rows[k]), static_cast<void*>(product[k]), static_cast<void*>(potential[k]),
            static_cast<void*>(kernelIn[k]), static_cast<void*>(kernelOut[k])})
        fftwf_free(memory);
      rows[k] = product[k] = nullptr;
      potential[k] = kernelIn[k] = kernelOut[k] = nullptr;
    }
    nodes = 0;
  }

  void allocate(int side) {
    if (side == nodes) return;
    release();
    nodes = side;
    kernelSpacing = 0.0;
    const int n = side, length = 2 * side, columns = side + 1;
    charges = fftwArray<float>(gridSize());
    std::fill(charges, charges + gridSize(), 0.0f);
    spectrum = fftwArray<fftwf_complex>(spectrumSize());
    // Quadrants (y major): q even in both axes; q^2 dx odd along x; q^2 dy odd along y.
    const std::size_t quadrant[kKernels] = {std::size_t(columns) * columns, std::size_t(columns) * (n - 1),
                                            std::size_t(n - 1) * columns};
    for (int k = 0; k < kKernels; ++k) {
      rows[k] = fftwArray<fftwf_complex>(rowsSize());
      product[k] = fftwArray<fftwf_complex>(spectrumSize());
      potential[k] = fftwArray<float>(gridSize());
      kernelIn[k] = fftwArray<float>(quadrant[k]);
      kernelOut[k] = fftwArray<float>(quadrant[k]);
    }
    // Estimated plans are chosen without timing, so they (and the sums) are the same on every run.
    const std::lock_guard<std::mutex> lock(plannerMutex());
    kernelPlan[0] =
        fftwf_plan_r2r_2d(columns, columns, kernelIn[0], kernelOut[0], FFTW_REDFT00, FFTW_REDFT00, FFTW_ESTIMATE);
    kernelPlan[1] =
        fftwf_plan_r2r_2d(columns, n - 1, kernelIn[1], kernelOut[1], FFTW_REDFT00, FFTW_RODFT00, FFTW_ESTIMATE);
    kernelPlan[2] =
        fftwf_plan_r2r_2d(n - 1, columns, kernelIn[2], kernelOut[2], FFTW_RODFT00, FFTW_REDFT00, FFTW_ESTIMATE);
    auto plans = [&](ChunkedStage& stage, int total, auto make) {
      stage.total = total;
      stage.full = make(std::min(kChunk, total));
      const int rest = total % kChunk;
      stage.rest = rest ? make(rest) : nullptr;
      if (!stage.full || (rest && !stage.rest)) throw std::bad_alloc();
    };
    plans(rowsForward, n, [&](int howmany) {
      return fftwf_plan_many_dft_r2c(1, &length, howmany, charges, nullptr, 1, length, rows[0], nullptr, 1, columns,
                                     FFTW_ESTIMATE);
    });
    plans(columnsForward, columns, [&](int howmany) {
      return fftwf_plan_many_dft(1, &length, howmany, spectrum, nullptr, 1, length, spectrum, nullptr, 1, length,
                                 FFTW_FORWARD, FFTW_ESTIMATE);
    });
    plans(columnsBackward, columns, [&](int howmany) {
      return fftwf_plan_many_dft(1, &length, howmany, product[0], nullptr, 1, length, product[0], nullptr, 1, length,
                                 FFTW_BACKWARD, FFTW_ESTIMATE);
    });
    plans(rowsBackward, n, [&](int howmany) {
      return fftwf_plan_many_dft_c2r(1, &length, howmany, rows[0], nullptr, 1, columns, potential[0], nullptr, 1,
                                     length, FFTW_ESTIMATE);
    });
    for (fftwf_plan plan : kernelPlan)
      if (!plan) throw std::bad_alloc();
  }

  // Kernel k's quadrant at node spacing h (y major), and its transform.
  void kernelSpectrum(int k, double spacing) {
    const std::size_t n = std::size_t(nodes), columns = n + 1;
    float* in = kernelIn[k];
    const std::size_t height = k == 2 ? n - 1 : columns, width = k == 1 ? n - 1 : columns;
    const std::size_t yOffset = k == 2 ? 1 : 0, xOffset = k == 1 ? 1 : 0;
    for (std::size_t b = 0; b < height; ++b) {
      const double dy = double(b + yOffset) * spacing;
      for (std::size_t a = 0; a < width; ++a) {
        const double dx = double(a + xOffset) * spacing;
        const double q = 1.0 / (1.0 + dx * dx + dy * dy);
        in[b * width + a] = float(k == 0 ? q : k == 1 ? q * q * dx : q * q * dy);
      }
    }
    fftwf_execute_r2r(kernelPlan[k], in, kernelOut[k]);
  }

  void spread(const double* y, std::size_t count) {
    std::fill(charges, charges + gridSize(), 0.0f);
    const std::size_t stride = length();
    for (std::size_t i = 0; i < count; ++i) {
      const double* wx = weights.data() + i * 2 * kNodes;
      const double* wy = wx + kNodes;
      float* origin = charges + cell[i];
      for (int u = 0; u < kNodes; ++u)
        for (int v = 0; v < kNodes; ++v) origin[std::size_t(u) * stride + std::size_t(v)] += float(wx[u] * wy[v]);
    }
  }

  // Spectrum rows [first, last) (y frequencies) <- the row spectra transposed, zero-padded.
  void transposeForward(std::size_t first, std::size_t last) {
    const std::size_t n = std::size_t(nodes), columns = n + 1, length = 2 * n;
    for (std::size_t c = first; c < last; ++c) {
      fftwf_complex* target = spectrum + c * length;
      for (std::size_t r = 0; r < n; ++r) {
        target[r][0] = rows[0][r * columns + c][0];
        target[r][1] = rows[0][r * columns + c][1];
      }
      std::fill(&target[n][0], &target[length][0], 0.0f);
    }
  }

  // Row k2 (a y frequency) of the three products: the charges' spectrum times each kernel's.
  void multiplyRow(std::size_t k2) {
    const std::size_t n = std::size_t(nodes), columns = n + 1, length = 2 * n;
    const fftwf_complex* source = spectrum + k2 * length;
    const float* even = kernelOut[0] + k2 * columns;
    fftwf_complex* zOut = product[0] + k2 * length;
    fftwf_complex* xOut = product[1] + k2 * length;
    fftwf_complex* yOut = product[2] + k2 * length;
    // Along x (k1 over L): an even axis has X[L - k] = X[k]; an odd one X[k] = -i DST[k - 1],
    // X[L - k] = -X[k] and X[0] = X[n] = 0.
    const float* oddX = kernelOut[1] + k2 * (n - 1);
    for (std::size_t k1 = 0; k1 < length; ++k1) {
      const std::size_t mirror = k1 <= n ? k1 : length - k1;
      const float re = source[k1][0], im = source[k1][1];
      zOut[k1][0] = re * even[mirror];
      zOut[k1][1] = im * even[mirror];
      const float v = mirror == 0 || mirror == n ? 0.0f : (k1 < n ? oddX[mirror - 1] : -oddX[mirror - 1]);
      xOut[k1][0] = v * im;  // times -i v
      xOut[k1][1] = -v * re;
    }
    if (k2 == 0 || k2 == n) {
      std::fill(&yOut[0][0], &yOut[length][0], 0.0f);
      return;
    }
    const float* oddY = kernelOut[2] + (k2 - 1) * columns;
    for (std::size_t k1 = 0; k1 < length; ++k1) {
      const std::size_t mirror = k1 <= n ? k1 : length - k1;
      const float v = oddY[mirror];
      yOut[k1][0] = v * source[k1][1];
      yOut[k1][1] = -v * source[k1][0];
    }
  }

  // Kernel k's row spectra rows [first, last) <- its product transposed back (the first n x frequencies... of each y).
  void transposeBack(int k, std::size_t first, std::size_t last) {
    const std::size_t n = std::size_t(nodes), columns = n + 1, length = 2 * n;
    const fftwf_complex* source = product[k];
    for (std::size_t r = first; r < last; ++r) {
      fftwf_complex* target = rows[k] + r * columns;
      for (std::size_t c = 0; c < columns; ++c) {
        target[c][0] = source[c * length + r][0];
        target[c][1] = source[c * length + r][1];
      }
    }
  }
};

FftRepulsion::FftRepulsion() : mBuffers(std::make_unique<Buffers>()) {}
FftRepulsion::~FftRepulsion() {
  mBuffers->release();
}

double FftRepulsion::compute(const double* y, std::size_t count, double* repulse, int threads) {
  Buffers& b = *mBuffers;
  double low = HUGE_VAL, high = -HUGE_VAL;
  for (std::size_t c = 0; c < 2 * count; ++c) {
    low = std::min(low, y[c]);
    high = std::max(high, y[c]);
  }
  const auto [boxes, boxWidth] = boxesFor(high - low);
  b.allocate(boxes * kNodes);
  const double spacing = boxWidth / kNodes;
  const bool newKernels = spacing != b.kernelSpacing;
  b.kernelSpacing = spacing;
  const std::size_t length = b.length(), columns = b.columns(), side = std::size_t(b.nodes);
  const int rowChunks = b.rowsForward.chunks(), columnChunks = b.columnsForward.chunks();
  const long long n = (long long)count;
  b.cell.resize(count);
  b.weights.resize(count * 2 * kNodes);
  std::vector<double> zParts(count);

#pragma omp parallel num_threads(threads)
  {
    // Each point's box and interpolation weights.
#pragma omp for schedule(static)
    for (long long i = 0; i < n; ++i) {
      std::size_t box[2];
      for (int axis = 0; axis < 2; ++axis) {
        const double position = (y[2 * i + axis] - low) / boxWidth;
        const int index = std::min(boxes - 1, std::max(0, int(position)));
        box[axis] = std::size_t(index);
        lagrange(position - index, b.weights.data() + std::size_t(i) * 2 * kNodes + std::size_t(axis) * kNodes);
      }
      b.cell[std::size_t(i)] = std::uint32_t(box[0] * kNodes * length + box[1] * kNodes);
    }
    // The charges on the grid, and the kernels' spectra when the grid's spacing changed.
#pragma omp for schedule(dynamic, 1)
    for (int job = 0; job <= kKernels; ++job) {
      if (job == kKernels)
        b.spread(y, count);
      else if (newKernels)
        b.kernelSpectrum(job, spacing);
    }
    // The charges' spectrum: rows, transposed, then columns (now rows).
#pragma omp for schedule(dynamic, 1)
    for (int chunk = 0; chunk < rowChunks; ++chunk) {
      const std::size_t row = std::size_t(chunk) * kChunk;
      fftwf_execute_dft_r2c(b.rowsForward.plan(chunk), b.charges + row * length, b.rows[0] + row * columns);
    }
#pragma omp for schedule(dynamic, 1)
    for (int chunk = 0; chunk < columnChunks; ++chunk) {
      const std::size_t first = std::size_t(chunk) * kChunk;
      b.transposeForward(first, first + std::size_t(b.columnsForward.size(chunk)));
      fftwf_complex* values = b.spectrum + first * length;
      fftwf_execute_dft(b.columnsForward.plan(chunk), values, values);
      for (std::size_t k2 = first; k2 < first + std::size_t(b.columnsForward.size(chunk)); ++k2) b.multiplyRow(k2);
      for (int k = 0; k < kKernels; ++k) {
        fftwf_complex* product = b.product[k] + first * length;
        fftwf_execute_dft(b.columnsBackward.plan(chunk), product, product);
      }
    }
    // Back along x: transposed, then the n rows that are read.
#pragma omp for schedule(dynamic, 1)
    for (int job = 0; job < kKernels * rowChunks; ++job) {
      const int k = job / rowChunks, chunk = job % rowChunks;
      const std::size_t row = std::size_t(chunk) * kChunk;
      b.transposeBack(k, row, std::min(side, row + kChunk));
      fftwf_execute_dft_c2r(b.rowsBackward.plan(chunk), b.rows[k] + row * columns, b.potential[k] + row * length);
    }
    // Potentials back at the points.
    const double normalization = 1.0 / (double(length) * double(length));
#pragma omp for schedule(static)
    for (long long i = 0; i < n; ++i) {
      const double* wx = b.weights.data() + std::size_t(i) * 2 * kNodes;
      const double* wy = wx + kNodes;
      double phi[kKernels] = {};
      for (int k = 0; k < kKernels; ++k) {
        const float* source = b.potential[k] + b.cell[std::size_t(i)];
        double sum = 0.0;
        for (int u = 0; u < kNodes; ++u)
          for (int v = 0; v < kNodes; ++v)
            sum += wx[u] * wy[v] * double(source[std::size_t(u) * length + std::size_t(v)]);
        phi[k] = sum * normalization;
      }
      zParts[std::size_t(i)] = phi[0];
      repulse[2 * i] = phi[1];
      repulse[2 * i + 1] = phi[2];
    }
  }
  double z = 0.0;
  for (double part : zParts) z += part;
  return z - double(count);  // less the self terms (q_ii = 1)
}

}  // namespace latentlab::tsnedetail
