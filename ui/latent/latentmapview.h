#pragma once

#include "common/qcustomplotinclude.h"

#include <QImage>

#include <cstdint>
#include <vector>

namespace latentlab {

class PointCloud;

// The latent map: every encoded point colored by class, pan (drag with the
// right button or Shift), wheel zoom, box zoom (Ctrl+drag), reset; a marker
// where the user decodes, an interpolation path, and an optional lattice of
// decoded images behind the points. Reports hover, clicks and left-drags in
// map coordinates; it knows nothing about models.
class LatentMapView : public QCustomPlot {
  Q_OBJECT
public:
  explicit LatentMapView(QWidget* parent = nullptr);

  PointCloud* cloud() const { return mCloud; }
  void setPoints(std::vector<float> xy, std::vector<std::uint16_t> groups, bool keepView);
  void resetView();
  void setMarker(double x, double y, bool visible = true);
  void setPath(const std::vector<float>& xy);  // count x 2; empty hides it
  // A lattice of images centred on a grid over `keys` x `values` (the atlas); empty clears it.
  void setAtlas(const std::vector<QImage>& images, int columns, const QCPRange& keys, const QCPRange& values);
  void setExtraPoints(const std::vector<float>& xy);  // generated samples placed on the map
  // Real images placed on a GAN's map (their fitted z), count x 2; empty hides them.
  void setRealPoints(const std::vector<float>& xy);
  int realPointCount() const;
  // The user's drawing placed on the map (a diamond, in the legend as "your drawing").
  void setProbe(double x, double y, bool visible = true);
  // Items pointed out elsewhere (a probe's confusion cell): rings around their points,
  // in the legend as `caption`; empty hides them.
  void setHighlights(const std::vector<float>& xy, const QString& caption);
  int highlightCount() const;
  QPointF probePosition() const;
  bool probeVisible() const;
  QPointF markerPosition() const { return mMarkerPosition; }
  bool markerVisible() const;
  int pathPointCount() const { return mPath->dataCount(); }
  // Times `repeats` full re-draws of the point layer; returns the mean milliseconds.
  double benchmarkRedraw(int repeats);

Q_SIGNALS:
  void pointHovered(long point);  // -1 when none is near
  void pointClicked(long point);
  void positionPicked(double x, double y, bool dragging);  // a click or drag on empty space

protected:
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
  void refreshLegend();

  PointCloud* mCloud = nullptr;
  QCPCurve* mPath = nullptr;
  QCPGraph* mExtra = nullptr;
  QCPGraph* mReal = nullptr;
  QCPGraph* mProbe = nullptr;
  QCPGraph* mHighlights = nullptr;
  QCPItemEllipse* mMarker = nullptr;
  QCPItemLine* mCrossH = nullptr;
  QCPItemLine* mCrossV = nullptr;
  std::vector<QCPItemPixmap*> mAtlas;
  QPointF mMarkerPosition;
  bool mDragging = false;
  bool mPanning = false;
  long mLastHover = -2;
};

}  // namespace latentlab
