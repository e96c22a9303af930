#pragma once

// The runs library page: every run folder in one sortable, filterable table, the
// selected run's name, tags and note beside it, and the actions on runs: Open
// (Enter), Continue, Compare (2–8 runs, Ctrl+D), Rename (F2), Move to trash (Delete).
// It only asks: opening, continuing and comparing go out as signals.

#include "run/runsummary.h"

#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace latentlab {

class AnnotationEditor;
class ErrorReporter;
class RunRoots;
class RunsFilterModel;
class RunsTableModel;

class RunsPage : public QWidget {
  Q_OBJECT
public:
  // Asked before runs are moved to the trash: true to go ahead.
  using Confirm = std::function<bool(const QString& title, const QString& text)>;

  RunsPage(RunRoots* roots, ErrorReporter* errors, QWidget* parent = nullptr);

  // A scan's result (see RunsTableModel::setRuns); `scanText` says how long it took.
  void setRuns(std::vector<RunSummary> runs, const QString& scanText = {});
  // A scan failed: said under the table; the runs listed stay.
  void setScanProblem(const QString& message);

  QStringList selectedDirs() const;  // in the table's order
  QString currentDir() const;
  void selectRuns(const QStringList& dirs);

  void openCurrent();
  void continueCurrent();
  void compareSelected();
  void trashSelected();
  void renameCurrent();
  void setConfirm(Confirm confirm) { mConfirm = std::move(confirm); }

  QTableView* table() const { return mTable; }
  RunsTableModel* model() const { return mModel; }
  RunsFilterModel* filter() const { return mFilter; }
  QLineEdit* filterEdit() const { return mFilterEdit; }
  QComboBox* statusCombo() const { return mStatus; }
  QComboBox* datasetCombo() const { return mDataset; }
  QCheckBox* groupBySweepBox() const { return mGroup; }
  AnnotationEditor* editor() const { return mEditor; }
  QAction* openAction() const { return mOpen; }
  QAction* continueAction() const { return mContinue; }
  QAction* compareAction() const { return mCompare; }
  QAction* trashAction() const { return mTrash; }
  QAction* renameAction() const { return mRename; }
  QAction* findAction() const { return mFind; }
  QString statusText() const;

Q_SIGNALS:
  void openRequested(const QString& dir);
  void continueRequested(const QString& dir);
  void compareRequested(const QStringList& dirs);
  // Annotations were saved or runs trashed: worth a rescan now.
  void runsChanged();

private:
  QWidget* buildFilterBar();
  void buildActions();
  void buildFoldersMenu();
  void showTableMenu(const QPoint& position);
  void showHeaderMenu(const QPoint& position);
  void setGroupBySweep(bool on);
  void refreshDatasets();
  void refreshActions();
  void refreshStatusText();
  void onCurrentChanged();
  void showColumn(int column);
  void applyHiddenColumns();
  void saveHiddenColumns() const;
  const RunSummary* currentRun() const;
  bool refuseBroken(const RunSummary& run, const QString& title);

  RunRoots* mRoots;
  ErrorReporter* mErrors;
  Confirm mConfirm;
  RunsTableModel* mModel = nullptr;
  RunsFilterModel* mFilter = nullptr;
  QTableView* mTable = nullptr;
  QLineEdit* mFilterEdit = nullptr;
  QComboBox* mStatus = nullptr;
  QComboBox* mDataset = nullptr;
  QCheckBox* mGroup = nullptr;
  QToolButton* mFolders = nullptr;
  AnnotationEditor* mEditor = nullptr;
  QLabel* mStatusLabel = nullptr;
  QAction* mOpen = nullptr;
  QAction* mContinue = nullptr;
  QAction* mCompare = nullptr;
  QAction* mTrash = nullptr;
  QAction* mRename = nullptr;
  QAction* mFind = nullptr;
  QString mScanText;
  QString mScanProblem;
  bool mSized = false;
};

// How many runs one comparison takes.
inline constexpr int kMinComparedRuns = 2;
inline constexpr int kMaxComparedRuns = 8;

}  // namespace latentlab
