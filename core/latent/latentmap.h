#pragma once

#include "latent/pca.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace latentlab {

// How a map's positions were made from the codes, which decides how a map
// position turns back into a code.
enum class ProjectionKind {
  Direct,  // a 2-D code is its own position
  Pca,     // positions are the first principal components
  Tsne,    // no inverse: positions and codes are related only through the points
};

// A code for a map position, with how far the position is from the data.
struct MapQuery {
  std::vector<float> code;
  double nearestDistance = 0.0;  // map units to the nearest point
  std::size_t nearest = 0;       // that point's row
  // 1 within about one typical neighbour spacing of a point ("inside the data"),
  // falling towards 0 as the position moves away (the decoder extrapolates).
  double confidence = 1.0;
};

// Encoded points and where they sit on a 2-D map, with the queries the latent
// tab makes on every click and mouse move: a position back to a code (direct,
// PCA inverse, or for t-SNE an inverse-distance blend of the nearest points'
// codes) and a new code onto the map (out-of-sample placement). Immutable after
// construction; the const methods may run on several threads at once.
class LatentMap {
public:
  // `codes`: count x codeSize; `positions`: count x 2. A Pca kind needs the fit of
  // the same code size; a Pca kind without one, or a Direct kind for a code that is
  // not 2 values, falls back to the Tsne kind's blending. Throws a usage Error when
  // the sizes disagree.
  LatentMap(std::vector<float> codes, int codeSize, std::vector<float> positions, ProjectionKind kind,
            std::optional<Pca> pca = {});

  std::size_t count() const { return mPositions.size() / 2; }
  int codeSize() const { return mCodeSize; }
  ProjectionKind kind() const { return mKind; }
  const std::vector<float>& positions() const { return mPositions; }
  const float* code(std::size_t row) const { return mCodes.data() + row * std::size_t(mCodeSize); }
  const std::optional<Pca>& pca() const { return mPca; }
  // Median distance on the map from a point to its nearest neighbour: the scale of "near the data".
  double typicalSpacing() const { return mSpacing; }

  // The code at a map position: Direct (x, y) itself, Pca the inverse transform,
  // Tsne the inverse-distance blend of the k nearest map points' codes (a point's
  // own code exactly on it).
  MapQuery codeAt(double x, double y, int k = 8) const;
  // Where a code sits on the map: Direct and Pca exactly; Tsne the inverse-distance
  // blend of the positions of the k nearest codes in latent space.
  std::array<double, 2> place(const float* code, int k = 8) const;
  // The row nearest to a map position (a uniform grid: microseconds for 70,000 points).
  std::size_t nearestOnMap(double x, double y) const;
  // The k rows nearest to a map position, closest first.
  std::vector<std::size_t> nearestOnMap(double x, double y, int k) const;
  // The k rows whose codes are nearest to `code` (Euclidean), closest first.
  std::vector<std::size_t> nearestInLatent(const float* code, int k) const;

private:
  void buildGrid();
  std::size_t cellIndex(int cx, int cy) const { return std::size_t(cy) * std::size_t(mColumns) + std::size_t(cx); }

  std::vector<float> mCodes;
  int mCodeSize;
  std::vector<float> mPositions;
  ProjectionKind mKind;
  std::optional<Pca> mPca;
  double mSpacing = 1.0;
  // The grid over the positions' bounding box, points listed cell by cell.
  double mMinX = 0.0, mMinY = 0.0, mCell = 1.0;
  int mColumns = 1, mRows = 1;
  std::vector<std::uint32_t> mCellStart;  // mColumns * mRows + 1
  std::vector<std::uint32_t> mCellItems;
};

}  // namespace latentlab
