#pragma once

#include "common/qcustomplotinclude.h"

#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <map>
#include <vector>

class QLabel;
class QSpinBox;

namespace latentlab {

// How many of an epoch's generated samples the dataset's classifier puts in each
// class, as bars. Classes under 1 % of the samples are drawn in a warning colour and
// named in the caption: a GAN that never draws a "3" has collapsed onto fewer modes.
// The epoch box shows an earlier epoch; it follows the newest until the user picks one.
class ClassHistogram : public QWidget {
  Q_OBJECT
public:
  explicit ClassHistogram(QWidget* parent = nullptr);

  void clearData();
  // The dataset's class names; "0".."N-1" are shown when they do not match the counts.
  void setClassNames(const QStringList& names);
  void addEpoch(int epoch, const std::vector<std::int64_t>& counts);
  void showEpoch(int epoch);

  int shownEpoch() const;
  int epochCount() const { return int(mCounts.size()); }
  // The bar of class `index` as drawn (in either colour); -1 when there is none.
  double barValue(int index) const;
  bool isRare(int index) const;
  QString captionText() const;
  QCustomPlot* plot() const { return mPlot; }

private:
  void redraw();
  QString className(int index, int classes) const;

  QCustomPlot* mPlot = nullptr;
  QCPBars* mBars = nullptr;      // classes at or above 1 %
  QCPBars* mRareBars = nullptr;  // classes below 1 %, in the warning colour
  QLabel* mCaption = nullptr;
  QSpinBox* mEpoch = nullptr;
  QStringList mNames;
  std::map<int, std::vector<std::int64_t>> mCounts;
  bool mFollowNewest = true;
};

// The classes (indices) holding less than `fraction` of all samples in `counts`.
std::vector<int> rareClasses(const std::vector<std::int64_t>& counts, double fraction = 0.01);

}  // namespace latentlab
