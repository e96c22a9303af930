#include "experiments/curveseries.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
double metricValue(const EpochStats& stats, CurveMetric metric) {
  switch (metric) {
    case CurveMetric::TrainLoss:
      return stats.trainLoss;
    case CurveMetric::ValidationLoss:
      return stats.validationLoss;
    case CurveMetric::Psnr:
      return stats.validation.psnr;
    case CurveMetric::Ssim:
      return stats.validation.ssim;
  }
  return std::nan("");
}
}  // namespace

QString curveMetricLabel(CurveMetric metric) {
  switch (metric) {
    case CurveMetric::TrainLoss:
      return QObject::tr("Train loss");
    case CurveMetric::ValidationLoss:
      return QObject::tr("Validation loss");
    case CurveMetric::Psnr:
      return QObject::tr("PSNR (dB)");
    case CurveMetric::Ssim:
      return QObject::tr("SSIM");
  }
  return {};
}

QString curveAxisLabel(CurveAxis axis) {
  return axis == CurveAxis::Epoch ? QObject::tr("epoch") : QObject::tr("training time (s)");
}

CurveSeries curveSeries(const std::vector<EpochStats>& metrics, CurveMetric metric, CurveAxis axis, double smoothing) {
  CurveSeries series;
  smoothing = std::clamp(smoothing, 0.0, 0.99);
  double seconds = 0.0;
  double average = 0.0;
  bool started = false;
  for (const EpochStats& stats : metrics) {
    if (std::isfinite(stats.seconds) && stats.seconds > 0) seconds += stats.seconds;
    const double value = metricValue(stats, metric);
    if (!std::isfinite(value)) continue;
    average = started ? smoothing * average + (1.0 - smoothing) * value : value;
    started = true;
    series.x.push_back(axis == CurveAxis::Epoch ? double(stats.epoch) : seconds);
    series.y.push_back(average);
  }
  return series;
}

}  // namespace latentlab
