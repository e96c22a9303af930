// The Training tab end to end: a short real training run on generated data,
// pause / resume / stop, opening the saved run, and the divergence banner.
#include "common/errorreporter.h"
#include "common/qcustomplotinclude.h"
#include "mainwindow/mainwindow.h"
#include "model/layereditor.h"
#include "model/modelpanel.h"
#include "session/session.h"
#include "training/losschart.h"
#include "training/metricschart.h"
#include "training/reconstructionfilm.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"
#include "uitestsupport.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSpinBox>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

class TrainingTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void trainsOneEpochAndShowsCurvesAndFilm();
  void pauseResumeAndStopTakeEffectWithinASecond();
  void opensASavedRun();
  void opensARunOfAHandWrittenSpec();
  void divergenceShowsTheSuggestion();
  void imageSizeSettingReadsAFolderAndIsStoredInTheRun();

private:
  // A window on the generated dataset with the mnist-conv preset and `epochs`.
  void prepare(MainWindow& window, int epochs, double learningRate = 1e-3, int batch = 32);

  TempDir mDir;
  QString mDataset;
  QString mFinishedRun;
};

void TrainingTest::initTestCase() {
  mDataset = writeSmallIdxDataset(mDir / "blobs", 600);
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((mDir / "home").string()));  // runs go here
}

void TrainingTest::prepare(MainWindow& window, int epochs, double learningRate, int batch) {
  window.show();
  window.openDataset(mDataset);
  QVERIFY(waitUntil([&] { return window.session()->datasetName() == mDataset && window.session()->dataset(); }, 10000));
  window.session()->setPreset("mnist-conv");
  TrainConfig config = window.session()->config();
  config.epochs = epochs;
  config.learningRate = learningRate;
  config.batchSize = batch;
  window.session()->setConfig(config);
}

void TrainingTest::trainsOneEpochAndShowsCurvesAndFilm() {
  MainWindow window(false);
  prepare(window, 1);
  TrainingPanel* panel = window.trainingPanel();
  QVERIFY(panel->startAction()->isEnabled());
  panel->startAction()->trigger();
  QVERIFY(!panel->startAction()->isEnabled());  // one run at a time
  QVERIFY(panel->stopAction()->isEnabled());
  QVERIFY(!window.modelPanel()->layerEditor()->isEnabled());  // the model is fixed while it trains
  QVERIFY(
      waitUntil([&] { return !window.trainingController()->isRunning() && panel->startAction()->isEnabled(); }, 60000));

  QVERIFY(panel->lossChart()->batchPointCount() > 0);
  QCOMPARE(panel->lossChart()->epochPointCount(), 1);
  QVERIFY(panel->lossChart()->batchPointCount() > 0);  // the batch curve comes back too (batches.csv)
  QCOMPARE(panel->metricsChart()->pointCount(), 1);
  QCOMPARE(panel->film()->frameCount(), 1);
  QCOMPARE(panel->progressValue(), 1000);
  QVERIFY(window.modelPanel()->layerEditor()->isEnabled());
  // Hovering the validation marker reads out its value; the log toggle switches the axis.
  LossChart* chart = panel->lossChart();
  chart->resize(800, 400);
  chart->replot(QCustomPlot::rpImmediateRefresh);
  const QCPGraph* validation = chart->graph(3);
  const double key = validation->data()->constBegin()->key;
  const double value = validation->data()->constBegin()->value;
  const QString readout = chart->readoutAt(QPointF(chart->xAxis->coordToPixel(key), chart->yAxis->coordToPixel(value)));
  QVERIFY2(readout.contains("validation") && readout.contains("epoch 1.00"), qPrintable(readout));
  chart->setLogScale(true);
  QCOMPARE(chart->yAxis->scaleType(), QCPAxis::stLogarithmic);
  chart->setLogScale(false);
  QCOMPARE(chart->yAxis->scaleType(), QCPAxis::stLinear);
  QVERIFY2(panel->progressText().contains("Finished 1 epoch ·"), qPrintable(panel->progressText()));
  // The run folder is written as the CLI writes it, under the user data folder.
  mFinishedRun = window.session()->runDir();
  QVERIFY(mFinishedRun.startsWith(QString::fromStdString((mDir / "home").string())));
  for (const char* file :
       {"spec.json", "config.json", "metrics.csv", "checkpoint.pt", "best.pt", "samples/epoch-0001.png"})
    QVERIFY2(QFileInfo::exists(QDir(mFinishedRun).filePath(file)), file);
  QVERIFY(window.session()->snapshot() != nullptr);
  QCOMPARE(window.session()->snapshot()->epoch(), 1);
}

void TrainingTest::pauseResumeAndStopTakeEffectWithinASecond() {
  MainWindow window(false);
  prepare(window, 200);
  TrainingPanel* panel = window.trainingPanel();
  QSignalSpy batches(window.trainingController(), &TrainingController::batchReported);
  QSignalSpy finished(window.trainingController(), &TrainingController::finished);
  QVERIFY(panel->startTraining());
  QVERIFY(waitUntil([&] { return batches.count() >= 3; }, 30000));

  panel->pauseAction()->trigger();
  QVERIFY(window.trainingController()->isPaused());
  QCOMPARE(panel->pauseAction()->text().remove('&'), QString("Resume"));
  QTest::qWait(1000);  // the batch in flight may still report
  const int whilePaused = batches.count();
  QTest::qWait(1200);
  QCOMPARE(batches.count(), whilePaused);  // nothing moves while paused

  panel->pauseAction()->trigger();
  QVERIFY(!window.trainingController()->isPaused());
  QVERIFY(waitUntil([&] { return batches.count() > whilePaused; }, 5000));

  QElapsedTimer clock;
  clock.start();
  panel->stopAction()->trigger();
  QVERIFY(waitUntil([&] { return finished.count() == 1; }, 5000));
  QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
  QCOMPARE(finished.first().first().value<TrainingResult>().status, TrainingStatus::Cancelled);
  // The spy hears the worker directly; the panel hears it through the event loop.
  QVERIFY(waitUntil([&] { return panel->startAction()->isEnabled(); }, 2000));
  QVERIFY(!panel->stopAction()->isEnabled());
}

void TrainingTest::opensASavedRun() {
  QVERIFY2(!mFinishedRun.isEmpty(), "needs the run of trainsOneEpochAndShowsCurvesAndFilm");
  MainWindow window(false);
  window.show();
  QVERIFY(window.openRun(mFinishedRun));
  // The run is read off the GUI thread; its curves, film and weights then show at once.
  QVERIFY(waitUntil([&] { return window.session()->runDir() == mFinishedRun; }, 10000));
  TrainingPanel* panel = window.trainingPanel();
  QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(panel));
  QCOMPARE(panel->lossChart()->epochPointCount(), 1);
  QCOMPARE(panel->metricsChart()->pointCount(), 1);
  QCOMPARE(panel->film()->frameCount(), 1);
  QCOMPARE(window.session()->runDir(), mFinishedRun);
  QCOMPARE(window.session()->config().epochs, 1);
  QVERIFY(!window.session()->specEdited());  // the run's spec.json is the unchanged preset
  QVERIFY(waitUntil([&] { return window.session()->snapshot() != nullptr; }, 10000));
  // The run's dataset is reopened; then it can be continued for more epochs.
  QVERIFY(waitUntil([&] { return window.session()->dataset() != nullptr; }, 10000));
  TrainConfig config = window.session()->config();
  config.epochs = 2;
  window.session()->setConfig(config);
  QVERIFY(panel->startTraining(/*resume=*/true));
  QVERIFY(
      waitUntil([&] { return !window.trainingController()->isRunning() && panel->startAction()->isEnabled(); }, 60000));
  QCOMPARE(panel->lossChart()->epochPointCount(), 2);
  QCOMPARE(panel->film()->frameCount(), 2);

  // A folder that is not a run gets a clear message and changes nothing.
  TempDir notRun;
  QVERIFY(!window.openRun(QString::fromStdString(notRun.path().string())));
  QVERIFY(window.errorReporter()->lastMessage().contains("spec.json"));
  QCOMPARE(window.session()->runDir(), mFinishedRun);
}

// A spec that is no preset (edited in the Model tab, or written for the CLI) opens as it is.
void TrainingTest::opensARunOfAHandWrittenSpec() {
  QVERIFY2(!mFinishedRun.isEmpty(), "needs the run of trainsOneEpochAndShowsCurvesAndFilm");
  TempDir copy;
  const QDir source(mFinishedRun);
  const QDir target(QString::fromStdString(copy.path().string()));
  for (const char* file : {"spec.json", "config.json", "metrics.csv", "checkpoint.pt", "best.pt"})
    QVERIFY2(QFile::copy(source.filePath(file), target.filePath(file)), file);
  QFile specFile(target.filePath("spec.json"));
  QVERIFY(specFile.open(QIODevice::ReadOnly));
  QJsonObject spec = QJsonDocument::fromJson(specFile.readAll()).object();
  specFile.close();
  spec["name"] = "my-own-model";
  QVERIFY(specFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
  specFile.write(QJsonDocument(spec).toJson());
  specFile.close();

  MainWindow window(false);
  window.show();
  QVERIFY(window.openRun(target.path()));
  QVERIFY(waitUntil([&] { return window.session()->runDir() == target.path(); }, 10000));
  QCOMPARE(window.session()->spec().name, std::string("my-own-model"));
  QCOMPARE(window.session()->runDir(), target.path());
  QVERIFY(waitUntil([&] { return window.session()->snapshot() != nullptr; }, 10000));
}

void TrainingTest::divergenceShowsTheSuggestion() {
  MainWindow window(false);
  prepare(window, 3, /*learningRate=*/10, /*batch=*/64);
  // An unbounded output and plain SGD at a huge step overflow within a few batches.
  ModelSpec spec = window.session()->spec();
  spec.outputActivation = Activation::None;
  window.session()->setSpec(spec);
  TrainConfig config = window.session()->config();
  config.optimizer = OptimizerKind::Sgd;
  window.session()->setConfig(config);
  TrainingPanel* panel = window.trainingPanel();
  QSignalSpy finished(window.trainingController(), &TrainingController::finished);
  QVERIFY(panel->startTraining());
  QVERIFY(waitUntil([&] { return finished.count() == 1; }, 60000));
  QCOMPARE(finished.first().first().value<TrainingResult>().status, TrainingStatus::Diverged);
  QVERIFY(waitUntil([&] { return panel->startAction()->isEnabled(); }, 2000));
  QVERIFY2(panel->bannerText().contains("Lower the learning rate"), qPrintable(panel->bannerText()));
  // The last good weights stay: the run folder still holds a readable, finite checkpoint.
  QVERIFY(QFileInfo::exists(QDir(window.session()->runDir()).filePath("spec.json")));
}

// Pictures of 1x1 pixels cannot be used at their own size: the error names the Image size
// setting, which reads them at N x N, is written to config.json and is reused when the run is opened.
void TrainingTest::imageSizeSettingReadsAFolderAndIsStoredInTheRun() {
  const QDir folder(QString::fromStdString((mDir / "pixels").string()));
  for (int label = 0; label < 2; ++label) {
    QVERIFY(folder.mkpath(QString::number(label)));
    for (int i = 0; i < 16; ++i) {
      QImage pixel(1, 1, QImage::Format_Grayscale8);
      pixel.fill(label * 200 + i);
      QVERIFY(pixel.save(folder.filePath(QString("%1/img%2.png").arg(label).arg(i))));
    }
  }
  MainWindow window(false);
  window.show();
  window.openDataset(folder.path());
  QVERIFY(waitUntil([&] { return window.errorReporter()->lastMessage().contains("Image size"); }, 10000));
  QVERIFY(!window.session()->dataset());

  auto* imageSize = window.findChild<QSpinBox*>("settingsImageSize");
  QVERIFY(imageSize);
  imageSize->setValue(28);
  Q_EMIT imageSize->editingFinished();
  QCOMPARE(window.session()->config().imageSize, 28);
  QVERIFY(waitUntil([&] { return window.session()->dataset() != nullptr; }, 10000));
  QCOMPARE(window.session()->dataset()->shape, (ImageShape{1, 28, 28}));
  window.session()->setPreset("mnist-conv");
  TrainConfig config = window.session()->config();
  config.epochs = 1;
  config.batchSize = 8;
  window.session()->setConfig(config);
  QVERIFY(window.trainingPanel()->startTraining(/*resume=*/false));
  QVERIFY(waitUntil([&] { return !window.trainingController()->isRunning(); }, 60000));
  const QString run = window.session()->runDir();
  QFile file(QDir(run).filePath("config.json"));
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value("image_size").toInt(), 28);

  // Opened in a new window, the run reads its pictures at its own size again.
  MainWindow reopened(false);
  reopened.show();
  QVERIFY(reopened.openRun(run));
  QVERIFY(waitUntil([&] { return reopened.session()->dataset() != nullptr; }, 10000));
  QCOMPARE(reopened.session()->config().imageSize, 28);
  QCOMPARE(reopened.session()->dataset()->shape, (ImageShape{1, 28, 28}));
  QCOMPARE(reopened.findChild<QSpinBox*>("settingsImageSize")->value(), 28);
}

QTEST_MAIN(TrainingTest)
#include "training_test.moc"
