#pragma once

// What of the runs library the table shows, and in which order: a text filter (every
// word must appear in the row's values, tags, note or folder), a status and a dataset
// filter, numeric sorting (unknown values last in either direction) and, optionally,
// the runs grouped by the sweep they belong to (sweeps first, by name).

#include <QSortFilterProxyModel>

namespace latentlab {

class RunsFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
public:
  explicit RunsFilterModel(QObject* parent = nullptr);

  void setSearchText(const QString& text);
  // -1: every status; else int(RunState).
  void setStateFilter(int state);
  // Empty: every dataset.
  void setDatasetFilter(const QString& dataset);
  void setGroupBySweep(bool on);

  QString searchText() const { return mWords.join(' '); }
  int stateFilter() const { return mState; }
  QString datasetFilter() const { return mDataset; }
  bool groupBySweep() const { return mGroupBySweep; }

protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
  QStringList mWords;
  int mState = -1;
  QString mDataset;
  bool mGroupBySweep = false;
};

}  // namespace latentlab
