#pragma once

// The compared runs' curves overlaid: a metric of metrics.csv (train or validation
// loss, PSNR, SSIM) against the epoch or the training time, log scale, exponential
// smoothing, one colour per run; clicking a legend entry shows or hides that run.
// The metrics are read off the GUI thread.

#include "experiments/curveseries.h"
#include "experiments/runpalette.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QCPAbstractLegendItem;
class QCPLegend;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;

namespace latentlab {

class AsyncJob;

class ComparisonCurves : public QWidget {
  Q_OBJECT
public:
  explicit ComparisonCurves(QWidget* parent = nullptr);

  // Reads each run's metrics.csv on a worker and draws them; every run shown.
  void setRuns(const std::vector<ComparedRun>& runs);
  // Reads the metrics again (a compared run finished another epoch); keeps the choices.
  void reload();
  // The same runs under new names (renamed meanwhile); keeps everything else.
  void renameRuns(const std::vector<ComparedRun>& runs);

  void setMetric(CurveMetric metric);
  void setAxis(CurveAxis axis);
  void setLogScale(bool on);
  void setSmoothing(double factor);  // 0 .. 0.95
  void setRunVisible(int run, bool visible);
  bool isRunVisible(int run) const;

  CurveMetric metric() const;
  CurveAxis axis() const;
  QCustomPlot* plot() const { return mPlot; }
  AsyncJob* loading() const { return mLoading; }
  QComboBox* metricCombo() const { return mMetric; }
  QComboBox* axisCombo() const { return mAxis; }
  QCheckBox* logScaleBox() const { return mLog; }
  QSlider* smoothingSlider() const { return mSmoothing; }
  // Runs drawn with at least one point.
  int curveCount() const;
  QString noteText() const;

private:
  struct RunMetrics {
    std::vector<EpochStats> epochs;
    QString problem;
  };
  void load();
  void redraw();
  void rescale();
  void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item);
  void onMouseMove(QMouseEvent* event);

  std::vector<ComparedRun> mRuns;
  std::vector<RunMetrics> mMetrics;
  std::vector<bool> mVisible;
  QComboBox* mMetric = nullptr;
  QComboBox* mAxis = nullptr;
  QCheckBox* mLog = nullptr;
  QSlider* mSmoothing = nullptr;
  QCustomPlot* mPlot = nullptr;
  QLabel* mNote = nullptr;
  AsyncJob* mLoading = nullptr;
  bool mReadoutShown = false;
};

}  // namespace latentlab
