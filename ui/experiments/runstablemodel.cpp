#include "experiments/runstablemodel.h"

#include "common/usermessage.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <cmath>
#include <set>
#include <unordered_map>

namespace latentlab {

namespace {
constexpr const char* kNameKey = "name";
constexpr const char* kStatusKey = "status";

bool sameValue(const RunValue& a, const RunValue& b) {
  const bool bothNan = std::isnan(a.number) && std::isnan(b.number);
  return a.text == b.text && (bothNan || a.number == b.number);
}

QString joinTags(const std::vector<std::string>& tags) {
  QStringList list;
  for (const auto& tag : tags) list << QString::fromStdString(tag);
  return list.join(", ");
}
}  // namespace

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {
  mColumns = runColumns();
  if (!findRunColumn(kSweepColumnKey))
    mColumns.push_back(RunColumn{kSweepColumnKey, tr("Sweep").toStdString(), RunColumnGroup::Identity, false,
                                 tr("The sweep folder the run was written into, if any").toStdString()});
  mNameColumn = columnOf(kNameKey);
  mStatusColumn = columnOf(kStatusKey);
}

RunsTableModel::Row RunsTableModel::makeRow(RunSummary run) const {
  Row row;
  row.values.reserve(mColumns.size());
  QStringList words;
  for (const RunColumn& column : mColumns) {
    RunValue value = column.key == kSweepColumnKey && !findRunColumn(kSweepColumnKey)
                         ? RunValue{run.sweep, std::nan("")}
                         : runValue(run, column.key);
    words << QString::fromStdString(value.text);
    row.values.push_back(std::move(value));
  }
  words << QString::fromStdString(run.folderName) << QString::fromStdString(run.path.string())
        << joinTags(run.annotations.tags) << QString::fromStdString(run.annotations.note)
        << QString::fromStdString(runStateName(run.state));
  row.search = words.join(' ').toLower();

  QStringList tip;
  tip << QString::fromStdString(run.path.string());
  if (!run.reason.empty())
    tip << (run.state == RunState::Broken ? tr("Broken: %1").arg(userText(run.reason)) : userText(run.reason));
  if (!run.annotations.tags.empty()) tip << tr("Tags: %1").arg(joinTags(run.annotations.tags));
  if (!run.annotations.note.empty()) tip << tr("Note: %1").arg(QString::fromStdString(run.annotations.note));
  row.tooltip = tip.join('\n');
  row.run = std::move(run);
  return row;
}

bool RunsTableModel::sameRow(const Row& a, const Row& b) {
  if (a.values.size() != b.values.size() || a.tooltip != b.tooltip || a.search != b.search ||
      a.run.state != b.run.state)
    return false;
  for (std::size_t i = 0; i < a.values.size(); ++i)
    if (!sameValue(a.values[i], b.values[i])) return false;
  return true;
}

void RunsTableModel::setRuns(std::vector<RunSummary> runs) {
  std::unordered_map<std::string, std::size_t> incoming;
  for (std::size_t i = 0; i < runs.size(); ++i) incoming.emplace(runs[i].path.string(), i);

  // Runs that are gone, in blocks from the end so the rows before stay put.
  for (int row = int(mRows.size()) - 1; row >= 0;) {
    if (incoming.count(mRows[std::size_t(row)].run.path.string())) {
      --row;
      continue;
    }
    int first = row;
    while (first > 0 && !incoming.count(mRows[std::size_t(first - 1)].run.path.string())) --first;
    beginRemoveRows({}, first, row);
    mRows.erase(mRows.begin() + first, mRows.begin() + row + 1);
    endRemoveRows();
    row = first - 1;
  }

  // Runs already listed: replaced in place, dataChanged where anything differs.
  std::vector<bool> placed(runs.size(), false);
  for (std::size_t row = 0; row < mRows.size(); ++row) {
    const std::size_t from = incoming.at(mRows[row].run.path.string());
    placed[from] = true;
    Row updated = makeRow(std::move(runs[from]));
    const bool changed = !sameRow(mRows[row], updated);
    mRows[row] = std::move(updated);
    if (changed) Q_EMIT dataChanged(index(int(row), 0), index(int(row), columnCount() - 1));
  }

  // New runs at the end (the view sorts them into place).
  std::vector<Row> added;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (!placed[i]) added.push_back(makeRow(std::move(runs[i])));
  if (added.empty()) return;
  beginInsertRows({}, int(mRows.size()), int(mRows.size() + added.size()) - 1);
  for (Row& row : added) mRows.push_back(std::move(row));
  endInsertRows();
}

const RunSummary* RunsTableModel::run(int row) const {
  return row >= 0 && row < int(mRows.size()) ? &mRows[std::size_t(row)].run : nullptr;
}

const RunSummary* RunsTableModel::run(const QString& path) const {
  return run(rowOf(path));
}

int RunsTableModel::rowOf(const QString& path) const {
  const std::string key = path.toStdString();
  for (std::size_t row = 0; row < mRows.size(); ++row)
    if (mRows[row].run.path.string() == key) return int(row);
  return -1;
}

std::vector<RunSummary> RunsTableModel::runs() const {
  std::vector<RunSummary> all;
  all.reserve(mRows.size());
  for (const Row& row : mRows) all.push_back(row.run);
  return all;
}

int RunsTableModel::columnOf(const std::string& key) const {
  for (std::size_t column = 0; column < mColumns.size(); ++column)
    if (mColumns[column].key == key) return int(column);
  return -1;
}

QStringList RunsTableModel::datasets() const {
  std::set<QString> names;
  for (const Row& row : mRows)
    if (!row.run.dataset.empty()) names.insert(QString::fromStdString(row.run.dataset));
  return QStringList(names.begin(), names.end());
}

int RunsTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(mRows.size());
}

int RunsTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(mColumns.size());
}

QVariant RunsTableModel::statusForeground(const Row& row) const {
  switch (row.run.state) {
    case RunState::Broken:
      return QBrush(QColor(176, 0, 32));
    case RunState::Diverged:
      return QBrush(QColor(190, 90, 0));
    case RunState::Running:
      return QBrush(QColor(20, 100, 200));
    case RunState::Incomplete:
      return QBrush(QColor(120, 120, 120));
    default:
      return {};
  }
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(mRows.size()) || index.column() >= int(mColumns.size())) return {};
  const Row& row = mRows[std::size_t(index.row())];
  const RunColumn& column = mColumns[std::size_t(index.column())];
  const RunValue& value = row.values[std::size_t(index.column())];
  switch (role) {
    case Qt::DisplayRole:
      return QString::fromStdString(value.text);
    case Qt::TextAlignmentRole:
      return column.numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      return row.tooltip;
    case Qt::ForegroundRole:
      if (index.column() == mStatusColumn || (row.run.state == RunState::Broken && index.column() == mNameColumn))
        return statusForeground(row);
      return {};
    case Qt::FontRole:
      if (index.column() == mStatusColumn && row.run.state == RunState::Running) {
        QFont font;
        font.setBold(true);
        return font;
      }
      return {};
    case SortRole:
      if (column.numeric) return value.number;
      return QString::fromStdString(value.text).toLower();
    case PathRole:
      return QString::fromStdString(row.run.path.string());
    case StateRole:
      return int(row.run.state);
    case SweepRole:
      return QString::fromStdString(row.run.sweep);
    case DatasetRole:
      return QString::fromStdString(row.run.dataset);
    case SearchRole:
      return row.search;
    default:
      return {};
  }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= int(mColumns.size()))
    return QAbstractTableModel::headerData(section, orientation, role);
  const RunColumn& column = mColumns[std::size_t(section)];
  if (role == Qt::DisplayRole) return QString::fromStdString(column.label);
  if (role == Qt::ToolTipRole) return QString::fromStdString(column.tooltip);
  return {};
}

}  // namespace latentlab
