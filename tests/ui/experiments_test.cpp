// The Experiments tab as a user meets it: the runs library lists every run folder
// (a broken one with its reason) and follows the disk while shown, notes typed in the
// GUI land in annotations.json, Delete refuses a running run and trashes a finished
// one, and Compare overlays the runs' curves, marks what differs, copies the table and
// shows each run's reconstructions.
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/paths.h"
#include "common/qcustomplotinclude.h"
#include "experiments/annotationeditor.h"
#include "experiments/comparisoncurves.h"
#include "experiments/comparisontable.h"
#include "experiments/comparisonview.h"
#include "experiments/experimentspanel.h"
#include "experiments/imagegridview.h"
#include "experiments/reconstructiongrid.h"
#include "experiments/runpalette.h"
#include "experiments/runsfilter.h"
#include "experiments/runspage.h"
#include "experiments/runstablemodel.h"
#include "experiments/sweepspage.h"
#include "mainwindow/mainwindow.h"
#include "probe/probepage.h"
#include "quickruns.h"
#include "run/runannotations.h"
#include "run/runfolder.h"
#include "run/runstatus.h"
#include "session/session.h"
#include "tinyspecs.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"
#include "uitestsupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace latentlab;
using namespace latentlab::test;
namespace fs = std::filesystem;

namespace {
// A run folder as training leaves it, without weights: spec, config and `epochs` rows
// of metrics whose loss falls (faster with a larger learning rate).
fs::path writeRun(const std::string& name, double learningRate, int epochs, int planned = 0) {
  const fs::path dir = defaultRunsDir() / name;
  fs::create_directories(dir);
  const RunFolder folder(dir);
  folder.writeSpec(tinyConvSpec());
  TrainConfig config;
  config.dataset = "blobs";
  config.learningRate = learningRate;
  config.epochs = planned > 0 ? planned : epochs;
  folder.writeConfig(config);
  std::vector<EpochStats> rows;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    EpochStats row;
    row.epoch = epoch;
    row.epochs = config.epochs;
    row.trainLoss = 0.1 / (epoch * (1.0 + learningRate * 100));
    row.validationLoss = row.trainLoss * 1.1;
    row.validation.psnr = 10.0 + epoch;
    row.validation.ssim = 0.5 + 0.1 * epoch;
    row.validation.mse = row.validationLoss;
    row.seconds = 1.5;
    row.imagesPerSecond = 1000;
    row.learningRate = learningRate;
    rows.push_back(row);
  }
  folder.writeMetrics(rows);
  return dir;
}

QString qpath(const fs::path& path) {
  return QString::fromStdString(path.string());
}

// The proxy row of a run folder in the panel's table, or -1.
int viewRow(RunsPage* page, const fs::path& dir) {
  const int source = page->model()->rowOf(qpath(dir));
  if (source < 0) return -1;
  return page->filter()->mapFromSource(page->model()->index(source, 0)).row();
}

QString cellText(RunsPage* page, const fs::path& dir, const std::string& key) {
  const int row = page->model()->rowOf(qpath(dir));
  return page->model()->index(row, page->model()->columnOf(key)).data().toString();
}
}  // namespace

class ExperimentsTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void init();
  void listsEveryRunWithTheBrokenOnesReason();
  void followsTheDiskWhileShownAndKeepsTheSelection();
  void groupsRunsBySweep();
  void writesAnnotationsEditedInTheGui();
  void refusesToDeleteARunningRunAndTrashesAFinishedOne();
  void comparesTwoRunsCurvesAndSettings();
  void reconstructionGridShowsEachRunsImages();
  void mainWindowOpensAndContinuesRunsFromTheTable();
  void theComparisonFitsALaptopScreen();

private:
  // A shown panel whose first scan has arrived.
  std::unique_ptr<ExperimentsPanel> shownPanel(int runs);

  TempDir mHome;
  Session mSession;
  TrainingController mController;
  QWidget mParent;
  ErrorReporter* mErrors = nullptr;
};

void ExperimentsTest::initTestCase() {
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((mHome / "data").string()));  // runs, cache and trash
  qputenv("XDG_CONFIG_HOME", QByteArray::fromStdString((mHome / "config").string()));
  QCoreApplication::setOrganizationName("LatentLabTests");
  QCoreApplication::setApplicationName("experiments_test");
  mErrors = new ErrorReporter(&mParent);
}

void ExperimentsTest::init() {
  fs::remove_all(defaultRunsDir());
  fs::create_directories(defaultRunsDir());
  if (QMessageBox* box = mErrors->visibleBox()) box->close();
}

std::unique_ptr<ExperimentsPanel> ExperimentsTest::shownPanel(int runs) {
  auto panel = std::make_unique<ExperimentsPanel>(&mSession, &mController, mErrors);
  panel->setRescanInterval(100);
  panel->resize(1100, 700);
  panel->show();
  QApplication::setActiveWindow(panel.get());
  if (!QTest::qWaitForWindowActive(panel.get())) qWarning("the panel's window is not active");
  if (!waitUntil([&] { return panel->runsPage()->model()->runCount() == runs; }, 10000))
    qWarning("expected %d runs, the table lists %d", runs, panel->runsPage()->model()->runCount());
  return panel;
}

void ExperimentsTest::listsEveryRunWithTheBrokenOnesReason() {
  const fs::path alpha = writeRun("alpha", 1e-5, 3);
  const fs::path beta = writeRun("beta", 1e-3, 2, 5);
  const fs::path broken = defaultRunsDir() / "gamma";
  fs::create_directories(broken);
  writeBytes(broken / "spec.json", "{ this is not json");

  const auto panel = shownPanel(3);
  RunsPage* page = panel->runsPage();
  RunsTableModel* model = page->model();
  QCOMPARE(model->runCount(), 3);
  QCOMPARE(cellText(page, alpha, "status"), QString("finished"));
  QCOMPARE(cellText(page, beta, "status"), QString("stopped"));
  QCOMPARE(cellText(page, broken, "status"), QString("broken"));
  QCOMPARE(cellText(page, alpha, "dataset"), QString("blobs"));
  QCOMPARE(cellText(page, alpha, "epochs_done"), QString("3"));
  // The broken folder says what is wrong, naming the file, as tooltip and beside the table.
  const QModelIndex brokenIndex = model->index(model->rowOf(qpath(broken)), 0);
  QCOMPARE(brokenIndex.data(RunsTableModel::StateRole).toInt(), int(RunState::Broken));
  QVERIFY2(brokenIndex.data(Qt::ToolTipRole).toString().contains("spec.json"),
           qPrintable(brokenIndex.data(Qt::ToolTipRole).toString()));
  page->selectRuns({qpath(broken)});
  QVERIFY2(page->editor()->detailsText().contains("spec.json"), qPrintable(page->editor()->detailsText()));
  // It cannot be opened or continued; asked anyway, it explains instead of failing later.
  QVERIFY(!page->openAction()->isEnabled());
  QVERIFY(!page->continueAction()->isEnabled());
  page->openCurrent();
  QVERIFY2(mErrors->lastMessage().contains("spec.json"), qPrintable(mErrors->lastMessage()));

  // Numbers sort as numbers: 1e-05 before 0.001 (as text it would come after).
  const int lr = model->columnOf("lr");
  page->table()->sortByColumn(lr, Qt::AscendingOrder);
  QCOMPARE(page->filter()->index(0, lr).data().toString(), QString("1e-05"));
  QCOMPARE(viewRow(page, alpha), 0);
  QCOMPARE(viewRow(page, beta), 1);
  QCOMPARE(viewRow(page, broken), 2);  // unknown values last
  page->table()->sortByColumn(lr, Qt::DescendingOrder);
  QCOMPARE(viewRow(page, beta), 0);
  QCOMPARE(viewRow(page, broken), 2);  // still last

  // Filters: text (every word), status, dataset.
  page->filterEdit()->setText("alp");
  QCOMPARE(page->filter()->rowCount(), 1);
  page->filterEdit()->setText("blobs stopped");
  QCOMPARE(page->filter()->rowCount(), 1);
  QCOMPARE(viewRow(page, beta), 0);
  page->filterEdit()->clear();
  page->statusCombo()->setCurrentIndex(page->statusCombo()->findData(int(RunState::Broken)));
  QCOMPARE(page->filter()->rowCount(), 1);
  QCOMPARE(viewRow(page, broken), 0);
  page->statusCombo()->setCurrentIndex(0);
  QCOMPARE(page->datasetCombo()->findData("blobs") > 0, true);
  page->datasetCombo()->setCurrentIndex(page->datasetCombo()->findData("blobs"));
  QCOMPARE(page->filter()->rowCount(), 2);
  page->datasetCombo()->setCurrentIndex(0);
  QCOMPARE(page->filter()->rowCount(), 3);
  // Ctrl+F goes to the filter.
  page->findAction()->trigger();
  QVERIFY(page->filterEdit()->hasFocus() || !QApplication::focusWidget());

  // The scans keep their cache in the user data folder.
  QVERIFY(waitUntil([] { return fs::exists(userDataDir() / "cache" / "runs-index.json"); }, 5000));
}

void ExperimentsTest::followsTheDiskWhileShownAndKeepsTheSelection() {
  const fs::path alpha = writeRun("alpha", 1e-3, 1, 3);
  const auto panel = shownPanel(1);
  RunsPage* page = panel->runsPage();
  page->selectRuns({qpath(alpha)});
  QCOMPARE(page->selectedDirs(), QStringList{qpath(alpha)});
  QSignalSpy resets(page->model(), &QAbstractItemModel::modelReset);

  // A run written meanwhile (by the CLI, say) shows up on the next rescan.
  const fs::path beta = writeRun("beta", 1e-2, 1);
  QVERIFY(waitUntil([&] { return page->model()->runCount() == 2; }, 5000));
  // A run that trains on updates in place: the selection stays on it.
  writeRun("alpha", 1e-3, 2, 3);
  QVERIFY(waitUntil([&] { return cellText(page, alpha, "epochs_done") == "2"; }, 5000));
  QCOMPARE(page->selectedDirs(), QStringList{qpath(alpha)});
  QCOMPARE(resets.count(), 0);
  // A vanished run leaves the table, the selection stays.
  fs::remove_all(beta);
  QVERIFY(waitUntil([&] { return page->model()->runCount() == 1; }, 5000));
  QCOMPARE(page->selectedDirs(), QStringList{qpath(alpha)});

  // Hidden, it stops scanning.
  panel->hide();
  QTest::qWait(150);
  const int scans = panel->scansApplied();
  writeRun("delta", 1e-2, 1);
  QTest::qWait(400);
  QCOMPARE(panel->scansApplied(), scans);
  QCOMPARE(page->model()->runCount(), 1);
  panel->show();
  QVERIFY(waitUntil([&] { return page->model()->runCount() == 2; }, 5000));
}

void ExperimentsTest::groupsRunsBySweep() {
  const fs::path loose = writeRun("loose", 1e-5, 2);
  fs::create_directories(defaultRunsDir() / "lr-sweep");
  writeBytes(defaultRunsDir() / "lr-sweep" / "sweep.json", "{}");
  const fs::path member = writeRun("lr-sweep/lr-0.01", 1e-2, 2);
  const auto panel = shownPanel(2);
  RunsPage* page = panel->runsPage();
  QCOMPARE(cellText(page, member, "sweep"), QString("lr-sweep"));
  const int sweep = page->model()->columnOf("sweep");
  QVERIFY(page->table()->isColumnHidden(sweep));  // loose runs have none: hidden until grouping
  const int lr = page->model()->columnOf("lr");
  page->table()->sortByColumn(lr, Qt::AscendingOrder);
  QCOMPARE(viewRow(page, loose), 0);
  page->groupBySweepBox()->setChecked(true);
  // The sweep column comes first and the sweep's runs before the loose ones, in either order.
  QVERIFY(!page->table()->isColumnHidden(sweep));
  QVERIFY(page->table()->columnWidth(sweep) > 20);
  QCOMPARE(page->table()->horizontalHeader()->visualIndex(sweep), 0);
  QCOMPARE(viewRow(page, member), 0);
  page->table()->sortByColumn(lr, Qt::DescendingOrder);
  QCOMPARE(viewRow(page, member), 0);
  page->groupBySweepBox()->setChecked(false);
  QVERIFY(page->table()->isColumnHidden(sweep));
  page->table()->sortByColumn(lr, Qt::AscendingOrder);
  QCOMPARE(viewRow(page, loose), 0);
}

void ExperimentsTest::writesAnnotationsEditedInTheGui() {
  const fs::path alpha = writeRun("alpha", 1e-3, 2);
  writeRun("beta", 1e-2, 2);
  const auto panel = shownPanel(2);
  RunsPage* page = panel->runsPage();
  page->selectRuns({qpath(alpha)});
  page->table()->setFocus();
  AnnotationEditor* editor = page->editor();
  QCOMPARE(editor->runDir(), qpath(alpha));

  // F2 renames: the name field with the folder's name selected.
  page->renameAction()->trigger();
  QCOMPARE(editor->nameEdit()->text(), QString("alpha"));
  QCOMPARE(editor->nameEdit()->selectedText(), QString("alpha"));
  QTest::keyClicks(editor->nameEdit(), "Baseline");
  QTest::keyClick(editor->nameEdit(), Qt::Key_Return);
  QCOMPARE(readRunAnnotations(alpha).displayName, std::string("Baseline"));

  QTest::keyClicks(editor->tagsEdit(), "lr, baseline , lr");
  QTest::keyClick(editor->tagsEdit(), Qt::Key_Return);
  QCOMPARE(readRunAnnotations(alpha).tags, (std::vector<std::string>{"lr", "baseline"}));

  QTest::keyClicks(editor->noteEdit(), "Converges slowly.");
  QVERIFY(editor->saveButton()->isEnabled());
  QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
  const RunAnnotations saved = readRunAnnotations(alpha);
  QCOMPARE(saved.note, std::string("Converges slowly."));
  QCOMPARE(saved.displayName, std::string("Baseline"));

  // The table follows, and finds the run by its tag.
  QVERIFY(waitUntil([&] { return cellText(page, alpha, "name") == "Baseline"; }, 5000));
  page->filterEdit()->setText("baseline");
  QCOMPARE(page->filter()->rowCount(), 1);
  page->filterEdit()->clear();

  // A note typed and left unsaved is saved when another run is chosen.
  page->selectRuns({qpath(alpha)});
  editor->noteEdit()->moveCursor(QTextCursor::End);
  QTest::keyClicks(editor->noteEdit(), " Try a higher rate.");
  page->selectRuns({qpath(defaultRunsDir() / "beta")});
  QCOMPARE(readRunAnnotations(alpha).note, std::string("Converges slowly. Try a higher rate."));
  QVERIFY(mErrors->lastMessage().isEmpty() || !mErrors->visibleBox());
}

void ExperimentsTest::refusesToDeleteARunningRunAndTrashesAFinishedOne() {
  const fs::path running = writeRun("running", 1e-3, 1, 5);
  writeRunStatus(running, runningStatus(2));  // this process is its writer: alive
  const fs::path finished = writeRun("finished", 1e-3, 2);
  const auto panel = shownPanel(2);
  RunsPage* page = panel->runsPage();
  QCOMPARE(cellText(page, running, "status"), QString("running"));
  int asked = 0;
  bool answer = true;
  page->setConfirm([&](const QString&, const QString& text) {
    ++asked;
    return answer && text.contains("finished");
  });

  page->selectRuns({qpath(running)});
  page->table()->setFocus();
  QTest::keyClick(page->table(), Qt::Key_Delete);
  QCOMPARE(asked, 0);
  QVERIFY2(mErrors->lastMessage().contains("still training"), qPrintable(mErrors->lastMessage()));
  QVERIFY(fs::exists(running));
  if (QMessageBox* box = mErrors->visibleBox()) box->close();

  // Cancelled: nothing happens.
  page->selectRuns({qpath(finished)});
  answer = false;
  page->trashAction()->trigger();
  QCOMPARE(asked, 1);
  QVERIFY(fs::exists(finished));

  answer = true;
  page->table()->setFocus();
  QTest::keyClick(page->table(), Qt::Key_Delete);
  QCOMPARE(asked, 2);
  QVERIFY(!fs::exists(finished));
  const fs::path trash = mHome / "data" / "Trash";
  QVERIFY2(fs::exists(trash / "files" / "finished" / "metrics.csv"), trash.string().c_str());
  QVERIFY(waitUntil([&] { return page->model()->runCount() == 1; }, 5000));
  QVERIFY(fs::exists(running));
}

void ExperimentsTest::comparesTwoRunsCurvesAndSettings() {
  const fs::path slow = writeRun("slow", 1e-3, 3);
  const fs::path fast = writeRun("fast", 1e-2, 3);
  writeRun("other", 1e-2, 3);
  const auto panel = shownPanel(3);
  RunsPage* page = panel->runsPage();
  page->selectRuns({qpath(slow)});
  QVERIFY(!page->compareAction()->isEnabled());  // one run is no comparison
  page->selectRuns({qpath(slow), qpath(fast)});
  QVERIFY(page->compareAction()->isEnabled());
  page->table()->setFocus();
  QTest::keyClick(page->table(), Qt::Key_D, Qt::ControlModifier);
  ComparisonView* view = panel->comparisonView();
  QCOMPARE(panel->pages()->currentWidget(), static_cast<QWidget*>(view));
  QCOMPARE(int(view->runs().size()), 2);
  // The runs come in the table's order (newest first); colours follow that order.
  const int fastIndex = view->runs()[0].dir == qpath(fast) ? 0 : 1;
  QCOMPARE(view->runs()[std::size_t(1 - fastIndex)].dir, qpath(slow));

  // Two curves, one colour per run (the same in the table).
  ComparisonCurves* curves = view->curves();
  QVERIFY(waitUntil([&] { return curves->curveCount() == 2; }, 5000));
  QCustomPlot* plot = curves->plot();
  QCOMPARE(plot->graphCount(), 2);
  for (int i = 0; i < 2; ++i) {
    QCOMPARE(plot->graph(i)->dataCount(), 3);
    QCOMPARE(plot->graph(i)->pen().color(), runColor(i));
  }
  QCOMPARE(panel->exportablePlot(), plot);
  // Training time on x: the epochs' seconds add up (3 x 1.5 s).
  curves->setAxis(CurveAxis::WallTime);
  QCOMPARE((plot->graph(0)->data()->constEnd() - 1)->key, 4.5);
  curves->setAxis(CurveAxis::Epoch);
  curves->setMetric(CurveMetric::Psnr);
  QCOMPARE((plot->graph(0)->data()->constEnd() - 1)->value, 13.0);  // epoch 3: 10 + 3 dB
  curves->setSmoothing(0.5);
  QVERIFY((plot->graph(0)->data()->constEnd() - 1)->value < 13.0);
  curves->setLogScale(true);
  QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);

  // Clicking a run's legend entry hides its curve; clicking again shows it.
  plot->replot();
  QCPAbstractLegendItem* entry = plot->legend->itemWithPlottable(plot->graph(0));
  QVERIFY(entry);
  const QPoint onEntry = entry->rect().center();
  QTest::mouseClick(plot, Qt::LeftButton, {}, onEntry);
  QVERIFY(waitUntil([&] { return curves->curveCount() == 1; }, 2000));
  QVERIFY(!curves->isRunVisible(0));
  plot->replot();
  QTest::mouseClick(plot, Qt::LeftButton, {}, plot->legend->itemWithPlottable(plot->graph(0))->rect().center());
  QVERIFY(waitUntil([&] { return curves->curveCount() == 2; }, 2000));

  // The summary table: the learning rate differs and is highlighted, the rest is shared.
  ComparisonTableView* table = view->table();
  const int lr = table->columnOf("lr");
  QVERIFY(lr >= 0);
  QVERIFY(table->isHighlighted(lr));
  QVERIFY(table->table()->item(0, lr)->background().color() != QColor(Qt::white));
  QCOMPARE(table->columnOf("loss"), -1);
  QVERIFY2(table->sharedLabel()->text().contains("Loss mse"), qPrintable(table->sharedLabel()->text()));
  QVERIFY(!table->isHighlighted(table->columnOf("best_val_loss")));
  // The faster run reached the lower loss: it is the best row.
  QCOMPARE(table->comparison().bestRow, fastIndex);
  QVERIFY(table->table()->item(fastIndex, 0)->text().startsWith(QStringLiteral("★")));
  QVERIFY(!table->table()->item(1 - fastIndex, 0)->text().startsWith(QStringLiteral("★")));

  QTest::mouseClick(table->copyCsvButton(), Qt::LeftButton);
  const QString csv = QApplication::clipboard()->text();
  QCOMPARE(csv, QString::fromStdString(comparisonToCsv(table->comparison())));
  QVERIFY2(csv.startsWith("name,status,lr,") && csv.contains("slow") && csv.contains("0.01"), qPrintable(csv));
  QTest::mouseClick(table->copyMarkdownButton(), Qt::LeftButton);
  QVERIFY(QApplication::clipboard()->text().contains("| Learning rate |"));

  // A renamed run follows in the comparison.
  writeRunAnnotations(fast, RunAnnotations{"Fast one", {}, {}});
  QVERIFY(waitUntil([&] { return view->runs()[std::size_t(fastIndex)].name == "Fast one"; }, 5000));
  QCOMPARE(plot->graph(fastIndex)->name(), QString("Fast one"));
}

void ExperimentsTest::reconstructionGridShowsEachRunsImages() {
  const fs::path data = mHome / "blobs16";
  const ImageShape shape{1, 16, 16};
  writeIdxFolder(data, makeBlobDataset(240, shape, 4, 1), makeBlobDataset(60, shape, 4, 2), false);
  for (const char* name : {"first", "second"}) {
    TrainingJob job = quickJob(tinyConvSpec(), data.string(), defaultRunsDir() / name, 1);
    job.config.filmSamples = 4;
    QCOMPARE(trainQuickly(job).status, TrainingStatus::Finished);
  }
  const fs::path noWeights = writeRun("no-weights", 1e-3, 1);
  const auto panel = shownPanel(3);
  panel->compare({qpath(defaultRunsDir() / "first"), qpath(defaultRunsDir() / "second"), qpath(noWeights)});
  ReconstructionGrid* grid = panel->comparisonView()->grid();
  QCOMPARE(grid->source(), ReconstructionGrid::Source::BestWeights);
  QVERIFY(waitUntil([&] { return grid->view()->rowCount() == 4; }, 20000));
  ImageGridView* view = grid->view();
  QCOMPARE(view->row(0).images.size(), 8);  // the originals
  for (int row = 1; row <= 2; ++row) {
    QCOMPARE(view->row(row).images.size(), 8);
    QCOMPARE(view->row(row).images.front().size(), QSize(16, 16));
    QCOMPARE(view->row(row).color, runColor(row - 1));
    QVERIFY2(view->row(row).detail.contains("best.pt"), qPrintable(view->row(row).detail));
  }
  QVERIFY2(view->row(3).images.isEmpty() && view->row(3).message.contains("no weights"),
           qPrintable(view->row(3).message));
  QVERIFY(grid->noteText().contains("best"));

  // The film of epoch 1: each run's own validation samples.
  if (!fs::exists(defaultRunsDir() / "first" / "samples" / "epoch-0001.png"))
    QSKIP("this build writes no film strips (no OpenCV)");
  grid->setSource(ReconstructionGrid::Source::Film);
  grid->setFilmEpoch(1);
  QVERIFY(waitUntil([&] { return !grid->job()->isBusy() && view->rowCount() == 4 && view->row(1).images.size() == 4; },
                    10000));
  QCOMPARE(view->row(0).images.size(), 4);
  QCOMPARE(view->row(2).images.size(), 4);
  QVERIFY(view->row(2).message.isEmpty());  // same seed and split: the same samples
  QVERIFY2(view->row(3).message.contains("No film frame"), qPrintable(view->row(3).message));
  QVERIFY(grid->noteText().contains("validation samples"));
}

void ExperimentsTest::mainWindowOpensAndContinuesRunsFromTheTable() {
  const fs::path data = mHome / "blobs16";
  if (!fs::exists(data)) {
    const ImageShape shape{1, 16, 16};
    writeIdxFolder(data, makeBlobDataset(240, shape, 4, 1), makeBlobDataset(60, shape, 4, 2), false);
  }
  TrainingJob job = quickJob(tinyConvSpec(), data.string(), defaultRunsDir() / "trained", 1);
  QCOMPARE(trainQuickly(job).status, TrainingStatus::Finished);
  const QString dir = qpath(job.runDir);

  MainWindow window(false);
  window.show();
  // The default dataset (mnist) is not installed here: its message box comes and goes.
  QVERIFY(waitUntil([&] { return window.errorReporter()->visibleBox() != nullptr; }, 10000));
  window.errorReporter()->visibleBox()->close();
  QApplication::setActiveWindow(&window);
  QVERIFY(QTest::qWaitForWindowActive(&window));
  window.tabs()->setCurrentWidget(window.experimentsPanel());
  RunsPage* page = window.experimentsPanel()->runsPage();
  QVERIFY(waitUntil([&] { return page->model()->runCount() == 1; }, 10000));
  page->selectRuns({dir});
  page->table()->setFocus();
  QTest::keyClick(page->table(), Qt::Key_Return);
  QVERIFY(waitUntil([&] { return window.session()->runDir() == dir && window.session()->snapshot(); }, 10000));
  QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.trainingPanel()));

  // Continue opens it again and resumes training it once its dataset is loaded.
  QSignalSpy running(window.trainingPanel(), &TrainingPanel::runningChanged);
  window.tabs()->setCurrentWidget(window.experimentsPanel());
  page->selectRuns({dir});
  page->continueAction()->trigger();
  QVERIFY(waitUntil([&] { return !running.isEmpty(); }, 20000));
  QCOMPARE(running.first().first().toBool(), true);
  QVERIFY(waitUntil([&] { return running.count() >= 2; }, 30000));
  QCOMPARE(window.session()->runDir(), dir);
}

// Every page at 1280x800, during and after the comparison's work: nothing widens the
// window, and no button or combo is cut.
void ExperimentsTest::theComparisonFitsALaptopScreen() {
  QStringList dirs;
  for (const char* name : {"first-run-with-a-long-descriptive-name", "second", "third"})
    dirs << qpath(writeRun(name, 1e-3, 4));
  MainWindow window(false);
  window.resize(1280, 800);
  window.show();
  window.tabs()->setCurrentWidget(window.experimentsPanel());
  ExperimentsPanel* panel = window.experimentsPanel();
  QVERIFY(waitUntil([&] { return panel->runsPage()->model()->runCount() == 3; }, 10000));
  QStringList cut;
  auto check = [&](const QString& where) {
    const QSize minimum = window.minimumSizeHint();
    if (minimum.width() > 1280 || minimum.height() > 800)
      cut << QString("%1: window minimum %2x%3").arg(where).arg(minimum.width()).arg(minimum.height());
    for (QWidget* widget : panel->findChildren<QWidget*>()) {
      if (!widget->isVisible()) continue;
      auto* button = qobject_cast<QAbstractButton*>(widget);
      auto* combo = qobject_cast<QComboBox*>(widget);
      if ((button || combo) && widget->width() < widget->sizeHint().width())
        cut << QString("%1: %2 %3 (%4 < %5)")
                   .arg(where, widget->metaObject()->className(), button ? button->text() : combo->currentText())
                   .arg(widget->width())
                   .arg(widget->sizeHint().width());
    }
  };
  check("Runs");
  panel->compare(dirs);
  QTest::qWait(20);
  check("Compare, working");
  ReconstructionGrid* grid = panel->comparisonView()->grid();
  QVERIFY(waitUntil([&] { return !grid->job()->isBusy(); }, 20000));  // their dataset is not here: it fails
  QTest::qWait(50);
  check("Compare");
  // The linked maps beside the grid, and the Sweeps page, fit too.
  auto* views = panel->comparisonView()->findChild<QTabWidget*>("comparisonViews");
  QVERIFY(views);
  views->setCurrentIndex(1);
  QTest::qWait(50);
  check("Linked maps");
  panel->pages()->setCurrentWidget(panel->sweepsPage());
  QTest::qWait(50);
  check("Sweeps");
  panel->pages()->setCurrentWidget(panel->probePage());
  QTest::qWait(50);
  check("Probe");
  QVERIFY2(cut.isEmpty(), qPrintable(cut.join("\n")));
  QCOMPARE(window.size(), QSize(1280, 800));
}

QTEST_MAIN(ExperimentsTest)
#include "experiments_test.moc"
