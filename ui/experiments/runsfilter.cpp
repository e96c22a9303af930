#include "experiments/runsfilter.h"

#include "experiments/runstablemodel.h"

#include <cmath>

namespace latentlab {

RunsFilterModel::RunsFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(RunsTableModel::SortRole);
  setDynamicSortFilter(true);
}

void RunsFilterModel::setSearchText(const QString& text) {
  const QStringList words = text.toLower().split(' ', Qt::SkipEmptyParts);
  if (words == mWords) return;
  mWords = words;
  invalidateFilter();
}

void RunsFilterModel::setStateFilter(int state) {
  if (state == mState) return;
  mState = state;
  invalidateFilter();
}

void RunsFilterModel::setDatasetFilter(const QString& dataset) {
  if (dataset == mDataset) return;
  mDataset = dataset;
  invalidateFilter();
}

void RunsFilterModel::setGroupBySweep(bool on) {
  if (on == mGroupBySweep) return;
  mGroupBySweep = on;
  invalidate();
}

bool RunsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
  if (mState >= 0 && index.data(RunsTableModel::StateRole).toInt() != mState) return false;
  if (!mDataset.isEmpty() && index.data(RunsTableModel::DatasetRole).toString() != mDataset) return false;
  if (mWords.isEmpty()) return true;
  const QString text = index.data(RunsTableModel::SearchRole).toString();
  for (const QString& word : mWords)
    if (!text.contains(word)) return false;
  return true;
}

bool RunsFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  // Qt reverses the comparison for a descending sort; whatever should stay on top
  // (sweeps before loose runs, known before unknown values) flips with it.
  const bool ascending = sortOrder() == Qt::AscendingOrder;
  if (mGroupBySweep) {
    const QString a = left.data(RunsTableModel::SweepRole).toString();
    const QString b = right.data(RunsTableModel::SweepRole).toString();
    if (a != b) {
      if (a.isEmpty() || b.isEmpty()) return ascending ? b.isEmpty() : a.isEmpty();
      return ascending == (QString::localeAwareCompare(a, b) < 0);
    }
  }
  const QVariant a = left.data(sortRole());
  const QVariant b = right.data(sortRole());
  if (a.typeId() == QMetaType::Double && b.typeId() == QMetaType::Double) {
    const double x = a.toDouble(), y = b.toDouble();
    const bool xKnown = !std::isnan(x), yKnown = !std::isnan(y);
    if (xKnown != yKnown) return ascending ? xKnown : yKnown;
    if (!xKnown) return false;
    return x < y;
  }
  const QString x = a.toString(), y = b.toString();
  if (x.isEmpty() != y.isEmpty()) return ascending ? !x.isEmpty() : x.isEmpty();
  return QString::localeAwareCompare(x, y) < 0;
}

}  // namespace latentlab
