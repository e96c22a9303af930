// The GUI's latent map and `latentlab-cli project` are one core job: for the same
// run, items, method and seed they give the same layout, to the last bit.
#include "common/asyncjob.h"
#include "latent/latentpanel.h"
#include "latent/maptoolbar.h"
#include "mainwindow/mainwindow.h"
#include "presets.h"
#include "quickruns.h"
#include "session/session.h"
#include "tinyspecs.h"
#include "uitestsupport.h"

#include <QComboBox>
#include <QFile>
#include <QProcess>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

namespace {
struct CsvMap {
  std::vector<std::size_t> indices;
  std::vector<float> positions;
};

// index,label,x,y as the CLI writes it (max_digits10, so floats read back exactly).
CsvMap readMapCsv(const QString& path) {
  CsvMap map;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return map;
  file.readLine();  // header
  while (!file.atEnd()) {
    const QList<QByteArray> fields = file.readLine().trimmed().split(',');
    if (fields.size() != 4) continue;
    map.indices.push_back(fields[0].toULongLong());
    map.positions.push_back(fields[2].toFloat());
    map.positions.push_back(fields[3].toFloat());
  }
  return map;
}
}  // namespace

class MapParityTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void guiAndCliGiveTheSameMap_data();
  void guiAndCliGiveTheSameMap();

private:
  TempDir mDir;
  QString mRun;
};

void MapParityTest::initTestCase() {
  const QString dataset = writeSmallIdxDataset(mDir / "blobs", 600);
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((mDir / "home").string()));
  TrainingJob job = quickJob(presetSpec("mnist-conv"), dataset.toStdString(), mDir / "run", 1);
  const TrainingResult result = trainQuickly(job);
  QCOMPARE(result.status, TrainingStatus::Finished);
  mRun = QString::fromStdString((mDir / "run").string());
}

void MapParityTest::guiAndCliGiveTheSameMap_data() {
  QTest::addColumn<QString>("method");
  QTest::newRow("t-SNE") << "tsne";
  QTest::newRow("PCA") << "pca";
}

void MapParityTest::guiAndCliGiveTheSameMap() {
  QFETCH(QString, method);
  const QString csv = QString::fromStdString((mDir / ("map-" + method.toStdString() + ".csv")).string());
  QProcess cli;
  cli.start(LATENTLAB_CLI_PATH, {"project", "--run", mRun, "--method", method, "--split", "test", "--limit", "100",
                                 "--out", csv, "--quiet"});
  QVERIFY(cli.waitForFinished(120000));
  QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
  const CsvMap expected = readMapCsv(csv);
  QCOMPARE(expected.indices.size(), std::size_t(100));

  MainWindow window(false);
  window.show();
  QVERIFY(window.openRun(mRun));
  QVERIFY(waitUntil([&] { return window.session()->snapshot() && window.session()->dataset(); }, 20000));
  LatentPanel* panel = window.latentPanel();
  panel->toolbar()->setMethod(method == "tsne" ? MapMethod::Tsne : MapMethod::Pca);
  panel->toolbar()->setPointLimit(100);
  panel->findChild<QComboBox*>("mapSplit")->setCurrentIndex(int(MapToolbar::Split::Test));
  QVERIFY(panel->computeMap());
  panel->mapJob()->waitForFinished();
  const MapResultPtr result = panel->currentResult();
  QVERIFY(result);
  QCOMPARE(mapMethodKey(result->method), method.toStdString());
  QCOMPARE(result->codes->indices, expected.indices);
  QCOMPARE(result->map->positions(), expected.positions);
}

QTEST_MAIN(MapParityTest)
#include "mapparity_test.moc"
