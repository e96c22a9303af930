// The Training tab for a GAN: the panel is fed the trainer's GAN figures (live and
// from an opened run folder) and must draw them in the GAN charts, the class
// histogram and a samples-only film, while an autoencoder keeps its own plots.
// Also the Model tab's summary with the generator's and discriminator's sizes.
#include "common/errorreporter.h"
#include "common/qcustomplotinclude.h"
#include "mainwindow/mainwindow.h"
#include "model/summaryview.h"
#include "modelsummary.h"
#include "playground/denoisepage.h"
#include "playground/drawpage.h"
#include "playground/inpaintpage.h"
#include "playground/playgroundpanel.h"
#include "presets.h"
#include "session/session.h"
#include "training/classhistogram.h"
#include "training/fidchart.h"
#include "training/ganchartsview.h"
#include "training/ganlosschart.h"
#include "training/ganscorechart.h"
#include "training/losschart.h"
#include "training/metricschart.h"
#include "training/openedrunview.h"
#include "training/reconstructionfilm.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"
#include "uitestsupport.h"

#include <QLabel>
#include <QtTest>

#include <cmath>
#include <numeric>

using namespace latentlab;
using namespace latentlab::test;

namespace {
// Value of `graph`'s point at `key` (NaN when there is none).
double valueAt(const QCPGraph* graph, double key) {
  for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
    if (std::abs(it->key - key) < 1e-9) return it->value;
  return std::nan("");
}

BatchStats ganBatch(int epoch, int step, double g, double d) {
  BatchStats stats;
  stats.epoch = epoch;
  stats.epochs = 2;
  stats.step = step;
  stats.stepsPerEpoch = 4;
  stats.loss = g;
  stats.imagesPerSecond = 1234;
  stats.gan.generatorLoss = g;
  stats.gan.discriminatorLoss = d;
  stats.gan.realScore = 0.8;
  stats.gan.fakeScore = 0.3;
  return stats;
}

// Ten classes of 2,000 samples: class 3 is never generated, class 8 only 5 times (0.25 %).
std::vector<std::int64_t> collapsedCounts() {
  return {220, 230, 240, 0, 250, 260, 270, 280, 5, 245};
}

EpochStats ganEpoch(int epoch, std::vector<std::int64_t> counts) {
  EpochStats stats;
  stats.epoch = epoch;
  stats.epochs = 2;
  stats.gan.generatorLoss = 1.5 + epoch;
  stats.gan.discriminatorLoss = 0.5 + 0.1 * epoch;
  stats.gan.realScore = 0.7 + 0.1 * epoch;
  stats.gan.fakeScore = 0.2 + 0.05 * epoch;
  stats.trainLoss = stats.gan.generatorLoss;
  stats.validationLoss = std::nan("");
  stats.fid = 40.0 / epoch;
  stats.classCounts = std::move(counts);
  return stats;
}

// A GAN's film frame: `count` samples, no originals, no targets.
FilmFrame ganFilm(int epoch, int count) {
  FilmFrame frame;
  frame.epoch = epoch;
  frame.shape = {1, 28, 28};
  frame.inputShape = frame.shape;
  frame.count = count;
  frame.reconstructions.assign(std::size_t(count) * frame.shape.pixelCount(), std::uint8_t(epoch * 40));
  return frame;
}
}  // namespace

class GanTrainingTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void init();
  void cleanup();
  void liveGanRunFillsTheGanCharts();
  void classHistogramShowsEarlierEpochsAndClassNames();
  void autoencoderRunKeepsTheAutoencoderCharts();
  void opensAGanRunWithItsOneRowFilm();
  void rareClassesAreThoseUnderOnePercent();
  void modelSummaryCountsBothGanNetworks();
  void trainsAGanEndToEndAndReopensIt();

private:
  QWidget* mWindow = nullptr;
  Session* mSession = nullptr;
  TrainingController* mController = nullptr;
  ErrorReporter* mErrors = nullptr;
  TrainingPanel* mPanel = nullptr;
};

void GanTrainingTest::init() {
  mWindow = new QWidget;
  mSession = new Session(mWindow);
  mController = new TrainingController(mWindow);
  mErrors = new ErrorReporter(mWindow);
  mPanel = new TrainingPanel(mSession, mController, mErrors, mWindow);
  mPanel->resize(1100, 800);
}

void GanTrainingTest::cleanup() {
  delete mWindow;  // owns the panel, session, controller and reporter
  mWindow = nullptr;
}

void GanTrainingTest::liveGanRunFillsTheGanCharts() {
  QVERIFY(!mPanel->showsGanCharts());  // an empty tab starts with the autoencoder's plots
  Q_EMIT mController->batchReported(ganBatch(1, 1, 2.0, 1.0));
  Q_EMIT mController->batchReported(ganBatch(1, 2, 2.5, 0.9));
  Q_EMIT mController->batchReported(ganBatch(1, 3, 3.0, 0.8));
  QVERIFY(mPanel->showsGanCharts());
  QCOMPARE(mPanel->exportablePlot(), static_cast<QCustomPlot*>(mPanel->ganCharts()->lossChart()));
  QVERIFY2(mPanel->progressText().contains("G loss 3 · D loss 0.8"), qPrintable(mPanel->progressText()));
  QVERIFY2(mPanel->progressText().contains("images/s"), qPrintable(mPanel->progressText()));

  GanLossChart* loss = mPanel->ganCharts()->lossChart();
  QCOMPARE(loss->batchPointCount(), 3);
  QCOMPARE(loss->discriminatorBatch()->dataCount(), 3);
  QCOMPARE(valueAt(loss->generatorBatch(), 0.5), 2.5);
  QCOMPARE(valueAt(loss->discriminatorBatch(), 0.75), 0.8);
  QCOMPARE(mPanel->lossChart()->batchPointCount(), 0);  // the autoencoder's chart is not fed

  Q_EMIT mController->epochFinished(ganEpoch(1, collapsedCounts()), ganFilm(1, 8), nullptr);
  QCOMPARE(loss->epochPointCount(), 1);
  QCOMPARE(valueAt(loss->generatorEpoch(), 1), 2.5);
  QCOMPARE(valueAt(loss->discriminatorEpoch(), 1), 0.6);
  GanScoreChart* scores = mPanel->ganCharts()->scoreChart();
  QCOMPARE(scores->pointCount(), 1);
  QCOMPARE(valueAt(scores->realScores(), 1), 0.8);
  QCOMPARE(valueAt(scores->fakeScores(), 1), 0.25);
  QCOMPARE(scores->yAxis->range().lower, 0.0);
  QCOMPARE(scores->yAxis->range().upper, 1.0);
  QCOMPARE(scores->referenceLine()->point1->value(), 0.5);
  QCOMPARE(scores->referenceLine()->point2->value(), 0.5);
  QCOMPARE(scores->referenceLine()->pen().style(), Qt::DashLine);
  FidChart* fid = mPanel->ganCharts()->fidChart();
  QCOMPARE(fid->pointCount(), 1);
  QCOMPARE(valueAt(fid->fid(), 1), 40.0);
  QVERIFY(fid->toolTip().contains("not Inception"));

  ClassHistogram* histogram = mPanel->ganCharts()->classHistogram();
  QCOMPARE(histogram->shownEpoch(), 1);
  const auto counts = collapsedCounts();
  for (int c = 0; c < 10; ++c) QCOMPARE(histogram->barValue(c), double(counts[std::size_t(c)]));
  QVERIFY(histogram->isRare(3));
  QVERIFY(histogram->isRare(8));
  QVERIFY(!histogram->isRare(0));
  QVERIFY2(histogram->captionText().contains("never generated: 3"), qPrintable(histogram->captionText()));
  QVERIFY2(histogram->captionText().contains("under 1 %: 8"), qPrintable(histogram->captionText()));

  // The film: one row of samples per epoch, no "original" header.
  ReconstructionFilm* film = mPanel->film();
  QVERIFY(film->isSamplesFilm());
  QCOMPARE(film->frameCount(), 1);
  QCOMPARE(film->headerRowCount(), 0);
  QCOMPARE(film->rowLabel(0), QString("epoch 1"));
  QCOMPARE(film->rowImageCount(0), 8);
  Q_EMIT mController->epochFinished(ganEpoch(2, std::vector<std::int64_t>(10, 200)), ganFilm(2, 8), nullptr);
  QCOMPARE(film->frameCount(), 2);
  QCOMPARE(film->rowLabel(1), QString("epoch 2"));
  QVERIFY2(mPanel->progressText().contains("domain FID 20.0"), qPrintable(mPanel->progressText()));
  QCOMPARE(mPanel->metricsChart()->pointCount(), 0);
  QCOMPARE(mPanel->lossChart()->epochPointCount(), 0);
}

void GanTrainingTest::classHistogramShowsEarlierEpochsAndClassNames() {
  Q_EMIT mController->epochFinished(ganEpoch(1, collapsedCounts()), ganFilm(1, 4), nullptr);
  Q_EMIT mController->epochFinished(ganEpoch(2, std::vector<std::int64_t>(10, 200)), ganFilm(2, 4), nullptr);
  ClassHistogram* histogram = mPanel->ganCharts()->classHistogram();
  QCOMPARE(histogram->epochCount(), 2);
  QCOMPARE(histogram->shownEpoch(), 2);  // it follows the newest epoch
  QCOMPARE(histogram->barValue(3), 200.0);
  QVERIFY(!histogram->isRare(3));
  QVERIFY2(!histogram->captionText().contains("never generated"), qPrintable(histogram->captionText()));
  histogram->showEpoch(1);
  QCOMPARE(histogram->barValue(3), 0.0);
  QVERIFY(histogram->isRare(3));
  QVERIFY(histogram->captionText().contains("never generated: 3"));
  // A picked earlier epoch stays while training goes on.
  Q_EMIT mController->epochFinished(ganEpoch(3, std::vector<std::int64_t>(10, 200)), ganFilm(3, 4), nullptr);
  QCOMPARE(histogram->shownEpoch(), 1);
  // The dataset's class names label the bars and the caption (when they match the counts).
  QStringList names;
  for (int c = 0; c < 10; ++c) names << QString("class-%1").arg(c);
  mPanel->ganCharts()->setClassNames(names);
  QVERIFY2(histogram->captionText().contains("never generated: class-3"), qPrintable(histogram->captionText()));
  mPanel->ganCharts()->setClassNames({"a", "b"});  // another dataset's names: numbered instead
  QVERIFY(histogram->captionText().contains("never generated: 3"));
}

void GanTrainingTest::autoencoderRunKeepsTheAutoencoderCharts() {
  Q_EMIT mController->batchReported(ganBatch(1, 1, 2.0, 1.0));
  QVERIFY(mPanel->showsGanCharts());
  // Then an autoencoder's run: its figures carry no GAN numbers.
  BatchStats batch;
  batch.epoch = 1;
  batch.epochs = 1;
  batch.step = 2;
  batch.stepsPerEpoch = 2;
  batch.loss = 0.05;
  Q_EMIT mController->batchReported(batch);
  QVERIFY(!mPanel->showsGanCharts());
  QCOMPARE(mPanel->exportablePlot(), static_cast<QCustomPlot*>(mPanel->lossChart()));
  QCOMPARE(mPanel->lossChart()->batchPointCount(), 1);
  EpochStats epoch;
  epoch.epoch = 1;
  epoch.epochs = 1;
  epoch.trainLoss = 0.05;
  epoch.validationLoss = 0.06;
  epoch.validation.count = 10;
  epoch.validation.psnr = 20;
  epoch.validation.ssim = 0.8;
  FilmFrame film = ganFilm(1, 3);
  film.targets = film.reconstructions;
  film.originals = film.reconstructions;
  Q_EMIT mController->epochFinished(epoch, film, nullptr);
  QCOMPARE(mPanel->lossChart()->epochPointCount(), 1);
  QCOMPARE(mPanel->metricsChart()->pointCount(), 1);
  QCOMPARE(mPanel->ganCharts()->scoreChart()->pointCount(), 0);
  QCOMPARE(mPanel->ganCharts()->classHistogram()->epochCount(), 0);
  QVERIFY2(mPanel->progressText().contains("validation loss 0.06"), qPrintable(mPanel->progressText()));
  // The reconstruction film keeps its "original" header row.
  QVERIFY(!mPanel->film()->isSamplesFilm());
  QCOMPARE(mPanel->film()->headerRowCount(), 1);
  QCOMPARE(mPanel->film()->rowLabel(0), QString("original"));
}

void GanTrainingTest::opensAGanRunWithItsOneRowFilm() {
  OpenedRunView view;
  view.run.spec = presetSpec("mnist-dcgan");
  QVERIFY(view.run.spec.isGan());
  view.run.config.epochs = 4;
  view.run.metrics = {ganEpoch(1, collapsedCounts()), ganEpoch(2, std::vector<std::int64_t>(10, 200))};
  for (int epoch = 1; epoch <= 2; ++epoch)
    for (int step = 1; step <= 5; ++step) view.run.batchLosses.push_back({epoch, step, 1.0 + 0.1 * step});
  const int side = view.run.spec.input.height;
  for (int epoch = 1; epoch <= 2; ++epoch) {
    QImage strip(side * 6, side, QImage::Format_Grayscale8);  // one row of six samples, as filmstrip writes it
    strip.fill(epoch * 50);
    view.strips.emplace_back(epoch, strip);
  }
  mPanel->showRunHistory(view);
  QVERIFY(mPanel->showsGanCharts());
  GanChartsView* charts = mPanel->ganCharts();
  QCOMPARE(charts->lossChart()->batchPointCount(), 10);
  QCOMPARE(valueAt(charts->lossChart()->generatorBatch(), 1.0), 1.5);
  QCOMPARE(charts->lossChart()->epochPointCount(), 2);
  QCOMPARE(valueAt(charts->lossChart()->discriminatorEpoch(), 2), 0.7);
  QCOMPARE(valueAt(charts->scoreChart()->realScores(), 2), 0.9);
  QCOMPARE(valueAt(charts->fidChart()->fid(), 2), 20.0);
  QCOMPARE(charts->classHistogram()->epochCount(), 2);
  charts->classHistogram()->showEpoch(1);
  QCOMPARE(charts->classHistogram()->barValue(8), 5.0);
  QVERIFY(charts->classHistogram()->captionText().contains("never generated: 3"));
  QCOMPARE(mPanel->film()->frameCount(), 2);
  QCOMPARE(mPanel->film()->headerRowCount(), 0);
  QCOMPARE(mPanel->film()->rowImageCount(0), 6);
  QCOMPARE(mPanel->film()->rowLabel(1), QString("epoch 2"));
  QVERIFY2(mPanel->progressText().contains("Opened GAN run: 2 epochs"), qPrintable(mPanel->progressText()));
  QCOMPARE(mPanel->progressValue(), 500);

  // Opening an autoencoder's run afterwards brings its plots and its film header back.
  OpenedRunView autoencoder;
  autoencoder.run.spec = presetSpec("mnist-conv");
  autoencoder.run.config.epochs = 1;
  EpochStats row;
  row.epoch = 1;
  row.trainLoss = 0.1;
  row.validationLoss = 0.2;
  row.validation.psnr = 18;
  row.validation.ssim = 0.7;
  autoencoder.run.metrics = {row};
  const int aeSide = autoencoder.run.spec.input.height;
  QImage strip(aeSide * 4, aeSide * 2, QImage::Format_Grayscale8);  // [targets, reconstructions]
  strip.fill(100);
  autoencoder.strips.emplace_back(1, strip);
  mPanel->showRunHistory(autoencoder);
  QVERIFY(!mPanel->showsGanCharts());
  QCOMPARE(mPanel->lossChart()->epochPointCount(), 1);
  QCOMPARE(mPanel->metricsChart()->pointCount(), 1);
  QCOMPARE(charts->lossChart()->epochPointCount(), 0);  // the GAN's history was cleared
  QCOMPARE(mPanel->film()->headerRowCount(), 1);
  QCOMPARE(mPanel->film()->frameCount(), 1);
}

void GanTrainingTest::rareClassesAreThoseUnderOnePercent() {
  QCOMPARE(rareClasses(collapsedCounts()), (std::vector<int>{3, 8}));
  QCOMPARE(rareClasses({100, 100, 1}), std::vector<int>{2});  // 1 of 201 is under 1 %
  QCOMPARE(rareClasses({100, 100, 3}), std::vector<int>{});   // 3 of 203 is not
  QVERIFY(rareClasses({0, 0}).empty());                       // nothing generated: nothing to judge
}

void GanTrainingTest::modelSummaryCountsBothGanNetworks() {
  SummaryView view;
  const ModelSpec gan = presetSpec("mnist-dcgan");
  const ModelSummary summary = summarizeModel(gan);
  QVERIFY(summary.gan);
  view.showSummary(summary, gan);
  const QString total = view.totalText();
  QVERIFY2(total.contains("Generator: " + QString::fromStdString(withThousands(summary.generatorParameters))),
           qPrintable(total));
  QVERIFY2(total.contains("Discriminator: " + QString::fromStdString(withThousands(summary.discriminatorParameters))),
           qPrintable(total));
  QVERIFY2(total.contains("Total parameters: " + QString::fromStdString(withThousands(summary.totalParameters))),
           qPrintable(total));
  QCOMPARE(summary.generatorParameters + summary.discriminatorParameters, summary.totalParameters);
  QVERIFY(view.codeText().contains("Latent z"));
  // An autoencoder's summary keeps its single total.
  const ModelSpec autoencoder = presetSpec("mnist-conv");
  view.showSummary(summarizeModel(autoencoder), autoencoder);
  QVERIFY(view.totalText().startsWith("Total parameters: "));
  QVERIFY(!view.totalText().contains("Generator"));
}

// The real trainer, one short epoch of mnist-dcgan on generated blobs: what it reports
// live and what the run folder gives back must land in the same charts.
void GanTrainingTest::trainsAGanEndToEndAndReopensIt() {
  TempDir dir;
  const QString dataset = writeSmallIdxDataset(dir / "blobs", 600);
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((dir / "home").string()));  // the run goes here
  QString runDir;
  {
    MainWindow window(false);
    window.show();
    window.openDataset(dataset);
    QVERIFY(
        waitUntil([&] { return window.session()->datasetName() == dataset && window.session()->dataset(); }, 10000));
    window.session()->setPreset("mnist-dcgan");
    QVERIFY(window.session()->spec().isGan());
    TrainConfig config = window.session()->config();
    config.epochs = 1;
    window.session()->setConfig(config);
    TrainingPanel* panel = window.trainingPanel();
    QVERIFY(panel->startTraining());
    QVERIFY(panel->showsGanCharts());  // chosen when the run starts, before its first batch
    QVERIFY(waitUntil([&] { return !window.trainingController()->isRunning() && panel->startAction()->isEnabled(); },
                      240000));
    QVERIFY2(panel->bannerText().isEmpty() || !panel->bannerText().contains("failed"), qPrintable(panel->bannerText()));
    GanChartsView* charts = panel->ganCharts();
    QVERIFY(charts->lossChart()->batchPointCount() > 0);
    QCOMPARE(charts->lossChart()->discriminatorBatch()->dataCount(), charts->lossChart()->batchPointCount());
    QCOMPARE(charts->lossChart()->epochPointCount(), 1);
    QCOMPARE(charts->scoreChart()->pointCount(), 1);
    QCOMPARE(charts->fidChart()->pointCount(), 1);
    QCOMPARE(charts->classHistogram()->epochCount(), 1);
    double samples = 0;
    for (int c = 0; c < 10; ++c) samples += std::max(0.0, charts->classHistogram()->barValue(c));
    QCOMPARE(samples, 10000.0);  // kGanQualitySamples
    QCOMPARE(panel->film()->frameCount(), 1);
    QCOMPARE(panel->film()->headerRowCount(), 0);
    QVERIFY2(panel->progressText().contains("lowest domain FID"), qPrintable(panel->progressText()));
    runDir = window.session()->runDir();
  }
  MainWindow window(false);
  window.show();
  QVERIFY(window.openRun(runDir));
  QVERIFY(waitUntil([&] { return window.session()->runDir() == runDir; }, 20000));
  TrainingPanel* panel = window.trainingPanel();
  QVERIFY(panel->showsGanCharts());
  QCOMPARE(panel->ganCharts()->lossChart()->epochPointCount(), 1);
  QCOMPARE(panel->ganCharts()->scoreChart()->pointCount(), 1);
  QCOMPARE(panel->ganCharts()->fidChart()->pointCount(), 1);
  QCOMPARE(panel->ganCharts()->classHistogram()->epochCount(), 1);
  QVERIFY(panel->ganCharts()->lossChart()->batchPointCount() > 0);
  QCOMPARE(panel->film()->frameCount(), 1);  // samples/epoch-0001.png, one row
  QCOMPARE(panel->film()->headerRowCount(), 0);
  // The Playground's tools need an encoder: disabled, each saying so rather than failing.
  QVERIFY(waitUntil([&] { return window.session()->snapshot() && window.session()->dataset(); }, 20000));
  PlaygroundPanel* playground = window.playgroundPanel();
  QVERIFY(!playground->ganNotice()->isHidden());
  for (const QString& status : {playground->inpaintPage()->statusText(), playground->denoisePage()->statusText(),
                                playground->drawPage()->statusText()})
    QVERIFY2(status.contains("A GAN has no encoder") && !status.contains("failed"), qPrintable(status));
}

QTEST_MAIN(GanTrainingTest)
#include "gantraining_test.moc"
