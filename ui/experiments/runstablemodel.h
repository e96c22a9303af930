#pragma once

// The runs library as a table: one row per run folder, the columns of
// core/run/runcolumns.h (plus the sweep a run belongs to). Rescans update it in
// place: rows whose values changed emit dataChanged, vanished runs are removed and
// new ones appended, so the view keeps its selection and scroll position while a
// run being trained elsewhere updates every couple of seconds.

#include "run/runcolumns.h"
#include "run/runsummary.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace latentlab {

class RunsTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Role {
    SortRole = Qt::UserRole + 1,  // a number (NaN when unknown) for numeric columns, else lower-case text
    PathRole,                     // the run folder
    StateRole,                    // int(RunState)
    SweepRole,                    // the sweep folder's name, or empty
    DatasetRole,                  // config.json's dataset
    SearchRole,                   // every text of the row, tags and note, lower case
  };

  explicit RunsTableModel(QObject* parent = nullptr);

  // Replaces the runs, keeping the rows of those already listed (matched by folder).
  void setRuns(std::vector<RunSummary> runs);

  int runCount() const { return int(mRows.size()); }
  const RunSummary* run(int row) const;
  const RunSummary* run(const QString& path) const;
  int rowOf(const QString& path) const;  // -1 when not listed
  std::vector<RunSummary> runs() const;

  const std::vector<RunColumn>& columns() const { return mColumns; }
  int columnOf(const std::string& key) const;  // -1 when there is no such column
  // Distinct datasets of the listed runs, sorted.
  QStringList datasets() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
  struct Row {
    RunSummary run;
    std::vector<RunValue> values;  // per column
    QString search;
    QString tooltip;
  };
  Row makeRow(RunSummary run) const;
  static bool sameRow(const Row& a, const Row& b);
  QVariant statusForeground(const Row& row) const;

  std::vector<RunColumn> mColumns;
  std::vector<Row> mRows;
  int mNameColumn = -1;
  int mStatusColumn = -1;
};

// The table's key of the column that shows a run's sweep.
inline constexpr const char* kSweepColumnKey = "sweep";

}  // namespace latentlab
