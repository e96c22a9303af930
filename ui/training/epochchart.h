#pragma once

#include "common/qcustomplotinclude.h"

#include <QTimer>

namespace latentlab {

// What the Training tab's loss charts share: X in epochs (epoch 1 spans 0..1), a legend
// at the top right, appends that only mark the plot dirty (a ~30 Hz timer replots and
// refits unless the user zoomed or dragged; a double click fits again), a log-scale
// switch and an exponential smoothing factor for the per-batch lines.
class EpochChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit EpochChart(QWidget* parent = nullptr);

  void setLogScale(bool on);
  bool logScale() const { return mLogScale; }
  // Exponential smoothing factor of the smoothed lines, 0 (none) to 0.99.
  void setSmoothing(double factor);
  double smoothing() const { return mSmoothing; }
  // Fits both axes to the data (and to at least one epoch).
  virtual void rescaleToData() = 0;

protected:
  // A per-batch line and its smoothed twin.
  struct SmoothedLine {
    QCPGraph* raw = nullptr;
    QCPGraph* smoothed = nullptr;
    double last = 0.0;  // the smoothed value at the last point
    void add(double key, double value, double smoothing);
    void rebuild(double smoothing);
  };

  void requestReplot() { mDirty = true; }
  // Called when the user starts over (new data): the axes follow the data again.
  void resetZoom() { mUserZoomed = false; }
  virtual void rebuildSmoothed() = 0;

private:
  QTimer mReplotTimer;
  bool mDirty = false;
  bool mLogScale = false;
  bool mUserZoomed = false;
  double mSmoothing = 0.9;
};

}  // namespace latentlab
