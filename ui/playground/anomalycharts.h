#pragma once

#include "anomaly/anomalyscores.h"
#include "common/qcustomplotinclude.h"

#include <QString>

#include <vector>

namespace latentlab {

// Two reconstruction-error distributions as overlaid histograms (share of each
// set per bin, so sets of different sizes compare), with a movable threshold line.
class ErrorHistogram : public QCustomPlot {
  Q_OBJECT
public:
  explicit ErrorHistogram(QWidget* parent = nullptr);

  void setErrors(const std::vector<float>& inliers, const std::vector<float>& outliers, const QString& inlierName,
                 const QString& outlierName);
  void clearErrors();
  // The largest error the bins cover (a high percentile: a few extreme errors do not squash the rest).
  double upperLimit() const { return mUpper; }
  void setThreshold(double error);
  double threshold() const { return mThreshold; }
  int barCount() const { return plottableCount(); }

private:
  QCPItemStraightLine* mLine = nullptr;
  double mUpper = 1.0;
  double mThreshold = 0.0;
};

// The ROC curve with its AUC in the title and the operating point of the threshold.
class RocPlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit RocPlot(QWidget* parent = nullptr);

  void setCurve(const RocCurve& curve);
  void clearCurve();
  void setOperatingPoint(double falsePositiveRate, double truePositiveRate);
  QString title() const;

private:
  QCPTextElement* mTitle = nullptr;
  QCPCurve* mCurve = nullptr;
  QCPGraph* mPoint = nullptr;
};

}  // namespace latentlab
