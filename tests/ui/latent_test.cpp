// The Latent map tab on a small trained model: the map is computed off the GUI
// thread, click-to-decode follows the position, sliders, interpolation count
// and order, legend toggles, generation and the exports.
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "latent/datasetencoding.h"
#include "latent/decodedimages.h"
#include "latent/dimensionsliders.h"
#include "latent/generationview.h"
#include "latent/inspectorview.h"
#include "latent/interpolationview.h"
#include "latent/latentmapview.h"
#include "latent/latentpanel.h"
#include "latent/latentstats.h"
#include "latent/maptoolbar.h"
#include "latent/pointcloud.h"
#include "latent/realimageview.h"
#include "session/session.h"
#include "train/trainer.h"
#include "uitestsupport.h"

#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QtTest>

#include <cmath>

using namespace latentlab;
using namespace latentlab::test;

namespace {
// How long a map may take: generous, because a loaded CI machine runs t-SNE several times
// slower (the wait ends as soon as the map is there).
constexpr int kMapTimeoutMs = 180000;

// Mean absolute difference of two same-sized images' gray levels.
double imageDifference(const QImage& a, const QImage& b) {
  if (a.size() != b.size() || a.isNull()) return 0.0;
  const QImage ga = a.convertToFormat(QImage::Format_Grayscale8), gb = b.convertToFormat(QImage::Format_Grayscale8);
  double total = 0;
  for (int y = 0; y < ga.height(); ++y)
    for (int x = 0; x < ga.width(); ++x) total += std::abs(int(ga.constScanLine(y)[x]) - int(gb.constScanLine(y)[x]));
  return total / (ga.width() * ga.height());
}

double distance(const float* a, const float* b, std::size_t size) {
  double sum = 0;
  for (std::size_t i = 0; i < size; ++i) sum += double(a[i] - b[i]) * double(a[i] - b[i]);
  return std::sqrt(sum);
}
}  // namespace

class LatentTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void computesAPcaMapOffTheGuiThread();
  void clickToDecodeFollowsThePosition();
  void slidersDecodeLive();
  void interpolationHasTheStepsInOrder();
  void interpolatesBetweenTwoItemsAsAUserWould();
  void sideTabsSwitchAndSlidersStartFromTheItem();
  void legendTogglesHideAClass();
  void generatesAndExports();
  void tsneAnimatesAndFinishes();
  void cancellingAMapKeepsTheOneBefore();
  void replayDecodesWithThatEpochsWeights();
  void anotherRunForgetsTheOldRunsMapAndMarks();
  void vaeSlidersShowKlPerDimension();
  void ganMapsGeneratedSamplesColouredByTheClassifier();
  void ganHoverAndClickGenerate();
  void ganDisablesWhatNeedsAnEncoder();
  void ganPlacesRealImagesAndInterpolatesBetweenThem();

private:
  void waitForMap();
  void waitForGanMap();
  QWidget* sideTab() const { return mPanel->currentSideTool(); }

  TempDir mDir;
  Session* mSession = nullptr;
  ErrorReporter* mErrors = nullptr;
  LatentPanel* mPanel = nullptr;
  Session* mGanSession = nullptr;
  LatentPanel* mGanPanel = nullptr;
  QWidget mWindow;
};

void LatentTest::initTestCase() {
  auto dataset = std::make_shared<const Dataset>(makeBlobDataset(600, {1, 28, 28}, 10, 5));
  mSession = new Session(&mWindow);
  mErrors = new ErrorReporter(&mWindow);
  mSession->setPreset("mnist-conv");
  mSession->setDataset(dataset, "blobs");
  // A few real epochs so the codes separate the classes.
  const ModelSnapshotPtr snapshot = trainSnapshot(mSession->spec(), mSession->config(), dataset, 12);
  QVERIFY(snapshot);

  mPanel = new LatentPanel(mSession, mErrors, &mWindow);
  mWindow.resize(1400, 900);
  mPanel->resize(1400, 900);
  mWindow.show();
  mPanel->toolbar()->setMethod(MapMethod::Pca);
  mPanel->toolbar()->setPointLimit(600);
  mSession->setSnapshot(snapshot);  // "follow training" computes the map
  waitForMap();
}

void LatentTest::waitForMap() {
  QVERIFY(waitUntil([&] { return !mPanel->mapJob()->isBusy() && mPanel->currentResult(); }, kMapTimeoutMs));
  QTest::qWait(50);
}

void LatentTest::computesAPcaMapOffTheGuiThread() {
  const MapResultPtr result = mPanel->currentResult();
  QCOMPARE(result->method, MapMethod::Pca);
  QVERIFY(result->codes->count() >= 50);
  QCOMPARE(result->codes->codeSize, 10);
  QCOMPARE(mPanel->mapView()->cloud()->count(), result->codes->count());
  QCOMPARE(mPanel->state().history().size(), std::size_t(1));
  QVERIFY(mPanel->statusText().contains("PCA"));
}

void LatentTest::clickToDecodeFollowsThePosition() {
  const MapResultPtr result = mPanel->currentResult();
  const auto& xy = result->map->positions();
  // Two points of different classes, far apart on the map.
  std::size_t a = 0, b = 0;
  double best = -1;
  for (std::size_t i = 0; i < result->codes->count(); ++i) {
    const double d = std::hypot(xy[2 * i] - xy[0], xy[2 * i + 1] - xy[1]);
    if (d > best) best = d, b = i;
  }
  mPanel->decodeAt(xy[2 * a], xy[2 * a + 1]);
  const QImage first = mPanel->inspector()->decodedImage();
  QVERIFY(!first.isNull());
  QCOMPARE(mPanel->mapView()->markerPosition(), QPointF(xy[2 * a], xy[2 * a + 1]));
  mPanel->decodeAt(xy[2 * b], xy[2 * b + 1]);
  const QImage second = mPanel->inspector()->decodedImage();
  QVERIFY2(
      imageDifference(first, second) > 0.2,
      qPrintable(
          QString("decoding elsewhere must give another image (difference %1)").arg(imageDifference(first, second))));
  // The same position decodes to the same image again.
  mPanel->decodeAt(xy[2 * a], xy[2 * a + 1]);
  QCOMPARE(imageDifference(first, mPanel->inspector()->decodedImage()), 0.0);
  // A click exactly on the map widget decodes too.
  QSignalSpy picked(mPanel->mapView(), &LatentMapView::positionPicked);
  QSignalSpy clicked(mPanel->mapView(), &LatentMapView::pointClicked);
  LatentMapView* view = mPanel->mapView();
  const QPoint pixel(int(view->xAxis->coordToPixel(xy[2 * b])), int(view->yAxis->coordToPixel(xy[2 * b + 1])));
  QTest::mouseClick(view, Qt::LeftButton, Qt::NoModifier, pixel);
  QCOMPARE(picked.count() + clicked.count(), 1);
}

void LatentTest::slidersDecodeLive() {
  mPanel->selectItem(3);
  DimensionSliders* sliders = mPanel->sliders();
  QCOMPARE(sliders->sliderCount(), 10);
  const QImage before = sliders->decodedImage();
  sliders->traversalJob()->waitForFinished();
  const QImage gridBefore = sliders->traversalImage();
  QVERIFY(!gridBefore.isNull());
  QSignalSpy edited(sliders, &DimensionSliders::codeEdited);
  // Slide the dimension the data spreads most along (a dead dimension would change nothing),
  // among those the grid does not sweep (it sweeps z0 x z1).
  const std::vector<DimensionRange> ranges = dimensionRanges(*mPanel->currentResult()->codes);
  int widest = 2;
  for (int d = 3; d < int(ranges.size()); ++d)
    if (ranges[std::size_t(d)].high - ranges[std::size_t(d)].low >
        ranges[std::size_t(widest)].high - ranges[std::size_t(widest)].low)
      widest = d;
  QSlider* slider = sliders->slider(widest);
  slider->setValue(slider->value() < 500 ? 1000 : 0);
  QCOMPARE(edited.count(), 1);
  QVERIFY(imageDifference(before, sliders->decodedImage()) > 0.0);
  // The traversal grid follows the sliders (it sweeps two dimensions around the code shown).
  sliders->traversalJob()->waitForFinished();
  QVERIFY(!sliders->traversalImage().isNull());
  QVERIFY(imageDifference(gridBefore, sliders->traversalImage()) > 0.0);
}

void LatentTest::interpolationHasTheStepsInOrder() {
  const MapResultPtr result = mPanel->currentResult();
  const int size = result->codes->codeSize;
  const std::vector<float> a(result->codes->code(0), result->codes->code(0) + size);
  const std::vector<float> b(result->codes->code(5), result->codes->code(5) + size);
  InterpolationView* view = mPanel->interpolation();
  view->setEndpoint(0, a, QImage(28, 28, QImage::Format_Grayscale8), "a");
  view->setEndpoint(1, b, QImage(28, 28, QImage::Format_Grayscale8), "b");
  view->setSteps(7);
  QVERIFY(view->interpolateNow());
  view->job()->waitForFinished();  // the strip decodes off the GUI thread
  QCOMPARE(int(view->stripImages().size()), 7);
  const auto& path = view->pathCodes();
  QCOMPARE(int(path.size()), 7 * size);
  QCOMPARE(distance(path.data(), a.data(), std::size_t(size)), 0.0);
  QVERIFY(distance(path.data() + 6 * size, b.data(), std::size_t(size)) < 1e-5);
  for (int i = 1; i < 7; ++i)  // each step moves away from A
    QVERIFY(distance(path.data() + i * size, a.data(), std::size_t(size)) >
            distance(path.data() + (i - 1) * size, a.data(), std::size_t(size)));
  QCOMPARE(mPanel->mapView()->pathPointCount(), 7);
  TempDir dir;
  QVERIFY(view->exportStrip(QString::fromStdString((dir / "strip.png").string())));
  QCOMPARE(QImage(QString::fromStdString((dir / "strip.png").string())).isNull(), false);
}

void LatentTest::interpolatesBetweenTwoItemsAsAUserWould() {
  const MapResultPtr result = mPanel->currentResult();
  const int size = result->codes->codeSize;
  const long a = mPanel->firstRowOfClass(1), b = mPanel->firstRowOfClass(7);
  QVERIFY(a >= 0 && b >= 0);
  QCOMPARE(result->codes->labels[std::size_t(a)], std::int64_t(1));
  QCOMPARE(result->codes->labels[std::size_t(b)], std::int64_t(7));
  for (long row = 0; row < a; ++row) QVERIFY(result->codes->labels[std::size_t(row)] != 1);  // the first one
  QCOMPARE(mPanel->firstRowOfClass(42), -1L);
  QVERIFY(!mPanel->interpolateBetweenItems(a, long(result->codes->count()), 9));

  mPanel->interpolation()->setSpherical(true);  // the hook asks for linear whatever was chosen
  QVERIFY(mPanel->interpolateBetweenItems(a, b, 9));
  mPanel->interpolation()->job()->waitForFinished();
  InterpolationView* view = mPanel->interpolation();
  QCOMPARE(sideTab(), static_cast<QWidget*>(view));
  QCOMPARE(int(view->stripImages().size()), 9);
  const auto& path = view->pathCodes();
  QCOMPARE(int(path.size()), 9 * size);
  const float* codeA = result->codes->code(std::size_t(a));
  const float* codeB = result->codes->code(std::size_t(b));
  QCOMPARE(distance(path.data(), codeA, std::size_t(size)), 0.0);
  QVERIFY(distance(path.data() + 8 * size, codeB, std::size_t(size)) < 1e-5);
  // Linear: the middle step is the midpoint of the two codes.
  std::vector<float> middle(static_cast<std::size_t>(size));
  for (int d = 0; d < size; ++d) middle[std::size_t(d)] = (codeA[d] + codeB[d]) / 2;
  QVERIFY(distance(path.data() + 4 * size, middle.data(), std::size_t(size)) < 1e-4);
  // The strip's ends are the two items' decodes.
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  QCOMPARE(
      imageDifference(view->stripImages().front(), decodeToImage(*snapshot, std::vector<float>(codeA, codeA + size))),
      0.0);
  QCOMPARE(
      imageDifference(view->stripImages().back(), decodeToImage(*snapshot, std::vector<float>(codeB, codeB + size))),
      0.0);
  QCOMPARE(mPanel->mapView()->pathPointCount(), 9);
  // The user's last click was B: it stays the current code.
  const std::vector<float>& current = mPanel->state().currentCode().code;
  QCOMPARE(distance(current.data(), codeB, std::size_t(size)), 0.0);
}

void LatentTest::sideTabsSwitchAndSlidersStartFromTheItem() {
  mPanel->showSideTab(mPanel->sliders());
  QCOMPARE(sideTab(), static_cast<QWidget*>(mPanel->sliders()));
  QWidget stranger;
  mPanel->showSideTab(&stranger);  // not one of the tools: nothing changes
  QCOMPARE(sideTab(), static_cast<QWidget*>(mPanel->sliders()));
  mPanel->showSideTab(mPanel->inspector());
  QCOMPARE(sideTab(), static_cast<QWidget*>(mPanel->inspector()));

  // Inspecting an item starts the sliders from its code; moving one slider changes the decode.
  const MapResultPtr result = mPanel->currentResult();
  const long three = mPanel->firstRowOfClass(3);
  QVERIFY(three >= 0);
  mPanel->selectItem(three);
  DimensionSliders* sliders = mPanel->sliders();
  const std::vector<float> start = sliders->code();
  QCOMPARE(distance(start.data(), result->codes->code(std::size_t(three)), start.size()), 0.0);
  const QImage before = sliders->decodedImage();
  const std::vector<DimensionRange> ranges = dimensionRanges(*result->codes);
  int widest = 0;  // a dead dimension would change nothing
  for (int d = 1; d < int(ranges.size()); ++d)
    if (ranges[std::size_t(d)].high - ranges[std::size_t(d)].low >
        ranges[std::size_t(widest)].high - ranges[std::size_t(widest)].low)
      widest = d;
  QSlider* slider = sliders->slider(widest);
  slider->setValue(slider->value() < 500 ? 1000 : 0);
  QVERIFY(sliders->code()[std::size_t(widest)] != start[std::size_t(widest)]);
  QVERIFY(imageDifference(before, sliders->decodedImage()) > 0.0);
}

void LatentTest::legendTogglesHideAClass() {
  auto* legend = mPanel->findChild<QListWidget*>("mapLegend");
  QVERIFY(legend);
  QCOMPARE(legend->count(), 10);
  legend->item(3)->setCheckState(Qt::Unchecked);
  PointCloud* cloud = mPanel->mapView()->cloud();
  QVERIFY(!cloud->groupVisible(3));
  // No hidden point can be hovered or clicked.
  LatentMapView* view = mPanel->mapView();
  const auto& xy = cloud->positions();
  for (std::size_t i = 0; i < cloud->count(); ++i) {
    if (cloud->groups()[i] != 3) continue;
    const long hit = cloud->nearestPoint(
        QPointF(view->xAxis->coordToPixel(xy[2 * i]), view->yAxis->coordToPixel(xy[2 * i + 1])), 1.0);
    QVERIFY(hit < 0 || cloud->groups()[std::size_t(hit)] != 3);
  }
  legend->item(3)->setCheckState(Qt::Checked);
  QVERIFY(cloud->groupVisible(3));
}

void LatentTest::generatesAndExports() {
  QVERIFY(mPanel->generation()->generate());
  mPanel->generation()->job()->waitForFinished();  // decoded off the GUI thread
  QCOMPARE(mPanel->generation()->sampleCount(), 12);
  TempDir dir;
  QString error;
  const QString csv = QString::fromStdString((dir / "codes.csv").string());
  QVERIFY2(mPanel->exportCodes(csv, &error), qPrintable(error));
  QFile file(csv);
  QVERIFY(file.open(QIODevice::ReadOnly));
  QVERIFY(file.readLine().startsWith("index,label,z0,"));
  const QString folder = QString::fromStdString((dir / "projector").string());
  QDir().mkpath(folder);
  QVERIFY2(mPanel->exportProjectorFiles(folder, &error), qPrintable(error));
  for (const char* name : {"tensors.tsv", "metadata.tsv"}) QVERIFY(QFileInfo::exists(QDir(folder).filePath(name)));
}

void LatentTest::tsneAnimatesAndFinishes() {
  // The layout shows while t-SNE runs: the map's axes turn to t-SNE's before the result.
  int frames = 0;
  const auto connection = connect(mPanel->mapJob(), &AsyncJob::progressed, this, [&] {
    if (mPanel->currentResult()->method != MapMethod::Tsne && mPanel->mapView()->xAxis->label() == "t-SNE x") ++frames;
  });
  mPanel->toolbar()->setMethod(MapMethod::Tsne);
  QVERIFY(mPanel->computeMap());
  waitForMap();
  disconnect(connection);
  QCOMPARE(mPanel->currentResult()->method, MapMethod::Tsne);
  QVERIFY(frames >= 1);
  // Clicking on the t-SNE map decodes a blend of the nearest codes.
  const auto& xy = mPanel->currentResult()->map->positions();
  mPanel->decodeAt(xy[0], xy[1]);
  QVERIFY(!mPanel->inspector()->decodedImage().isNull());
}

void LatentTest::cancellingAMapKeepsTheOneBefore() {
  mPanel->toolbar()->setMethod(MapMethod::Pca);
  QVERIFY(mPanel->computeMap());
  waitForMap();
  const std::vector<float> before = mPanel->currentResult()->map->positions();
  mPanel->toolbar()->setMethod(MapMethod::Tsne);
  bool forming = false;
  const auto connection = connect(mPanel->mapJob(), &AsyncJob::progressed, this, [&](double, const QString& stage) {
    if (stage == "t-SNE" && mPanel->mapView()->xAxis->label() == "t-SNE x") forming = true;
  });
  QVERIFY(mPanel->computeMap());
  QVERIFY(waitUntil([&] { return forming; }, 30000));
  disconnect(connection);
  mPanel->mapJob()->cancel();
  QVERIFY(mPanel->statusText().contains("Cancelled"));
  QCOMPARE(mPanel->currentResult()->method, MapMethod::Pca);
  QCOMPARE(mPanel->mapView()->cloud()->positions(), before);  // not the half-formed layout
  QCOMPARE(mPanel->mapView()->xAxis->label(), QString("principal component 1"));
  mPanel->mapJob()->waitForFinished();
}

void LatentTest::replayDecodesWithThatEpochsWeights() {
  mPanel->toolbar()->setMethod(MapMethod::Pca);
  const DatasetPtr dataset = mSession->dataset();
  // The panel's 12-epoch weights and a 13-epoch run: past mnist-conv's early all-black plateau,
  // so the two decoders really differ.
  const ModelSnapshotPtr early = mSession->snapshot();
  const ModelSnapshotPtr later = trainSnapshot(mSession->spec(), mSession->config(), dataset, 13);
  QVERIFY(early && later && early->epoch() == 12 && later->epoch() == 13);
  QVERIFY(mPanel->computeMap());  // the PCA map of epoch 12
  waitForMap();
  mSession->setSnapshot(later);
  QVERIFY(
      waitUntil([&] { return !mPanel->mapJob()->isBusy() && mPanel->currentResult()->epoch == 13; }, kMapTimeoutMs));
  auto* slider = mPanel->findChild<QSlider*>("replaySlider");
  const auto& history = mPanel->state().history();
  const auto first = std::find_if(history.begin(), history.end(), [](const MapResultPtr& r) { return r->epoch == 12; });
  QVERIFY(first != history.end());
  QVERIFY(slider && slider->isVisible());
  slider->setValue(int(first - history.begin()));  // replay epoch 12
  QCOMPARE(mPanel->currentResult()->epoch, 12);
  QVERIFY2(mPanel->statusText().contains("epoch 12"), qPrintable(mPanel->statusText()));
  // A click decodes with epoch 12's weights, not with the newest ones: on a spot the two
  // epochs' decoders tell apart (where the output is not saturated).
  const auto& xy = mPanel->currentResult()->map->positions();
  auto differs = [&](const std::vector<float>& code) {
    const auto a = early->decode(code.data(), 1), b = later->decode(code.data(), 1);
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(a[i] - b[i]);
    return sum > 1.0;
  };
  long spot = -1;
  for (std::size_t i = 0; i < mPanel->currentResult()->codes->count() && spot < 0; ++i)
    if (differs(mPanel->currentResult()->map->codeAt(xy[2 * i], xy[2 * i + 1]).code)) spot = long(i);
  QVERIFY2(spot >= 0, "the two epochs decode every point alike");
  const double x = xy[2 * std::size_t(spot)], y = xy[2 * std::size_t(spot) + 1];
  mPanel->decodeAt(x, y);
  const MapQuery query = mPanel->currentResult()->map->codeAt(x, y);
  QCOMPARE(imageDifference(mPanel->inspector()->decodedImage(), decodeToImage(*early, query.code)), 0.0);
  QVERIFY(imageDifference(mPanel->inspector()->decodedImage(), decodeToImage(*later, query.code)) > 0.0);
}

void LatentTest::anotherRunForgetsTheOldRunsMapAndMarks() {
  mPanel->selectItem(mPanel->firstRowOfClass(2));
  QVERIFY(mPanel->mapView()->markerVisible());
  QVERIFY(!mPanel->state().currentCode().code.empty());
  mSession->setRunDir("another-run");
  QVERIFY(!mPanel->currentResult());
  QVERIFY(!mPanel->mapView()->markerVisible());
  QVERIFY(mPanel->state().currentCode().code.empty());
  QVERIFY(mPanel->inspector()->itemImage().isNull());
  QCOMPARE(mPanel->mapView()->cloud()->count(), std::size_t(0));
  // Its weights bring its map.
  mSession->setSnapshot(trainSnapshot(mSession->spec(), mSession->config(), mSession->dataset(), 3));
  waitForMap();
  QCOMPARE(mPanel->currentResult()->epoch, 3);
}

// L9: a VAE's sliders say how much each dimension is used; an autoencoder's say nothing.
void LatentTest::vaeSlidersShowKlPerDimension() {
  QVERIFY(mPanel->sliders()->usageText().isEmpty());  // the panel's model is mnist-conv, an AE
  Session session;
  session.setPreset("mnist-vae");
  const DatasetPtr dataset = mSession->dataset();
  const ModelSnapshotPtr vae = trainSnapshot(session.spec(), session.config(), dataset, 1);
  QVERIFY(vae);
  std::vector<std::size_t> items(200);
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = i;
  const EncodedSet codes = encodeDataset(*vae, *dataset, items);
  const auto usage = dimensionUsage(codes);
  QVERIFY(usage);
  DimensionSliders sliders;
  sliders.setModel(vae, dimensionRanges(codes));
  sliders.setUsage(usage);
  QVERIFY2(
      sliders.usageText().contains(QString("%1 of %2 dimensions active").arg(usage->activeCount).arg(vae->codeSize())),
      qPrintable(sliders.usageText()));
  QCOMPARE(sliders.dimensionLabel(0), QString("z0  %1").arg(usage->kl[0], 0, 'f', 2));
  sliders.setUsage(std::nullopt);
  QVERIFY(sliders.usageText().isEmpty());
  QCOMPARE(sliders.dimensionLabel(0), QString("z0"));
}

void LatentTest::waitForGanMap() {
  QVERIFY(waitUntil([&] { return !mGanPanel->mapJob()->isBusy() && mGanPanel->currentResult(); }, kMapTimeoutMs));
  QTest::qWait(50);
}

// A GAN has no encoder: its map is z samples of the generator, coloured by the classifier's
// classes, computed without latent optimisation (which would take about a second per batch).
void LatentTest::ganMapsGeneratedSamplesColouredByTheClassifier() {
  mGanSession = new Session(&mWindow);
  mGanSession->setPreset("mnist-gan-seed002");
  mGanSession->setDataset(mSession->dataset(), "blobs");
  TrainConfig config = mGanSession->config();
  config.filmSamples = 0;
  const ModelSnapshotPtr gan = trainSnapshot(mGanSession->spec(), config, mSession->dataset(), 1);
  QVERIFY(gan && gan->isGan());
  QVERIFY(gan->hasClassifier());  // the trainer made the run's domain classifier
  mGanPanel = new LatentPanel(mGanSession, mErrors, &mWindow);
  mGanPanel->resize(1400, 900);
  mGanPanel->show();
  mGanPanel->toolbar()->setMethod(MapMethod::Pca);
  mGanPanel->toolbar()->setPointLimit(400);
  QElapsedTimer timer;
  timer.start();
  mGanSession->setSnapshot(gan);  // "follow training" computes the map
  waitForGanMap();
  QVERIFY2(timer.elapsed() < 20000, qPrintable(QString("the map took %1 ms").arg(timer.elapsed())));
  const MapResultPtr result = mGanPanel->currentResult();
  QVERIFY(result->codes->generated);
  QVERIFY(mGanPanel->showsGeneratedMap());
  QCOMPARE(result->codes->count(), std::size_t(400));
  QCOMPARE(result->codes->codeSize, gan->codeSize());
  QCOMPARE(mGanPanel->mapView()->cloud()->count(), std::size_t(400));
  QVERIFY(mGanPanel->statusText().contains("generated"));
  // The labels are the classifier's classes of the generated images; the legend names them.
  const std::vector<float> images = gan->decode(result->codes->codes.data(), 20);
  const std::vector<int> classes = gan->classify(images.data(), 20);
  for (int i = 0; i < 20; ++i) QCOMPARE(result->codes->labels[std::size_t(i)], std::int64_t(classes[std::size_t(i)]));
  auto* legend = mGanPanel->findChild<QListWidget*>("mapLegend");
  QCOMPARE(legend->count(), int(gan->classifierClassNames().size()));
  QCOMPARE(legend->item(0)->text(), QString::fromStdString(gan->classifierClassNames()[0]));
  // Random generation samples the generator's prior by default; interpolation is spherical.
  QCOMPARE(mGanPanel->generation()->sourceBox()->currentText(), QString("Prior N(0, I)"));
  QVERIFY(mGanPanel->generation()->generate());
  mGanPanel->generation()->job()->waitForFinished();
  QCOMPARE(mGanPanel->generation()->sampleCount(), 12);
}

void LatentTest::ganHoverAndClickGenerate() {
  const MapResultPtr result = mGanPanel->currentResult();
  const ModelSnapshotPtr gan = result->snapshot;
  // Hovering a point shows its generated image G(z), not a dataset thumbnail.
  Q_EMIT mGanPanel->mapView()->pointHovered(5);
  const QImage hovered = mGanPanel->inspector()->hoverImage();
  QVERIFY(!hovered.isNull());
  const std::vector<float> code(result->codes->code(5), result->codes->code(5) + result->codes->codeSize);
  QCOMPARE(imageDifference(hovered, decodeToImage(*gan, code)), 0.0);
  QVERIFY(mGanPanel->pointCaption(5).startsWith("sample 5"));
  // Clicking a point inspects its generated image and nearest samples.
  mGanPanel->selectItem(7);
  QVERIFY(!mGanPanel->inspector()->itemImage().isNull());
  QVERIFY(mGanPanel->inspector()->itemCaption().contains("generated"));
  QCOMPARE(mGanPanel->state().currentCode().code.size(), std::size_t(gan->codeSize()));
  // Clicking anywhere generates there: two far-apart places give two images.
  const auto& xy = result->map->positions();
  std::size_t far = 0;
  double best = -1;
  for (std::size_t i = 0; i < result->codes->count(); ++i) {
    const double d = std::hypot(xy[2 * i] - xy[0], xy[2 * i + 1] - xy[1]);
    if (d > best) best = d, far = i;
  }
  mGanPanel->decodeAt(xy[0], xy[1]);
  const QImage first = mGanPanel->inspector()->decodedImage();
  QVERIFY(!first.isNull());
  mGanPanel->decodeAt(xy[2 * far], xy[2 * far + 1]);
  QVERIFY(imageDifference(first, mGanPanel->inspector()->decodedImage()) > 0.2);
  QCOMPARE(mGanPanel->mapView()->markerPosition(), QPointF(xy[2 * far], xy[2 * far + 1]));
}

void LatentTest::ganDisablesWhatNeedsAnEncoder() {
  MapToolbar* toolbar = mGanPanel->toolbar();
  QVERIFY(toolbar->isGenerator());
  QVERIFY(!toolbar->errorColoringEnabled());
  QVERIFY(!toolbar->projectorExportEnabled());
  QVERIFY(!toolbar->findChild<QComboBox*>("mapSplit")->isEnabled());
  QVERIFY(toolbar->findChild<QComboBox*>("mapSplit")->toolTip().contains("GAN"));
  // The autoencoder's panel keeps them.
  QVERIFY(mPanel->toolbar()->errorColoringEnabled());
  QVERIFY(mPanel->toolbar()->projectorExportEnabled());
  QVERIFY(mPanel->toolbar()->findChild<QComboBox*>("mapSplit")->isEnabled());
  // The Projector export says why instead of writing dataset sprites for generated points.
  TempDir dir;
  QString error;
  QVERIFY(!mGanPanel->exportProjectorFiles(QString::fromStdString(dir.path().string()), &error));
  QVERIFY(error.contains("GAN"));
  // The codes still export, numbered by sample.
  const QString csv = QString::fromStdString((dir / "codes.csv").string());
  QVERIFY2(mGanPanel->exportCodes(csv, &error), qPrintable(error));
  // The Real image tool is the GAN's; an autoencoder's tab has it disabled.
  auto* ganTabs = mGanPanel->findChild<QTabWidget*>("latentTools");
  auto* aeTabs = mPanel->findChild<QTabWidget*>("latentTools");
  QCOMPARE(ganTabs->count(), 5);
  QVERIFY(ganTabs->isTabEnabled(4));
  QVERIFY(!aeTabs->isTabEnabled(4));
  QVERIFY(!aeTabs->tabToolTip(4).isEmpty());
}

void LatentTest::ganPlacesRealImagesAndInterpolatesBetweenThem() {
  RealImageView* real = mGanPanel->realImages();
  mGanPanel->showSideTab(real);
  QCOMPARE(mGanPanel->currentSideTool(), static_cast<QWidget*>(real));
  const int codeSize = mGanPanel->currentResult()->codes->codeSize;
  // Fitting z runs on a worker: the GUI thread returns at once.
  QVERIFY(real->placeItem(3));
  QVERIFY(real->job()->isBusy());
  real->job()->waitForFinished();
  QVERIFY(real->placeItem(11));
  real->job()->waitForFinished();
  QCOMPARE(real->placed().size(), std::size_t(2));
  for (const auto& placed : real->placed()) {
    QCOMPARE(placed.code.size(), std::size_t(codeSize));
    QVERIFY(!placed.original.isNull());
    QVERIFY(!placed.fitted.isNull());
    QVERIFY(placed.error >= 0.0 && placed.error < 1.0);
  }
  // Both sit on the map; the last placed is the current code and the inspector shows it beside G(z).
  QCOMPARE(mGanPanel->mapView()->realPointCount(), 2);
  QCOMPARE(mGanPanel->state().currentCode().code, real->placed().back().code);
  QVERIFY(mGanPanel->inspector()->itemCaption().contains("G(z)"));
  // Two real digits as the interpolation's ends.
  real->selectRow(0);
  Q_EMIT real->endpointChosen(0, 0);
  Q_EMIT real->endpointChosen(1, 1);
  InterpolationView* interpolation = mGanPanel->interpolation();
  interpolation->setSteps(6);
  QVERIFY(interpolation->interpolateNow());
  interpolation->job()->waitForFinished();
  QCOMPARE(interpolation->stripImages().size(), std::size_t(6));
  const auto& path = interpolation->pathCodes();
  QCOMPARE(path.size(), std::size_t(6 * codeSize));
  for (int d = 0; d < codeSize; ++d) {
    QCOMPARE(path[std::size_t(d)], real->placed()[0].code[std::size_t(d)]);
    QCOMPARE(path[std::size_t(5 * codeSize + d)], real->placed()[1].code[std::size_t(d)]);
  }
  // Spherical by default for a GAN: the midpoint keeps the ends' typical length, unlike the chord.
  auto norm = [&](std::size_t step) {
    double sum = 0;
    for (int d = 0; d < codeSize; ++d)
      sum += double(path[step * codeSize + std::size_t(d)]) * path[step * codeSize + std::size_t(d)];
    return std::sqrt(sum);
  };
  QVERIFY(norm(2) > 0.9 * std::min(norm(0), norm(5)));
  // A new map places them again.
  mGanPanel->toolbar()->setMethod(MapMethod::Tsne);
  QVERIFY(mGanPanel->computeMap());
  waitForGanMap();
  QCOMPARE(mGanPanel->currentResult()->method, MapMethod::Tsne);
  QCOMPARE(mGanPanel->mapView()->realPointCount(), 2);

  // The next epoch's weights (Follow training): z fitted to the old generator would make other
  // images now, so both are fitted again on the new one, in the same order.
  const std::vector<float> oldCode = real->placed()[0].code;
  TrainConfig config = mGanSession->config();
  config.filmSamples = 0;
  const ModelSnapshotPtr later = trainSnapshot(mGanSession->spec(), config, mSession->dataset(), 2);
  mGanSession->setSnapshot(later);
  QVERIFY(real->job()->isBusy());
  // Placing another image meanwhile joins the refit rather than cancelling it.
  QVERIFY(real->placeItem(20));
  real->job()->waitForFinished();
  waitForGanMap();
  QCOMPARE(real->placed().size(), std::size_t(3));
  QCOMPARE(real->placed()[0].index, std::size_t(3));
  QCOMPARE(real->placed()[1].index, std::size_t(11));
  QCOMPARE(real->placed()[2].index, std::size_t(20));
  QCOMPARE(real->selectedRow(), 2);
  QVERIFY(real->placed()[0].code != oldCode);
  for (const auto& placed : real->placed())
    QCOMPARE(imageDifference(placed.fitted, decodeToImage(*later, placed.code)), 0.0);
  QCOMPARE(mGanPanel->mapView()->realPointCount(), 3);
}

QTEST_MAIN(LatentTest)
#include "latent_test.moc"
