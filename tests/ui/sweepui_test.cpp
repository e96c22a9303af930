// The grid search in the GUI: the dialog's checks, a sweep run on the training worker,
// its results table and parallel-coordinates plot (brushing filters the table), and
// linked latent maps of two runs (hovering and selecting show the same items in both).
#include "common/errorreporter.h"
#include "common/settingtext.h"
#include "common/usermessage.h"
#include "data/datasetcatalog.h"
#include "experiments/linkedmapsview.h"
#include "experiments/parallelcoordinates.h"
#include "experiments/sweepdialog.h"
#include "experiments/sweepview.h"
#include "latent/latentmapview.h"
#include "latent/pointcloud.h"
#include "mainwindow/mainwindow.h"
#include "quickruns.h"
#include "session/session.h"
#include "sweep/sweeprunner.h"
#include "training/losschart.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"
#include "uitestsupport.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

namespace {
// A small model for 28x28 blobs that trains an epoch of 500 images in well under a second.
ModelSpec smallSpec() {
  return parseModelSpec(R"({"name": "small", "input": [1, 28, 28], "activation": "relu",
    "output_activation": "sigmoid",
    "encoder": [{"conv": 4, "kernel": 3, "stride": 2, "padding": 1},
                {"conv": 8, "kernel": 3, "stride": 2, "padding": 1}],
    "latent": 4, "decoder": "mirror"})",
                        "small");
}

// A SweepView of `folder`, shown, with a session and a training worker of its own.
struct ShownSweep {
  explicit ShownSweep(const QString& folder) {
    view.resize(900, 600);
    view.show();
    view.showSweep(folder);
  }
  Session session;
  ErrorReporter errors{nullptr};
  TrainingController controller;
  SweepView view{&session, &controller, &errors};
};

TrainConfig quickConfig(const QString& dataset) {
  TrainConfig config = test::quickConfig(1, dataset.toStdString());
  config.batchSize = 32;
  return config;
}
}  // namespace

class SweepUiTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void brushingAnAxisKeepsOnlyTheRunsInItsRange();
  void theDialogChecksTheGridAndWritesTheSweep();
  void aSweepRunsOnTheTrainingWorkerAndItsTableFollows();
  void brushingTheMetricFiltersTheResultsTable();
  void linkedMapsShowTheSameItemsInBothMaps();
  void everySettingCoreNamesHasAGuiLabel();
  void theTrainingTabFollowsASweepButTheSessionKeepsItsRun();

private:
  TempDir mDir;
  QString mDataset;
  DatasetPtr mData;
  QString mSweep;  // written and run by aSweepRunsOnTheTrainingWorker…
};

void SweepUiTest::initTestCase() {
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((mDir / "home").string()));
  mDataset = writeSmallIdxDataset(mDir / "blobs", 600);
  mData = std::make_shared<const Dataset>(DatasetCatalog().load(mDataset.toStdString()));
}

void SweepUiTest::brushingAnAxisKeepsOnlyTheRunsInItsRange() {
  ParallelCoordinates plot;
  plot.resize(600, 300);
  plot.show();
  ParallelAxis lr;
  lr.title = "lr";
  lr.logScale = true;
  ParallelAxis loss;
  loss.title = "loss";
  loss.categories = QStringList{"mse", "bce"};
  ParallelAxis metric;
  metric.title = "val loss";
  plot.setData({lr, loss, metric},
               {{"a", {0.001, 0, 0.02}}, {"b", {0.01, 1, 0.05}}, {"c", {0.1, 0, 0.09}}, {"d", {0.001, 1, 0.03}}}, 0);
  QCOMPARE(plot.passingLines().size(), std::size_t(4));
  QSignalSpy brushed(&plot, &ParallelCoordinates::brushChanged);

  // Drag along the metric axis from its foot (0.02) to halfway up: a, d (and not b, c).
  const QPointF foot = plot.pointAt(2, 0.02);
  const QPointF middle = plot.pointAt(2, 0.045);
  QTest::mousePress(&plot, Qt::LeftButton, {}, foot.toPoint() + QPoint(0, 2));
  QTest::mouseMove(&plot, middle.toPoint());
  QTest::mouseRelease(&plot, Qt::LeftButton, {}, middle.toPoint());
  QVERIFY(brushed.count() > 0);
  QCOMPARE(plot.passingLines(), (std::vector<int>{0, 3}));

  // A category brush on top: bce only leaves d.
  plot.setBrush(1, 1, 1);
  QCOMPARE(plot.passingLines(), (std::vector<int>{3}));
  // Double-clicking the metric axis clears its brush.
  QTest::mouseDClick(&plot, Qt::LeftButton, {}, plot.pointAt(2, 0.05).toPoint());
  QCOMPARE(plot.passingLines(), (std::vector<int>{1, 3}));
  plot.clearBrushes();
  QCOMPARE(plot.passingLines().size(), std::size_t(4));
}

void SweepUiTest::theDialogChecksTheGridAndWritesTheSweep() {
  Session session;
  session.setDataset(mData, mDataset);
  session.setSpec(smallSpec());
  session.setConfig(quickConfig(mDataset));
  SweepDialog dialog(&session);

  // A built-in sweep on another dataset says so and cannot start.
  dialog.useBuiltin("seed-002-grid");
  QVERIFY2(dialog.problem().contains("mnist"), qPrintable(dialog.problem()));
  QCOMPARE(dialog.axesTable()->rowCount(), 3);

  // A custom grid on the Model tab's model: 2 x 2 runs.
  auto* startFrom = dialog.findChild<QComboBox*>("sweepStartFrom");
  startFrom->setCurrentIndex(0);
  dialog.findChild<QComboBox*>("sweepModel")->setCurrentIndex(0);
  dialog.axesTable()->setRowCount(0);
  dialog.setAxisText(0, "lr", "0.001, 0.01");
  dialog.setAxisText(1, "latent", "2:4:2");
  dialog.setEpochs(1);
  const QString folder = QString::fromStdString((mDir / "dialog-sweep").string());
  dialog.setFolder(folder);
  QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
  QVERIFY2(dialog.summaryLabel()->text().contains("4 runs"), qPrintable(dialog.summaryLabel()->text()));

  // A value of the wrong type names the setting.
  dialog.setAxisText(0, "lr", "0.001, fast");
  QVERIFY2(dialog.problem().contains("lr"), qPrintable(dialog.problem()));
  dialog.setAxisText(0, "lr", "0.001, 0.01");
  QVERIFY(dialog.problem().isEmpty());

  QVERIFY(dialog.createSweep());
  const SweepPlan plan = readSweepPlan(folder.toStdString());
  QCOMPARE(plan.runs.size(), std::size_t(4));
  QCOMPARE(plan.baseConfig.dataset, mDataset.toStdString());
  // The folder exists now: never written over.
  dialog.setFolder(folder);
  QVERIFY2(dialog.problem().contains("exists"), qPrintable(dialog.problem()));
}

void SweepUiTest::aSweepRunsOnTheTrainingWorkerAndItsTableFollows() {
  const SweepPlan plan = planSweep("worker", "", smallSpec(), quickConfig(mDataset),
                                   {parseSweepAxis("lr=0.001,0.01,0.05"), parseSweepAxis("latent=2,4")}, 0);
  mSweep = QString::fromStdString((mDir / "worker-sweep").string());
  createSweepFolder(mSweep.toStdString(), plan);

  ShownSweep shown(mSweep);
  shown.session.setDataset(mData, mDataset);
  SweepView& view = shown.view;
  TrainingController& controller = shown.controller;
  QVERIFY(waitUntil([&] { return view.table()->rowCount() == 6; }, 10000));
  QVERIFY(view.resumeButton()->isEnabled());  // nothing trained yet: resuming starts it
  // Queue edits on a sweep that is not running are written to sweep.json: the last run goes first.
  const QString last = QString::fromStdString(plan.runs.back().name);
  for (int row = 0; row < view.table()->rowCount(); ++row)
    if (view.table()->item(row, 1)->text() == last) view.table()->selectRow(row);
  auto* next = view.findChild<QPushButton*>("trainSweepRunNext");
  QVERIFY(next->isEnabled());
  QTest::mouseClick(next, Qt::LeftButton);
  QCOMPARE(QString::fromStdString(readSweepPlan(mSweep.toStdString()).runs.front().name), last);

  QSignalSpy started(&controller, &TrainingController::started);
  QSignalSpy finished(&controller, &TrainingController::sweepFinished);
  QTest::mouseClick(view.resumeButton(), Qt::LeftButton);
  QVERIFY(controller.isSweeping());
  QVERIFY(!view.resumeButton()->isEnabled());
  QVERIFY(waitUntil([&] { return finished.count() == 1; }, 120000));
  QCOMPARE(started.count(), 6);  // each run starts like a single run
  QVERIFY2(started.first().first().toString().endsWith(last), qPrintable(started.first().first().toString()));
  const auto result = finished.first().first().value<SweepResult>();
  QCOMPARE(result.finishedRuns, 6);
  QVERIFY(result.best >= 0);

  QVERIFY(waitUntil(
      [&] { return view.bestRun() == QString::fromStdString(result.plan.runs[std::size_t(result.best)].name); },
      10000));
  // The best run is the first row, in bold.
  QCOMPARE(view.table()->item(0, 1)->text(), view.bestRun());
  QVERIFY(view.table()->item(0, 1)->font().bold());
  QVERIFY(!view.resumeButton()->isEnabled());
}

void SweepUiTest::brushingTheMetricFiltersTheResultsTable() {
  QVERIFY(!mSweep.isEmpty());
  ShownSweep shown(mSweep);
  SweepView& view = shown.view;
  QVERIFY(waitUntil([&] { return view.table()->rowCount() == 6 && !view.bestRun().isEmpty(); }, 10000));
  QCOMPARE(view.shownRuns().size(), 6);
  // Keep the lowest losses only: the metric axis from its foot to just above the best.
  ParallelCoordinates* plot = view.plot();
  const ParallelAxis& metric = plot->axes().back();
  plot->setBrush(int(plot->axes().size()) - 1, metric.min, metric.min * 1.0000001);
  QCOMPARE(view.shownRuns(), QStringList{view.bestRun()});
  plot->clearBrushes();
  QCOMPARE(view.shownRuns().size(), 6);
}

void SweepUiTest::linkedMapsShowTheSameItemsInBothMaps() {
  QVERIFY(!mSweep.isEmpty());
  const SweepPlan plan = readSweepPlan(mSweep.toStdString());
  const QString left =
      QString::fromStdString((std::filesystem::path(mSweep.toStdString()) / plan.runs[0].name).string());
  const QString right =
      QString::fromStdString((std::filesystem::path(mSweep.toStdString()) / plan.runs[1].name).string());
  Session session;
  session.setDataset(mData, mDataset);
  LinkedMapsView view(&session);
  view.resize(900, 500);
  view.show();
  view.setRuns({left, right});
  QVERIFY(waitUntil([&] { return view.itemCount() > 0 && !view.isComputing(); }, 30000));
  const std::size_t items = view.itemCount();
  QCOMPARE(view.map(0)->cloud()->count(), items);
  QCOMPARE(view.map(1)->cloud()->count(), items);

  // Hover item 7 in the left map: both maps mark item 7, each at its own place.
  LatentMapView* leftMap = view.map(0);
  leftMap->replot();
  const auto& leftXy = leftMap->cloud()->positions();
  const QPoint pixel(int(leftMap->xAxis->coordToPixel(leftXy[14])), int(leftMap->yAxis->coordToPixel(leftXy[15])));
  QTest::mouseMove(leftMap, pixel);
  QVERIFY(waitUntil([&] { return view.hoveredItem() >= 0; }, 2000));
  const long hovered = view.hoveredItem();
  for (int side = 0; side < 2; ++side) {
    const auto& xy = view.map(side)->cloud()->positions();
    QVERIFY(view.map(side)->markerVisible());
    QCOMPARE(view.map(side)->markerPosition().x(), double(xy[std::size_t(hovered) * 2]));
    QCOMPARE(view.map(side)->markerPosition().y(), double(xy[std::size_t(hovered) * 2 + 1]));
  }

  // Paint over points in the left map, starting on a point: the same items are selected
  // (coloured) in the right one.
  QTest::mousePress(leftMap, Qt::LeftButton, {}, pixel);
  const std::size_t atPress = view.selectedItems().size();
  QVERIFY(atPress > 0);
  // The drag goes on through the map's middle, where points are: more are selected.
  const QPoint middle = leftMap->axisRect()->rect().center();
  for (int step = 1; step <= 10; ++step) {
    const QPoint at = pixel + (middle - pixel) * step / 10;
    QTest::mouseMove(leftMap, at);  // through the window, as a real drag: the press's grab decides who gets it
  }
  QTest::mouseRelease(leftMap, Qt::LeftButton, {}, middle);
  const auto selected = view.selectedItems();
  QVERIFY2(selected.size() > atPress, qPrintable(QString("%1 then %2").arg(atPress).arg(selected.size())));
  QVERIFY(!selected.empty());
  QVERIFY(selected.size() < items);
  const auto& leftColors = view.map(0)->cloud()->pointColors();
  const auto& rightColors = view.map(1)->cloud()->pointColors();
  QCOMPARE(leftColors.size(), items);
  QCOMPARE(rightColors.size(), items);
  for (std::size_t i = 0; i < items; ++i) {
    const bool isSelected = std::find(selected.begin(), selected.end(), long(i)) != selected.end();
    // Selected items keep their class colour in both maps; the rest are the same grey in both.
    QCOMPARE(leftColors[i] == qRgb(222, 222, 222), !isSelected);
    QCOMPARE(rightColors[i] == qRgb(222, 222, 222), !isSelected);
  }
  view.clearSelection();
  QVERIFY(view.selectedItems().empty());
  view.selectItems({3, 5});
  QCOMPARE(view.selectedItems(), (std::vector<long>{3, 5}));
}

void SweepUiTest::everySettingCoreNamesHasAGuiLabel() {
  // A core message naming {grid} reads "Axes (New sweep)" in the GUI, never the raw key.
  for (const std::string& key : settingKeys())
    QVERIFY2(guiSettingName(key) != QStringLiteral("“%1”").arg(QString::fromStdString(key)), key.c_str());
  QCOMPARE(userText("lr=abc in {grid}: not a number"), QString("lr=abc in “Axes (New sweep)”: not a number"));
}

// In the main window: each sweep run resets the Training tab's curves like a new run, while
// the session's run and weights (what the Latent map and Playground show) stay the user's.
void SweepUiTest::theTrainingTabFollowsASweepButTheSessionKeepsItsRun() {
  MainWindow window(false);
  window.show();
  window.openDataset(mDataset);
  QVERIFY(waitUntil([&] { return window.session()->dataset() != nullptr; }, 10000));
  const ModelSnapshotPtr weights = trainSnapshot(smallSpec(), quickConfig(mDataset), window.session()->dataset(), 1);
  window.session()->setSnapshot(weights);
  const QString runBefore = window.session()->runDir();
  const SweepPlan plan =
      planSweep("window", "", smallSpec(), quickConfig(mDataset), {parseSweepAxis("lr=0.001,0.01")}, 0);
  const QString folder = QString::fromStdString((mDir / "window-sweep").string());
  createSweepFolder(folder.toStdString(), plan);
  QSignalSpy finished(window.trainingController(), &TrainingController::sweepFinished);
  window.trainingController()->startSweep(folder, window.session()->dataset());
  QVERIFY(waitUntil([&] { return finished.count() == 1; }, 60000));
  QCOMPARE(window.session()->snapshot(), weights);
  QCOMPARE(window.session()->runDir(), runBefore);
  // The Training tab shows the last run's one epoch (each run starts afresh) and the sweep's summary.
  QCOMPARE(window.trainingPanel()->lossChart()->epochPointCount(), 1);
  QVERIFY2(window.trainingPanel()->progressText().contains("Sweep finished"),
           qPrintable(window.trainingPanel()->progressText()));
}

QTEST_MAIN(SweepUiTest)
#include "sweepui_test.moc"
