#pragma once

// The points of one run's curve in the comparison: a metric of metrics.csv per
// epoch, against the epoch or the training time so far, optionally smoothed.

#include "train/trainingevents.h"

#include <QString>
#include <QVector>

#include <vector>

namespace latentlab {

enum class CurveMetric { TrainLoss, ValidationLoss, Psnr, Ssim };
enum class CurveAxis { Epoch, WallTime };

struct CurveSeries {
  QVector<double> x;
  QVector<double> y;
};

QString curveMetricLabel(CurveMetric metric);  // "Validation loss", "PSNR (dB)", …
QString curveAxisLabel(CurveAxis axis);        // "epoch", "training time (s)"

// Epochs with an unknown (NaN) value are left out. x: the epoch, or the seconds of
// training up to the end of that epoch (the sum of metrics.csv's `seconds`).
// `smoothing` in [0, 1): an exponential moving average, 0 for the raw values.
CurveSeries curveSeries(const std::vector<EpochStats>& metrics, CurveMetric metric, CurveAxis axis,
                        double smoothing = 0.0);

}  // namespace latentlab
