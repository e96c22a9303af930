#pragma once

#include "common/qcustomplotinclude.h"

#include <QImage>

#include <cstdint>
#include <vector>

namespace latentlab {

// Tens of thousands of colored points on a QCustomPlot, drawn by writing small
// discs straight into an image of the axis rect (one pass over the points, no
// QPainter call per point), so 70,000 points redraw in a few milliseconds.
// QCPGraph scatters of the same size take ~66 ms per replot here.
class PointCloud : public QCPLayerable {
  Q_OBJECT
public:
  PointCloud(QCPAxis* keyAxis, QCPAxis* valueAxis);

  // `xy`: count x 2 positions; `groups`: a group (class) per point, indexing `palette`.
  void setPoints(std::vector<float> xy, std::vector<std::uint16_t> groups);
  // Per-point colors override the group palette (color by error or a latent dimension).
  void setPointColors(std::vector<QRgb> colors);
  void clearPointColors();
  const std::vector<QRgb>& pointColors() const { return mColors; }  // empty: the group palette
  void setPalette(std::vector<QRgb> palette);
  void setGroupVisible(int group, bool visible);
  bool groupVisible(int group) const;
  void setPointRadius(int radius);  // pixels; 0 draws single pixels
  void setOpacity(double opacity);  // 0..1

  std::size_t count() const { return mXy.size() / 2; }
  const std::vector<float>& positions() const { return mXy; }
  const std::vector<std::uint16_t>& groups() const { return mGroups; }
  QCPRange keyRange() const;
  QCPRange valueRange() const;
  // The nearest visible point to a pixel within `maxPixels`, or -1.
  long nearestPoint(const QPointF& pixel, double maxPixels = 12.0) const;
  // Milliseconds the last image render took (the map benchmark reads it).
  double lastRenderMs() const { return mLastRenderMs; }

protected:
  void applyDefaultAntialiasingHint(QCPPainter* painter) const override;
  void draw(QCPPainter* painter) override;
  QRect clipRect() const override;

private:
  void render(const QRect& area);
  QRgb colorOf(std::size_t point) const;

  QPointer<QCPAxis> mKeyAxis;
  QPointer<QCPAxis> mValueAxis;
  std::vector<float> mXy;
  std::vector<std::uint16_t> mGroups;
  std::vector<QRgb> mColors;
  std::vector<QRgb> mPalette;
  std::vector<bool> mHidden;
  int mRadius = 2;
  double mOpacity = 0.8;
  QImage mImage;
  bool mDirty = true;
  QCPRange mRenderedKeys, mRenderedValues;
  QRect mRenderedArea;
  double mLastRenderMs = 0.0;
};

// Ten well-separated class colors (Tableau 10), then a repeat with lighter tones.
std::vector<QRgb> classPalette(int classes);

}  // namespace latentlab
