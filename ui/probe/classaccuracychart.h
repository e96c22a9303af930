#pragma once

// The probe's accuracy per true class (its recall) as bars, with the class names
// below; hovering a bar says how many test items of that class were right.

#include "common/qcustomplotinclude.h"

#include <QStringList>

#include <vector>

namespace latentlab {

class ClassAccuracyChart : public QCustomPlot {
  Q_OBJECT
public:
  explicit ClassAccuracyChart(QWidget* parent = nullptr);

  // accuracy[k] in [0, 1] (NaN: no test item of class k); testItems[k] the class's test items.
  void setAccuracies(const std::vector<double>& accuracy, const std::vector<long long>& testItems,
                     const QStringList& classNames);
  void clearBars();
  int barCount() const;

private:
  void onMouseMove(QMouseEvent* event);

  QCPBars* mBars = nullptr;
  std::vector<double> mAccuracy;
  std::vector<long long> mTestItems;
  QStringList mNames;
};

}  // namespace latentlab
