#include "experiments/runspage.h"

#include "common/errorreporter.h"
#include "common/usermessage.h"
#include "experiments/annotationeditor.h"
#include "experiments/runroots.h"
#include "experiments/runsfilter.h"
#include "experiments/runstablemodel.h"
#include "experiments/runtrash.h"
#include "model/actionbutton.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <set>

namespace latentlab {

namespace {
constexpr const char* kHiddenColumnsKey = "experiments/hiddenColumns";
constexpr int kMaxInitialColumnWidth = 240;

// Columns hidden until the user shows them (header menu): rarely compared settings,
// and the sweep (shown while grouping by it).
QStringList hiddenColumnKeys() {
  const QSettings settings;
  if (settings.contains(kHiddenColumnsKey)) return settings.value(kHiddenColumnsKey).toStringList();
  return {kSweepColumnKey, "beta", "dropout", "batch_norm", "seed", "best_epoch"};
}

QString stateLabel(RunState state) {
  QString name = QString::fromStdString(runStateName(state));
  if (!name.isEmpty()) name[0] = name[0].toUpper();
  return name;
}
}  // namespace

RunsPage::RunsPage(RunRoots* roots, ErrorReporter* errors, QWidget* parent)
    : QWidget(parent), mRoots(roots), mErrors(errors) {
  mConfirm = [this](const QString& title, const QString& text) {
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
           QMessageBox::Yes;
  };
  mModel = new RunsTableModel(this);
  mFilter = new RunsFilterModel(this);
  mFilter->setSourceModel(mModel);

  mTable = new QTableView;
  mTable->setObjectName("runsTable");
  mTable->setModel(mFilter);
  mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  mTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
  mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mTable->setSortingEnabled(true);
  mTable->setAlternatingRowColors(true);
  mTable->setWordWrap(false);
  mTable->verticalHeader()->hide();
  mTable->verticalHeader()->setDefaultSectionSize(mTable->fontMetrics().height() + 8);
  mTable->horizontalHeader()->setHighlightSections(false);
  mTable->horizontalHeader()->setSectionsMovable(true);
  mTable->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
  mTable->setContextMenuPolicy(Qt::CustomContextMenu);
  mTable->setToolTip(
      tr("Every run folder under the runs folders. Click a header to sort, right-click it to choose columns; "
         "Enter opens, Delete moves to the trash, F2 renames, Ctrl+click picks runs to compare."));
  const int dateColumn = mModel->columnOf("date");
  mTable->sortByColumn(dateColumn >= 0 ? dateColumn : 0, dateColumn >= 0 ? Qt::DescendingOrder : Qt::AscendingOrder);

  mEditor = new AnnotationEditor(errors);
  mStatusLabel = new QLabel;
  mStatusLabel->setWordWrap(true);
  mStatusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mStatusLabel->setToolTip(tr("How many runs there are, and how long the last scan of the runs folders took"));

  buildActions();
  auto* buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  for (QAction* action : {mOpen, mContinue, mCompare, mTrash}) buttons->addWidget(buttonFor(action));
  buttons->addWidget(mStatusLabel, 1);

  auto* tableSide = new QWidget;
  auto* tableLayout = new QVBoxLayout(tableSide);
  tableLayout->setContentsMargins(0, 0, 0, 0);
  tableLayout->addWidget(mTable, 1);
  tableLayout->addLayout(buttons);

  auto* split = new QSplitter(Qt::Horizontal);
  split->setChildrenCollapsible(false);
  split->addWidget(tableSide);
  split->addWidget(mEditor);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  mEditor->setMinimumWidth(220);
  tableSide->setMinimumWidth(420);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildFilterBar());
  layout->addWidget(split, 1);

  connect(mTable, &QTableView::doubleClicked, this, [this] { openCurrent(); });
  connect(mTable, &QWidget::customContextMenuRequested, this, &RunsPage::showTableMenu);
  connect(mTable->horizontalHeader(), &QWidget::customContextMenuRequested, this, &RunsPage::showHeaderMenu);
  connect(mTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPage::refreshActions);
  connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunsPage::onCurrentChanged);
  connect(mFilter, &QAbstractItemModel::rowsInserted, this, &RunsPage::refreshStatusText);
  connect(mFilter, &QAbstractItemModel::rowsRemoved, this, &RunsPage::refreshStatusText);
  connect(mFilter, &QAbstractItemModel::modelReset, this, &RunsPage::refreshStatusText);
  connect(mFilter, &QAbstractItemModel::layoutChanged, this, &RunsPage::refreshStatusText);
  connect(mEditor, &AnnotationEditor::saved, this, [this] { Q_EMIT runsChanged(); });
  applyHiddenColumns();
  setGroupBySweep(false);
  refreshActions();
  refreshStatusText();
}

QWidget* RunsPage::buildFilterBar() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  mFilterEdit = new QLineEdit;
  mFilterEdit->setPlaceholderText(tr("Filter: name, tag, note, dataset, model… (Ctrl+F)"));
  mFilterEdit->setClearButtonEnabled(true);
  mFilterEdit->setToolTip(tr("Shows the runs whose values, tags, note or folder contain every word typed (Ctrl+F)"));
  mStatus = new QComboBox;
  mStatus->addItem(tr("All statuses"), -1);
  for (RunState state : {RunState::Finished, RunState::Stopped, RunState::Diverged, RunState::Running,
                         RunState::Incomplete, RunState::Broken})
    mStatus->addItem(stateLabel(state), int(state));
  mStatus->setToolTip(tr("Show only the runs with this status"));
  mDataset = new QComboBox;
  mDataset->addItem(tr("All datasets"), QString());
  mDataset->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  mDataset->setToolTip(tr("Show only the runs trained on this dataset"));
  mGroup = new QCheckBox(tr("Group by sweep"));
  mGroup->setToolTip(tr("Show the sweep column first and keep each sweep's runs together (sorted within it)"));
  mFolders = new QToolButton;
  mFolders->setText(tr("Folders"));
  mFolders->setPopupMode(QToolButton::InstantPopup);
  mFolders->setToolTip(tr("The folders searched for runs: the default runs folder and any you add"));
  mFolders->setMenu(new QMenu(mFolders));
  connect(mFolders->menu(), &QMenu::aboutToShow, this, &RunsPage::buildFoldersMenu);
  row->addWidget(mFilterEdit, 1);
  row->addWidget(mStatus);
  row->addWidget(mDataset);
  row->addWidget(mGroup);
  row->addWidget(mFolders);

  connect(mFilterEdit, &QLineEdit::textChanged, mFilter, &RunsFilterModel::setSearchText);
  connect(mStatus, &QComboBox::currentIndexChanged, this,
          [this] { mFilter->setStateFilter(mStatus->currentData().toInt()); });
  connect(mDataset, &QComboBox::currentIndexChanged, this,
          [this] { mFilter->setDatasetFilter(mDataset->currentData().toString()); });
  connect(mGroup, &QCheckBox::toggled, this, &RunsPage::setGroupBySweep);
  return bar;
}

void RunsPage::buildActions() {
  mOpen = makeEditorAction(mTable, tr("Open"), tr("Load the run in the Training and Latent map tabs"),
                           QKeySequence(Qt::Key_Return), Qt::WidgetShortcut,
                           style()->standardIcon(QStyle::SP_DialogOpenButton));
  mOpen->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
  mContinue = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Continue"), this);
  mContinue->setToolTip(
      tr("Open the run and continue training it from its checkpoint, up to the epochs set in the side panel"));
  mCompare = makeEditorAction(this, tr("Compare"), tr("Compare the 2 to 8 selected runs: curves, settings, images"),
                              QKeySequence("Ctrl+D"), Qt::WidgetWithChildrenShortcut);
  mTrash = makeEditorAction(mTable, tr("Move to trash"), tr("Move the selected runs to the desktop trash"),
                            QKeySequence::Delete, Qt::WidgetShortcut, style()->standardIcon(QStyle::SP_TrashIcon));
  mRename = makeEditorAction(this, tr("Rename"), tr("Give the selected run a display name"), QKeySequence(Qt::Key_F2),
                             Qt::WidgetWithChildrenShortcut);
  mFind =
      makeEditorAction(this, tr("Find"), tr("Type in the filter"), QKeySequence::Find, Qt::WidgetWithChildrenShortcut);
  connect(mOpen, &QAction::triggered, this, &RunsPage::openCurrent);
  connect(mContinue, &QAction::triggered, this, &RunsPage::continueCurrent);
  connect(mCompare, &QAction::triggered, this, &RunsPage::compareSelected);
  connect(mTrash, &QAction::triggered, this, &RunsPage::trashSelected);
  connect(mRename, &QAction::triggered, this, &RunsPage::renameCurrent);
  connect(mFind, &QAction::triggered, this, [this] {
    mFilterEdit->setFocus(Qt::ShortcutFocusReason);
    mFilterEdit->selectAll();
  });
}

void RunsPage::buildFoldersMenu() {
  QMenu* menu = mFolders->menu();
  menu->clear();
  auto* fixed = menu->addAction(tr("%1 (default)").arg(RunRoots::defaultRoot()));
  fixed->setToolTip(tr("Where LatentLab and latentlab-cli write runs; always searched. Click to open it."));
  connect(fixed, &QAction::triggered, this,
          [] { QDesktopServices::openUrl(QUrl::fromLocalFile(RunRoots::defaultRoot())); });
  for (const QString& folder : mRoots->added()) {
    auto* remove = menu->addAction(tr("Stop searching %1").arg(folder));
    remove->setToolTip(tr("Remove this folder from the runs library (nothing is deleted)"));
    connect(remove, &QAction::triggered, this, [this, folder] { mRoots->remove(folder); });
  }
  menu->addSeparator();
  auto* add = menu->addAction(tr("Add a folder of runs…"));
  add->setToolTip(tr("Also search this folder (and its sub-folders) for runs, e.g. a copy from a GPU server"));
  connect(add, &QAction::triggered, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder of runs"), RunRoots::defaultRoot());
    if (!folder.isEmpty() && !mRoots->add(folder))
      mErrors->report(tr("Folder already searched"),
                      tr("%1 is already in the runs library's folders (see Folders).").arg(folder));
  });
  menu->setToolTipsVisible(true);
}

void RunsPage::setRuns(std::vector<RunSummary> runs, const QString& scanText) {
  mScanText = scanText;
  mScanProblem.clear();
  mModel->setRuns(std::move(runs));
  refreshDatasets();
  if (const RunSummary* run = currentRun()) mEditor->refreshRun(*run);
  if (!mSized && mModel->runCount() > 0) {
    mSized = true;
    mTable->resizeColumnsToContents();
    for (int column = 0; column < mModel->columnCount(); ++column)
      if (!mTable->isColumnHidden(column))
        mTable->setColumnWidth(column, std::min(mTable->columnWidth(column), kMaxInitialColumnWidth));
    // Room for a display name longer than the folder names seen so far.
    const int name = mModel->columnOf("name");
    if (name >= 0) mTable->setColumnWidth(name, std::max(mTable->columnWidth(name), 140));
  }
  refreshActions();
  refreshStatusText();
}

void RunsPage::setScanProblem(const QString& message) {
  mScanProblem = message;
  refreshStatusText();
}

void RunsPage::refreshDatasets() {
  const QString chosen = mDataset->currentData().toString();
  QStringList names = mModel->datasets();
  if (!chosen.isEmpty() && !names.contains(chosen)) names << chosen;  // keep the filter the user set
  QStringList listed;
  for (int i = 1; i < mDataset->count(); ++i) listed << mDataset->itemData(i).toString();
  if (listed == names) return;
  const QSignalBlocker block(mDataset);
  while (mDataset->count() > 1) mDataset->removeItem(1);
  for (const QString& name : names) {
    const QString shown = name.contains('/') ? name.section('/', -1, -1, QString::SectionSkipEmpty) : name;
    mDataset->addItem(shown, name);
    mDataset->setItemData(mDataset->count() - 1, name, Qt::ToolTipRole);
  }
  mDataset->setCurrentIndex(std::max(0, mDataset->findData(chosen)));
}

void RunsPage::setGroupBySweep(bool on) {
  const int sweep = mModel->columnOf(kSweepColumnKey);
  if (sweep >= 0) {
    auto* header = mTable->horizontalHeader();
    if (on) {
      showColumn(sweep);
      header->moveSection(header->visualIndex(sweep), 0);
    } else {
      // Loose runs have no sweep: the column is only worth its width while grouping or when asked for.
      if (hiddenColumnKeys().contains(kSweepColumnKey)) header->hideSection(sweep);
    }
  }
  mFilter->setGroupBySweep(on);
}

const RunSummary* RunsPage::currentRun() const {
  const QModelIndex current = mTable->selectionModel()->currentIndex();
  if (!current.isValid() || !mTable->selectionModel()->isRowSelected(current.row(), current.parent())) return nullptr;
  return mModel->run(mFilter->mapToSource(current).row());
}

QString RunsPage::currentDir() const {
  const RunSummary* run = currentRun();
  return run ? QString::fromStdString(run->path.string()) : QString();
}

QStringList RunsPage::selectedDirs() const {
  QModelIndexList rows = mTable->selectionModel()->selectedRows();
  std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  QStringList dirs;
  for (const QModelIndex& row : rows) dirs << row.data(RunsTableModel::PathRole).toString();
  return dirs;
}

void RunsPage::selectRuns(const QStringList& dirs) {
  QItemSelection selection;
  QModelIndex first;
  for (const QString& dir : dirs) {
    const int row = mModel->rowOf(dir);
    if (row < 0) continue;
    const QModelIndex index = mFilter->mapFromSource(mModel->index(row, 0));
    if (!index.isValid()) continue;
    selection.select(index, index);
    if (!first.isValid()) first = index;
  }
  auto* selectionModel = mTable->selectionModel();
  selectionModel->clearSelection();
  if (first.isValid()) selectionModel->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
  selectionModel->select(selection, QItemSelectionModel::Select | QItemSelectionModel::Rows);
  if (first.isValid()) mTable->scrollTo(first);
  onCurrentChanged();
}

void RunsPage::onCurrentChanged() {
  mEditor->showRun(currentRun());
  refreshActions();
}

void RunsPage::refreshActions() {
  const int selected = int(mTable->selectionModel()->selectedRows().size());
  const RunSummary* run = selected == 1 ? mModel->run(mModel->rowOf(selectedDirs().value(0))) : nullptr;
  const bool readable = run != nullptr && run->state != RunState::Broken;
  mOpen->setEnabled(readable);
  mContinue->setEnabled(readable && run->state != RunState::Running);
  mRename->setEnabled(run != nullptr);
  mTrash->setEnabled(selected > 0);
  mCompare->setEnabled(selected >= kMinComparedRuns && selected <= kMaxComparedRuns);
  // The editor follows the current row (the one clicked last) once the selection holds it.
  const RunSummary* current = currentRun();
  if ((current ? QString::fromStdString(current->path.string()) : QString()) != mEditor->runDir())
    mEditor->showRun(current);
}

void RunsPage::refreshStatusText() {
  const int total = mModel->runCount();
  const int shown = mFilter->rowCount();
  QString text;
  if (total == 0) {
    text = tr("No runs yet in %1: train one (F5), or write one with latentlab-cli train --out %1/NAME. "
              "Folders adds other places to look.")
               .arg(RunRoots::defaultRoot());
  } else {
    const QString runs = total == 1 ? tr("1 run") : tr("%1 runs").arg(total);
    text = shown == total ? runs : tr("%1 of %2 shown").arg(shown).arg(runs);
    const int selected = int(mTable->selectionModel()->selectedRows().size());
    if (selected > 1) text += tr(" · %1 selected").arg(selected);
    if (!mScanText.isEmpty()) text += " · " + mScanText;
  }
  if (!mScanProblem.isEmpty()) text += "\n" + tr("The last scan failed: %1").arg(mScanProblem);
  mStatusLabel->setText(text);
}

QString RunsPage::statusText() const {
  return mStatusLabel->text();
}

bool RunsPage::refuseBroken(const RunSummary& run, const QString& title) {
  if (run.state != RunState::Broken) return false;
  mErrors->report(title, tr("%1 cannot be read: %2. Repair or restore the file named, or move the run to the trash.")
                             .arg(QString::fromStdString(run.path.string()), userText(run.reason)));
  return true;
}

void RunsPage::openCurrent() {
  const QStringList dirs = selectedDirs();
  if (dirs.size() != 1) return;
  const RunSummary* run = mModel->run(dirs.front());
  if (!run || refuseBroken(*run, tr("Cannot open run"))) return;
  mEditor->save();
  Q_EMIT openRequested(dirs.front());
}

void RunsPage::continueCurrent() {
  const QStringList dirs = selectedDirs();
  if (dirs.size() != 1) return;
  const RunSummary* run = mModel->run(dirs.front());
  if (!run || refuseBroken(*run, tr("Cannot continue run"))) return;
  if (const QString why = whyRunCannotBeTrashed(dirs.front()); !why.isEmpty() || run->state == RunState::Running) {
    mErrors->report(tr("Cannot continue run"),
                    why.isEmpty() ? tr("%1 is training already; wait for it to end.").arg(dirs.front()) : why);
    return;
  }
  mEditor->save();
  Q_EMIT continueRequested(dirs.front());
}

void RunsPage::compareSelected() {
  const QStringList dirs = selectedDirs();
  if (dirs.size() < kMinComparedRuns || dirs.size() > kMaxComparedRuns) {
    mErrors->report(tr("Select 2 to 8 runs"),
                    tr("%1 selected: Ctrl+click or Shift+click 2 to 8 runs in the table, then Compare (Ctrl+D).")
                        .arg(dirs.size() == 1 ? tr("1 run") : tr("%1 runs").arg(dirs.size())));
    return;
  }
  QStringList broken;
  for (const QString& dir : dirs)
    if (const RunSummary* run = mModel->run(dir); run && run->state == RunState::Broken)
      broken << tr("%1: %2").arg(QString::fromStdString(run->name()), userText(run->reason));
  if (!broken.isEmpty()) {
    mErrors->report(
        tr("Cannot compare broken runs"),
        tr("These runs cannot be read; deselect them or repair the files named:\n%1").arg(broken.join("\n")));
    return;
  }
  mEditor->save();
  Q_EMIT compareRequested(dirs);
}

void RunsPage::trashSelected() {
  QStringList dirs = selectedDirs();
  if (dirs.isEmpty()) return;
  QStringList refused;
  for (auto it = dirs.begin(); it != dirs.end();) {
    const QString why = whyRunCannotBeTrashed(*it);
    if (why.isEmpty()) {
      ++it;
      continue;
    }
    refused << why;
    it = dirs.erase(it);
  }
  if (!refused.isEmpty()) mErrors->report(tr("Cannot delete a running run"), refused.join("\n"));
  if (dirs.isEmpty()) return;
  QStringList names;
  for (const QString& dir : dirs)
    if (const RunSummary* run = mModel->run(dir)) names << QString::fromStdString(run->name());
  const QString text =
      dirs.size() == 1 ? tr("Move the run %1 to the trash?\n\n%2").arg(names.value(0), dirs.front())
                       : tr("Move these %1 runs to the trash?\n\n%2").arg(dirs.size()).arg(names.mid(0, 12).join("\n"));
  if (!mConfirm(tr("Move to trash"), text)) return;
  if (dirs.contains(mEditor->runDir())) mEditor->showRun(nullptr);
  QStringList failures;
  for (const QString& dir : dirs)
    if (const QString problem = moveRunToTrash(dir); !problem.isEmpty()) failures << problem;
  if (!failures.isEmpty()) mErrors->report(tr("Cannot delete run"), failures.join("\n"));
  Q_EMIT runsChanged();
}

void RunsPage::renameCurrent() {
  if (selectedDirs().size() != 1) return;
  mEditor->startRename();
}

void RunsPage::showTableMenu(const QPoint& position) {
  QMenu menu(this);
  menu.setToolTipsVisible(true);
  menu.addActions({mOpen, mContinue, mCompare, mRename});
  const QString dir = selectedDirs().size() == 1 ? selectedDirs().front() : QString();
  auto* show = menu.addAction(tr("Show folder"));
  show->setToolTip(tr("Open the run folder in the file manager"));
  show->setEnabled(!dir.isEmpty());
  connect(show, &QAction::triggered, this, [dir] { QDesktopServices::openUrl(QUrl::fromLocalFile(dir)); });
  menu.addSeparator();
  menu.addAction(mTrash);
  menu.exec(mTable->viewport()->mapToGlobal(position));
}

void RunsPage::showHeaderMenu(const QPoint& position) {
  QMenu menu(this);
  auto* header = mTable->horizontalHeader();
  for (int column = 0; column < mModel->columnCount(); ++column) {
    auto* action = menu.addAction(mModel->headerData(column, Qt::Horizontal).toString());
    action->setCheckable(true);
    action->setChecked(!header->isSectionHidden(column));
    connect(action, &QAction::toggled, this, [this, header, column](bool on) {
      if (on)
        showColumn(column);
      else
        header->hideSection(column);
      saveHiddenColumns();
    });
  }
  menu.exec(header->mapToGlobal(position));
}

void RunsPage::showColumn(int column) {
  mTable->horizontalHeader()->showSection(column);
  // A column hidden from the start never had a width: fit it to its contents.
  if (mTable->columnWidth(column) < mTable->horizontalHeader()->minimumSectionSize() + 4) {
    mTable->resizeColumnToContents(column);
    mTable->setColumnWidth(column, std::min(mTable->columnWidth(column), kMaxInitialColumnWidth));
  }
}

void RunsPage::applyHiddenColumns() {
  const QStringList hidden = hiddenColumnKeys();
  for (int column = 0; column < mModel->columnCount(); ++column)
    mTable->horizontalHeader()->setSectionHidden(
        column, hidden.contains(QString::fromStdString(mModel->columns()[std::size_t(column)].key)));
}

void RunsPage::saveHiddenColumns() const {
  QStringList hidden;
  for (int column = 0; column < mModel->columnCount(); ++column)
    if (mTable->horizontalHeader()->isSectionHidden(column))
      hidden << QString::fromStdString(mModel->columns()[std::size_t(column)].key);
  QSettings().setValue(kHiddenColumnsKey, hidden);
}

}  // namespace latentlab
