#pragma once

#include "latent/mapjob.h"

#include <QImage>
#include <QRgb>
#include <QString>

#include <optional>
#include <vector>

namespace latentlab {

// What the Latent map tab knows, without widgets: the map shown, one map per
// epoch for the replay slider, and the current code (a clicked point, a decoded
// spot, a slider code or a drawing) with its image. The panel reads and writes
// it; the view and side tools only display.
class LatentMapState {
public:
  // Adds a map to the history (one per epoch: a recomputation of an epoch replaces
  // it) and makes it current. Returns its position in the history.
  int addResult(MapResultPtr result);
  // Shows an earlier map of the history (replay); false for a position outside it.
  bool showHistory(int position);
  void clear();  // no map, no history, no current code

  const MapResultPtr& current() const { return mCurrent; }
  const std::vector<MapResultPtr>& history() const { return mHistory; }
  int currentPosition() const;

  struct CurrentCode {
    std::vector<float> code;
    QImage image;
    QString caption;
  };
  const CurrentCode& currentCode() const { return mCode; }
  void setCurrentCode(std::vector<float> code, QImage image, QString caption);
  void clearCurrentCode() { mCode = {}; }
  // The current code fits the current map (same code size).
  bool codeFitsMap() const;

private:
  MapResultPtr mCurrent;
  std::vector<MapResultPtr> mHistory;  // sorted by epoch
  CurrentCode mCode;
};

// How the points are coloured: by class (the palette), by reconstruction error or by one latent dimension.
struct MapColoring {
  enum class Mode { Class, Error, Dimension } mode = Mode::Class;
  int dimension = 0;
};

// Per-point colours for a mode other than Class (a perceptual ramp between the 2nd and
// 98th percentile); empty for Class, or when the map lacks what the mode needs.
std::vector<QRgb> pointColors(const EncodedSet& codes, const MapColoring& coloring);

}  // namespace latentlab
