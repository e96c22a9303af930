#include "latent/latentmap.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <string>
#include <utility>

namespace latentlab {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Inverse-distance weights (power 2), normalised; an exact hit takes all the weight.
std::vector<double> inverseDistanceWeights(const std::vector<double>& distances) {
  std::vector<double> weights(distances.size(), 0.0);
  for (std::size_t n = 0; n < distances.size(); ++n)
    if (distances[n] <= 1e-12) {
      weights[n] = 1.0;
      return weights;
    }
  double total = 0.0;
  for (std::size_t n = 0; n < distances.size(); ++n) total += weights[n] = 1.0 / (distances[n] * distances[n]);
  for (double& w : weights) w /= total;
  return weights;
}

// The k nearest seen so far: a max-heap on squared distance (ties broken by row).
class NearestHeap {
public:
  explicit NearestHeap(std::size_t k) : mK(k) {}
  void offer(double distance, std::uint32_t row) {
    const Entry entry{distance, row};
    if (mHeap.size() < mK) {
      mHeap.push(entry);
    } else if (entry < mHeap.top()) {
      mHeap.pop();
      mHeap.push(entry);
    }
  }
  bool full() const { return mHeap.size() >= mK; }
  double worst() const { return mHeap.empty() ? kInfinity : mHeap.top().first; }
  std::vector<std::size_t> rowsClosestFirst() {
    std::vector<std::size_t> rows(mHeap.size());
    for (std::size_t i = rows.size(); i-- > 0; mHeap.pop()) rows[i] = mHeap.top().second;
    return rows;
  }

private:
  using Entry = std::pair<double, std::uint32_t>;
  std::size_t mK;
  std::priority_queue<Entry> mHeap;
};
}  // namespace

LatentMap::LatentMap(std::vector<float> codes, int codeSize, std::vector<float> positions, ProjectionKind kind,
                     std::optional<Pca> pca)
    : mCodes(std::move(codes)),
      mCodeSize(codeSize),
      mPositions(std::move(positions)),
      mKind(kind),
      mPca(std::move(pca)) {
  if (mCodeSize <= 0 || mPositions.size() % 2 != 0 || mCodes.size() != count() * std::size_t(mCodeSize))
    throw usageError("a latent map needs one code of " + std::to_string(mCodeSize) + " values per 2-D position (" +
                     std::to_string(mCodes.size()) + " code values for " + std::to_string(mPositions.size()) +
                     " position values)");
  if (count() > std::numeric_limits<std::uint32_t>::max()) throw usageError("a latent map holds at most 2^32 points");
  if (mKind == ProjectionKind::Pca && (!mPca || mPca->dim() != mCodeSize)) mKind = ProjectionKind::Tsne;
  if (mKind == ProjectionKind::Direct && mCodeSize != 2) mKind = ProjectionKind::Tsne;
  buildGrid();
  // Typical spacing: the median nearest-neighbour distance of up to 1,000 evenly spread points.
  const std::size_t n = count();
  std::vector<double> nearest;
  const std::size_t stride = std::max<std::size_t>(1, n / 1000);
  for (std::size_t i = 0; n >= 2 && i < n; i += stride) {
    const auto near = nearestOnMap(mPositions[2 * i], mPositions[2 * i + 1], 2);
    for (std::size_t row : near)
      if (row != i) {
        nearest.push_back(
            std::hypot(mPositions[2 * row] - mPositions[2 * i], mPositions[2 * row + 1] - mPositions[2 * i + 1]));
        break;
      }
  }
  const double floor = std::max(1e-6 * mCell * std::max(mColumns, mRows), 1e-12);
  if (!nearest.empty()) {
    std::nth_element(nearest.begin(), nearest.begin() + std::ptrdiff_t(nearest.size() / 2), nearest.end());
    mSpacing = std::max(nearest[nearest.size() / 2], floor);
  }
}

void LatentMap::buildGrid() {
  const std::size_t n = count();
  double minX = kInfinity, minY = kInfinity, maxX = -kInfinity, maxY = -kInfinity;
  std::size_t finite = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = mPositions[2 * i], y = mPositions[2 * i + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    ++finite;
    minX = std::min(minX, x);
    maxX = std::max(maxX, x);
    minY = std::min(minY, y);
    maxY = std::max(maxY, y);
  }
  if (finite == 0) {
    minX = minY = 0.0;
    maxX = maxY = 1.0;
  }
  // About two points per cell over the bounding box, at most 1024 cells a side.
  const double width = maxX - minX, height = maxY - minY;
  const double extent = std::max({width, height, 1e-12});
  const double area = std::max(width, extent * 1e-3) * std::max(height, extent * 1e-3);
  mCell = std::sqrt(area / std::max(1.0, double(finite) / 2.0));
  mCell = std::max({mCell, width / 1024.0, height / 1024.0, extent * 1e-9});
  mMinX = minX;
  mMinY = minY;
  mColumns = std::max(1, std::min(1024, int(width / mCell) + 1));
  mRows = std::max(1, std::min(1024, int(height / mCell) + 1));
  const std::size_t cells = std::size_t(mColumns) * std::size_t(mRows);
  std::vector<std::uint32_t> cellOf(n, std::uint32_t(cells));  // cells = not on the grid (not finite)
  mCellStart.assign(cells + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = mPositions[2 * i], y = mPositions[2 * i + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    const int cx = std::min(mColumns - 1, std::max(0, int((x - mMinX) / mCell)));
    const int cy = std::min(mRows - 1, std::max(0, int((y - mMinY) / mCell)));
    cellOf[i] = std::uint32_t(cellIndex(cx, cy));
    ++mCellStart[cellOf[i] + 1];
  }
  std::partial_sum(mCellStart.begin(), mCellStart.end(), mCellStart.begin());
  mCellItems.assign(mCellStart.back(), 0);
  std::vector<std::uint32_t> fill(mCellStart.begin(), mCellStart.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (cellOf[i] < cells) mCellItems[fill[cellOf[i]]++] = std::uint32_t(i);
}

std::vector<std::size_t> LatentMap::nearestOnMap(double x, double y, int k) const {
  const std::size_t wanted = std::min<std::size_t>(std::size_t(std::max(k, 0)), mCellItems.size());
  if (wanted == 0 || !std::isfinite(x) || !std::isfinite(y)) {
    if (wanted == 0) return {};
    x = std::isfinite(x) ? x : mMinX;
    y = std::isfinite(y) ? y : mMinY;
  }
  NearestHeap heap(wanted);
  const double fx = (x - mMinX) / mCell, fy = (y - mMinY) / mCell;
  const int cx = int(std::min(double(mColumns - 1), std::max(0.0, std::floor(fx))));
  const int cy = int(std::min(double(mRows - 1), std::max(0.0, std::floor(fy))));
  auto visit = [&](int column, int row) {
    const std::size_t cell = cellIndex(column, row);
    for (std::uint32_t e = mCellStart[cell]; e < mCellStart[cell + 1]; ++e) {
      const std::uint32_t item = mCellItems[e];
      const double dx = mPositions[2 * std::size_t(item)] - x, dy = mPositions[2 * std::size_t(item) + 1] - y;
      heap.offer(dx * dx + dy * dy, item);
    }
  };
  const int maxRing = std::max({cx, mColumns - 1 - cx, cy, mRows - 1 - cy});
  for (int ring = 0; ring <= maxRing; ++ring) {
    const int x0 = cx - ring, x1 = cx + ring, y0 = cy - ring, y1 = cy + ring;
    for (int column = std::max(0, x0); column <= std::min(mColumns - 1, x1); ++column) {
      if (y0 >= 0) visit(column, y0);
      if (y1 < mRows && y1 != y0) visit(column, y1);
    }
    for (int row = std::max(0, y0 + 1); row <= std::min(mRows - 1, y1 - 1); ++row) {
      if (x0 >= 0) visit(x0, row);
      if (x1 < mColumns && x1 != x0) visit(x1, row);
    }
    if (!heap.full()) continue;
    // Every point not yet seen lies outside the box of cells visited so far; sides
    // at the grid's edge have nothing beyond them.
    double bound = kInfinity;
    if (x0 > 0) bound = std::min(bound, x - (mMinX + double(x0) * mCell));
    if (x1 < mColumns - 1) bound = std::min(bound, mMinX + double(x1 + 1) * mCell - x);
    if (y0 > 0) bound = std::min(bound, y - (mMinY + double(y0) * mCell));
    if (y1 < mRows - 1) bound = std::min(bound, mMinY + double(y1 + 1) * mCell - y);
    if (bound == kInfinity || (bound > 0 && heap.worst() <= bound * bound)) break;
  }
  return heap.rowsClosestFirst();
}

std::size_t LatentMap::nearestOnMap(double x, double y) const {
  const std::vector<std::size_t> rows = nearestOnMap(x, y, 1);
  return rows.empty() ? 0 : rows.front();
}

std::vector<std::size_t> LatentMap::nearestInLatent(const float* code, int k) const {
  const std::size_t n = count(), d = std::size_t(mCodeSize);
  const std::size_t keep = std::min<std::size_t>(std::size_t(std::max(k, 0)), n);
  if (keep == 0) return {};
  std::vector<std::pair<float, std::uint32_t>> distances(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float* other = mCodes.data() + i * d;
    float sum = 0.0f;
    for (std::size_t j = 0; j < d; ++j) sum += (other[j] - code[j]) * (other[j] - code[j]);
    distances[i] = {std::isnan(sum) ? std::numeric_limits<float>::infinity() : sum, std::uint32_t(i)};
  }
  std::nth_element(distances.begin(), distances.begin() + std::ptrdiff_t(keep - 1), distances.end());
  std::sort(distances.begin(), distances.begin() + std::ptrdiff_t(keep));
  std::vector<std::size_t> rows(keep);
  for (std::size_t i = 0; i < keep; ++i) rows[i] = distances[i].second;
  return rows;
}

MapQuery LatentMap::codeAt(double x, double y, int k) const {
  MapQuery query;
  const std::vector<std::size_t> near = nearestOnMap(x, y, std::max(1, k));
  std::vector<double> distances;
  for (std::size_t row : near) distances.push_back(std::hypot(mPositions[2 * row] - x, mPositions[2 * row + 1] - y));
  if (!near.empty()) {
    query.nearest = near.front();
    query.nearestDistance = distances.front();
    query.confidence = std::exp(-std::max(0.0, query.nearestDistance - mSpacing) / (3.0 * mSpacing));
  } else {
    query.confidence = 0.0;
  }
  switch (mKind) {
    case ProjectionKind::Direct:
      query.code = {float(x), float(y)};
      break;
    case ProjectionKind::Pca: {
      std::vector<float> point(std::size_t(mPca->components()), 0.0f);
      point[0] = float(x);
      if (point.size() > 1) point[1] = float(y);
      query.code = mPca->inverse(point.data(), 1);
      break;
    }
    case ProjectionKind::Tsne: {
      query.code.assign(std::size_t(mCodeSize), 0.0f);
      const std::vector<double> weights = inverseDistanceWeights(distances);
      std::vector<double> blend(std::size_t(mCodeSize), 0.0);
      for (std::size_t n = 0; n < near.size(); ++n)
        for (std::size_t d = 0; d < blend.size(); ++d) blend[d] += weights[n] * double(code(near[n])[d]);
      for (std::size_t d = 0; d < blend.size(); ++d) query.code[d] = float(blend[d]);
      break;
    }
  }
  return query;
}

std::array<double, 2> LatentMap::place(const float* code, int k) const {
  switch (mKind) {
    case ProjectionKind::Direct:
      return {double(code[0]), double(code[1])};
    case ProjectionKind::Pca: {
      const std::vector<float> point = mPca->transform(code, 1);
      return {double(point[0]), point.size() > 1 ? double(point[1]) : 0.0};
    }
    case ProjectionKind::Tsne:
      break;
  }
  const std::vector<std::size_t> near = nearestInLatent(code, std::max(1, k));
  if (near.empty()) return {0.0, 0.0};
  std::vector<double> distances;
  for (std::size_t row : near) {
    double sum = 0.0;
    for (int d = 0; d < mCodeSize; ++d)
      sum += double(this->code(row)[d] - code[d]) * double(this->code(row)[d] - code[d]);
    distances.push_back(std::sqrt(sum));
  }
  const std::vector<double> weights = inverseDistanceWeights(distances);
  std::array<double, 2> xy{0.0, 0.0};
  for (std::size_t n = 0; n < near.size(); ++n) {
    xy[0] += weights[n] * mPositions[2 * near[n]];
    xy[1] += weights[n] * mPositions[2 * near[n] + 1];
  }
  return xy;
}

}  // namespace latentlab
