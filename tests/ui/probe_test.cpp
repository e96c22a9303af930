// The Probe page of the Experiments tab as a user meets it, on a quickly trained run of
// mnist-conv over generated blob digits: the probe runs off the GUI thread and shows its
// accuracy, one curve point per epoch and a confusion matrix over every test item; a
// clicked cell lists exactly its items (with reconstructions) and the latent map rings
// them; probe.json lands in the run folder and comes back when the run is opened again;
// a dataset without labels, or no weights, says what to do.
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "data/datasetcatalog.h"
#include "experiments/experimentspanel.h"
#include "latent/latentmapview.h"
#include "latent/latentpanel.h"
#include "latent/maptoolbar.h"
#include "mainwindow/mainwindow.h"
#include "presets.h"
#include "probe/classaccuracychart.h"
#include "probe/confusionmatrixview.h"
#include "probe/linearprobe.h"
#include "probe/probecellitems.h"
#include "probe/probecurves.h"
#include "probe/probeitemsview.h"
#include "probe/probepage.h"
#include "quickruns.h"
#include "session/session.h"
#include "uitestsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace latentlab;
using namespace latentlab::test;
namespace fs = std::filesystem;

class ProbeTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void init();
  void probesTheRunAndShowsItsFigures();
  void clickingACellListsItsItemsAndRingsThemOnTheMap();
  void readsTheStoredResultWhenTheRunIsOpenedAgain();
  void fineTunesTheEncoderOnAShareOfTheLabels();
  void aDatasetWithoutLabelsSaysSo();
  void withoutWeightsItSaysWhatToDo();
  void showOnLatentMapSwitchesTabs();

private:
  // A page on `session`, shown in its own window.
  std::unique_ptr<ProbePage> shownPage(Session* session);
  bool probe(ProbePage* page);
  // The Session of the trained run: its dataset, settings, folder and weights.
  void openRun(Session& session);

  TempDir mHome;
  fs::path mRunDir;
  DatasetPtr mDataset;
  TrainConfig mConfig;
  ModelSnapshotPtr mSnapshot;
  QWidget mParent;
  ErrorReporter* mErrors = nullptr;
};

void ProbeTest::initTestCase() {
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((mHome / "data").string()));
  qputenv("XDG_CONFIG_HOME", QByteArray::fromStdString((mHome / "config").string()));
  mErrors = new ErrorReporter(&mParent);
  const QString folder = writeSmallIdxDataset(mHome / "blobs", 600);
  mRunDir = mHome / "runs" / "probed";
  TrainingJob job = quickJob(presetSpec("mnist-conv"), folder.toStdString(), mRunDir, 2);
  QCOMPARE(trainQuickly(job).status, TrainingStatus::Finished);
  mDataset = job.dataset;
  mConfig = job.config;
  mSnapshot = loadRunSnapshot(mRunDir);
  QVERIFY(mSnapshot);
}

void ProbeTest::init() {
  if (QMessageBox* box = mErrors->visibleBox()) box->close();
}

void ProbeTest::openRun(Session& session) {
  session.setDataset(mDataset, QString::fromStdString(mConfig.dataset));
  session.setConfig(mConfig);
  session.setRunDir(QString::fromStdString(mRunDir.string()));
  session.setSnapshot(mSnapshot);
}

std::unique_ptr<ProbePage> ProbeTest::shownPage(Session* session) {
  auto page = std::make_unique<ProbePage>(session, mErrors);
  page->resize(1000, 640);
  page->show();
  if (!QTest::qWaitForWindowExposed(page.get())) qWarning("the page's window is not exposed");
  return page;
}

bool ProbeTest::probe(ProbePage* page) {
  if (!page->startProbe()) return false;
  return waitUntil([&] { return !page->probing()->isBusy() && page->result(); }, 120000);
}

void ProbeTest::probesTheRunAndShowsItsFigures() {
  fs::remove(probeFile(mRunDir));
  Session session;
  openRun(session);
  const auto page = shownPage(&session);
  QVERIFY(waitUntil([&] { return !page->reading()->isBusy(); }, 10000));
  QVERIFY2(page->statusText().contains("not been probed"), qPrintable(page->statusText()));
  QVERIFY(page->runButton()->isEnabled());
  page->setEpochs(6);

  // The curves grow while the probe trains: every epoch arrives as it ends.
  int seenWhileBusy = 0;
  QVERIFY(page->startProbe());
  QVERIFY(page->probing()->isBusy());
  QVERIFY(!page->runButton()->isEnabled());
  QVERIFY(waitUntil(
      [&] {
        if (page->probing()->isBusy()) seenWhileBusy = std::max(seenWhileBusy, page->curves()->pointCount());
        return !page->probing()->isBusy() && page->result();
      },
      120000));
  const ProbeResult* result = page->result();
  QVERIFY(std::isfinite(result->accuracy));
  QVERIFY2(result->accuracy > 0.3, qPrintable(QString::number(result->accuracy)));  // ten blob classes: chance is 0.1
  QVERIFY2(page->accuracyText().contains(QString::number(result->accuracy * 100.0, 'f', 2) + "%"),
           qPrintable(page->accuracyText()));
  QVERIFY2(page->knnText().contains("k = 5"), qPrintable(page->knnText()));
  QCOMPARE(page->curves()->pointCount(), 6);
  qInfo("epochs drawn while the probe ran: %d of 6", seenWhileBusy);

  // The matrix counts every test item of the run's split once.
  DatasetSplit split = session.split();
  QCOMPARE(page->matrix()->classCount(), 10);
  QCOMPARE(page->matrix()->total(), (long long)split.test.size());
  QCOMPARE(result->testItems.size(), split.test.size());
  QCOMPARE(page->classChart()->barCount(), 10);
  QCOMPARE(page->matrix()->className(3), QString("3"));
  QVERIFY2(page->matrix()->cellText(4, 9).startsWith("true 4 → predicted 9: "),
           qPrintable(page->matrix()->cellText(4, 9)));

  // probe.json in the run folder, with the same figures (the runs table reads its accuracy).
  const auto stored = readProbeResult(mRunDir);
  QVERIFY(stored);
  QCOMPARE(stored->accuracy, result->accuracy);
  QCOMPARE(stored->testItems, result->testItems);
  QVERIFY2(page->statusText().contains("probe.json"), qPrintable(page->statusText()));
}

void ProbeTest::clickingACellListsItsItemsAndRingsThemOnTheMap() {
  Session session;
  openRun(session);
  const auto page = shownPage(&session);
  page->setEpochs(3);
  QVERIFY(probe(page.get()));
  const ProbeResult& result = *page->result();
  ConfusionMatrixView* matrix = page->matrix();

  // The latent map of every item, beside the page (as in the main window, through the Session).
  LatentPanel latent(&session, mErrors);
  latent.resize(900, 600);
  latent.toolbar()->setMethod(MapMethod::Pca);
  latent.toolbar()->setPointLimit(1000);
  latent.show();
  QVERIFY(latent.computeMap());
  QVERIFY(waitUntil([&] { return !latent.mapJob()->isBusy() && latent.currentResult(); }, 60000));

  // The fullest mistake, else the fullest cell.
  int truth = 0, predicted = 0;
  long long best = -1;
  for (int t = 0; t < matrix->classCount(); ++t)
    for (int p = 0; p < matrix->classCount(); ++p) {
      const long long count = matrix->count(t, p) + (t == p ? 0 : 1000000);
      if (matrix->count(t, p) > 0 && count > best) {
        best = count;
        truth = t;
        predicted = p;
      }
    }
  const long long cellCount = matrix->count(truth, predicted);
  QVERIFY(cellCount > 0);
  QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(truth, predicted).center());
  QCOMPARE(matrix->selectedTruth(), truth);
  QCOMPARE(matrix->selectedPredicted(), predicted);

  // Exactly that cell's items: their true class and prediction are the cell's.
  const std::vector<std::size_t>& items = page->cellItems()->cellItems();
  QCOMPARE((long long)items.size(), cellCount);
  for (std::size_t item : items) {
    const auto at = std::find(result.testItems.begin(), result.testItems.end(), item) - result.testItems.begin();
    QCOMPARE(result.truth[std::size_t(at)], truth);
    QCOMPARE(result.predicted[std::size_t(at)], predicted);
    QCOMPARE(mDataset->labels[item], std::int64_t(truth));
  }
  ProbeItemsView* view = page->cellItems()->view();
  QCOMPARE(view->itemCount(), int(std::min<long long>(cellCount, ProbeCellItems::kMaxShown)));
  QCOMPARE(view->item(0).index, items.front());
  QVERIFY(waitUntil([&] { return view->reconstructionCount() == view->itemCount(); }, 20000));
  QVERIFY(page->cellItems()->showOnMapButton()->isEnabled());
  QVERIFY2(page->cellItems()->titleText().contains(QString("true %1 → predicted %2").arg(truth).arg(predicted)),
           qPrintable(page->cellItems()->titleText()));

  // The Session points them out, and the latent map rings every one (all items are mapped).
  QCOMPARE(session.highlightedItems(), items);
  QVERIFY2(session.highlightCaption().contains(QString("true %1").arg(truth)), qPrintable(session.highlightCaption()));
  QCOMPARE(latent.mapView()->highlightCount(), int(items.size()));

  // The arrow keys move the selection, and the list and the rings follow.
  matrix->setFocus();
  const int next = predicted + 1 < matrix->classCount() ? predicted + 1 : predicted - 1;
  QTest::keyClick(matrix, next > predicted ? Qt::Key_Right : Qt::Key_Left);
  QCOMPARE(matrix->selectedPredicted(), next);
  QCOMPARE((long long)page->cellItems()->cellItems().size(), matrix->count(truth, next));
  QCOMPARE(latent.mapView()->highlightCount(), int(matrix->count(truth, next)));

  // Another run forgets the marks.
  session.setRunDir(QString());
  QVERIFY(session.highlightedItems().empty());
  QCOMPARE(latent.mapView()->highlightCount(), 0);
  QVERIFY(!page->result());
}

void ProbeTest::readsTheStoredResultWhenTheRunIsOpenedAgain() {
  const auto stored = readProbeResult(mRunDir);
  QVERIFY(stored);  // written by the tests before
  Session session;
  const auto page = shownPage(&session);
  QVERIFY(!page->result());
  // Options unlike the stored result's: showing it sets them as it was measured.
  page->setEpochs(7);
  page->setLabelFraction(stored->labelFraction == 0.01 ? 1.0 : 0.01);
  page->setFineTune(!stored->fineTuned);
  openRun(session);
  QVERIFY(waitUntil([&] { return page->result() != nullptr; }, 10000));
  QCOMPARE(page->result()->accuracy, stored->accuracy);
  const auto frozenEpochs =
      std::count_if(stored->history.begin(), stored->history.end(), [](const ProbeEpoch& e) { return !e.fineTune; });
  QCOMPARE(page->epochsSpin()->value(), int(frozenEpochs));
  QCOMPARE(page->labelFractionCombo()->currentData().toDouble(), stored->labelFraction);
  QCOMPARE(page->fineTuneBox()->isChecked(), stored->fineTuned);
  QCOMPARE(page->matrix()->total(), (long long)stored->testItems.size());
  QCOMPARE(page->curves()->pointCount(), int(stored->history.size()));
  QVERIFY2(page->statusText().contains("probe.json"), qPrintable(page->statusText()));
  // Its cells list their items too.
  ConfusionMatrixView* matrix = page->matrix();
  QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(2, 2).center());
  QCOMPARE((long long)page->cellItems()->cellItems().size(), matrix->count(2, 2));
  QCOMPARE(session.highlightedItems().size(), std::size_t(matrix->count(2, 2)));
}

void ProbeTest::fineTunesTheEncoderOnAShareOfTheLabels() {
  Session session;
  openRun(session);
  session.setRunDir(QString());  // a model trained here without a folder: nothing to keep the result in
  const auto page = shownPage(&session);
  page->setEpochs(2);
  page->setLabelFraction(0.1);
  page->setFineTune(true);
  QVERIFY(probe(page.get()));
  const ProbeResult& result = *page->result();
  QVERIFY(result.fineTuned);
  QCOMPARE(result.labelFraction, 0.1);
  QVERIFY(result.trainItems < session.split().train.size() / 5);
  QCOMPARE(page->curves()->pointCount(), 4);  // the probe's two epochs, then fine-tuning's two
  QVERIFY2(page->accuracyText().contains("fine-tuned"), qPrintable(page->accuracyText()));
  QVERIFY2(page->statusText().contains("no run folder"), qPrintable(page->statusText()));
  // With every curve and the longer header, the page still fits the Experiments tab of a
  // 1280x800 window beside the settings (about 930x660 there).
  const QSize minimum = page->minimumSizeHint();
  QVERIFY2(minimum.width() <= 900 && minimum.height() <= 640,
           qPrintable(QString("%1x%2").arg(minimum.width()).arg(minimum.height())));
}

void ProbeTest::aDatasetWithoutLabelsSaysSo() {
  Dataset unlabelled = makeBlobDataset(200, {1, 28, 28}, 1, 3);
  unlabelled.classNames = {"all"};
  Session session;
  session.setDataset(std::make_shared<const Dataset>(std::move(unlabelled)), "unlabelled");
  session.setSnapshot(mSnapshot);
  const auto page = shownPage(&session);
  QVERIFY2(page->statusText().contains("no labels"), qPrintable(page->statusText()));
  QVERIFY(!page->runButton()->isEnabled());
  QVERIFY(!page->startProbe());
  QVERIFY2(mErrors->lastMessage().contains("no labels"), qPrintable(mErrors->lastMessage()));
  QVERIFY(!page->result());
}

void ProbeTest::withoutWeightsItSaysWhatToDo() {
  Session session;
  session.setDataset(mDataset, QString::fromStdString(mConfig.dataset));
  const auto page = shownPage(&session);
  QVERIFY2(page->statusText().contains("train a model"), qPrintable(page->statusText()));
  QVERIFY(!page->runButton()->isEnabled());
  session.setSnapshot(mSnapshot);
  QVERIFY(page->runButton()->isEnabled());
}

void ProbeTest::showOnLatentMapSwitchesTabs() {
  MainWindow window(false);
  window.show();
  ExperimentsPanel* panel = window.experimentsPanel();
  window.tabs()->setCurrentWidget(panel);
  panel->pages()->setCurrentWidget(panel->probePage());
  QCOMPARE(panel->pages()->tabText(panel->pages()->currentIndex()), QString("Probe"));
  Q_EMIT panel->probePage()->showOnMapRequested();
  QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.latentPanel()));
  if (QMessageBox* box = window.errorReporter()->visibleBox()) box->close();
}

QTEST_MAIN(ProbeTest)
#include "probe_test.moc"
