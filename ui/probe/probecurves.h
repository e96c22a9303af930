#pragma once

// The probe's training curves: cross-entropy loss (left) and accuracy (right) per
// epoch, train and validation, drawn live as epochs arrive. The epochs of
// fine-tuning the encoder follow the probe's, with square markers after a dashed
// divider; once finished, the test accuracy is a dashed line across the accuracy plot.

#include "common/qcustomplotinclude.h"
#include "probe/linearprobe.h"

#include <vector>

namespace latentlab {

class ProbeCurves : public QCustomPlot {
  Q_OBJECT
public:
  explicit ProbeCurves(QWidget* parent = nullptr);

  void clearCurves();
  void addEpoch(const ProbeEpoch& epoch);
  // The whole history at once (a finished probe, or probe.json); a finite `testAccuracy` draws its line.
  void setHistory(const std::vector<ProbeEpoch>& history, double testAccuracy);

  int pointCount() const;  // epochs drawn, the probe's and the fine-tuning's
  QCPAxisRect* lossRect() const { return mLossRect; }
  QCPAxisRect* accuracyRect() const { return mAccuracyRect; }

private:
  struct Phase {
    QCPGraph* trainLoss = nullptr;
    QCPGraph* validationLoss = nullptr;
    QCPGraph* trainAccuracy = nullptr;
    QCPGraph* validationAccuracy = nullptr;
  };
  Phase makePhase(bool fineTune);
  void add(const ProbeEpoch& epoch);
  void placeDivider();
  void refreshLegend();
  void rescale();

  QCPAxisRect* mLossRect = nullptr;
  QCPAxisRect* mAccuracyRect = nullptr;
  Phase mProbe;
  Phase mFineTune;
  QCPGraph* mTestAccuracy = nullptr;
  QCPItemStraightLine* mLossDivider = nullptr;
  QCPItemStraightLine* mAccuracyDivider = nullptr;
  int mProbeEpochs = 0;  // the frozen probe's epochs so far: fine-tuning's are drawn after them
};

}  // namespace latentlab
