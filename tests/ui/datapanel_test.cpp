// The Data tab: lazy thumbnails, class filter, label histogram, facts, and the
// clean | corrupted preview of the corruption chosen for training.
#include "common/qcustomplotinclude.h"
#include "data/datasetpanel.h"
#include "data/thumbnailmodel.h"
#include "session/session.h"
#include "uitestsupport.h"

#include <QComboBox>
#include <QListView>
#include <QScrollBar>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

class DataPanelTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void showsTheDatasetLazily();
  void histogramCountsEveryClass();
  void previewsTheTrainingCorruption();
};

namespace {
DatasetPtr blobs(std::size_t count) {
  return std::make_shared<const Dataset>(makeBlobDataset(count, {1, 28, 28}, 10, 3));
}
}  // namespace

void DataPanelTest::showsTheDatasetLazily() {
  Session session;
  session.setPreset("mnist-conv");
  DatasetPanel panel(&session);
  panel.resize(1200, 800);
  panel.show();
  session.setDataset(blobs(70000), "blobs");
  QCOMPARE(panel.thumbnails()->rowCount(), 70000);
  QTest::qWait(100);
  // Only what is on screen (plus a margin) is ever converted to a pixmap.
  QVERIFY(panel.thumbnails()->pixmapsMade() > 0);
  QVERIFY2(panel.thumbnails()->pixmapsMade() < 3000, qPrintable(QString::number(panel.thumbnails()->pixmapsMade())));
  panel.grid()->scrollToBottom();
  QTest::qWait(50);
  QVERIFY(panel.thumbnails()->pixmapsMade() < 6000);
  QVERIFY(panel.infoText().contains("70,000") || panel.infoText().contains("70000"));
  // The split shown is the session's seeded split.
  const DatasetSplit split = session.split();
  QVERIFY(panel.infoText().contains(QLocale().toString(qulonglong(split.validation.size()))));
  QVERIFY(panel.grid()->verticalScrollBar()->value() > 0);  // still at the bottom
  panel.classFilter()->setCurrentIndex(1 + 9);
  QCOMPARE(panel.thumbnails()->rowCount(), 7000);
  // A filtered set starts at its first row, not at the old scroll position.
  QCOMPARE(panel.grid()->verticalScrollBar()->value(), 0);
}

void DataPanelTest::histogramCountsEveryClass() {
  Session session;
  session.setPreset("mnist-conv");
  DatasetPanel panel(&session);
  panel.show();
  session.setDataset(blobs(500), "blobs");
  QCustomPlot* histogram = panel.exportablePlot();
  QVERIFY(waitUntil([&] { return histogram->plottableCount() == 1; }, 5000));
  auto* bars = qobject_cast<QCPBars*>(histogram->plottable(0));
  QVERIFY(bars);
  QCOMPARE(bars->data()->size(), 10);
  for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) QCOMPARE(it->value, 50.0);
}

void DataPanelTest::previewsTheTrainingCorruption() {
  Session session;
  session.setPreset("mnist-conv");
  DatasetPanel panel(&session);
  session.setDataset(blobs(200), "blobs");
  QCOMPARE(panel.previewPairCount(), 0);  // no corruption: nothing to compare
  TrainConfig config = session.config();
  config.corruption = "gaussian:0.5+occlude:8";
  session.setConfig(config);
  QCOMPARE(panel.previewPairCount(), 8);
  config.corruption.clear();
  session.setConfig(config);
  QCOMPARE(panel.previewPairCount(), 0);
}

QTEST_MAIN(DataPanelTest)
#include "datapanel_test.moc"
