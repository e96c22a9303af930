// The Playground tab on a small trained model: painting the inpainting mask
// with the mouse (paint, erase, undo, clear), the composite keeping the known
// pixels, denoising captions and the test-split evaluation off the GUI thread,
// anomaly scores of two generated sets with AUC and threshold rates, drawing an
// input that becomes the session's probe marked on the latent map, and the
// colorize page's hint for a model that does not colorize.
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/refreshwhenshown.h"
#include "data/datasetcatalog.h"
#include "images/mnistnormalize.h"
#include "latent/latentmapview.h"
#include "latent/latentpanel.h"
#include "latent/maptoolbar.h"
#include "playground/anomalycharts.h"
#include "playground/anomalypage.h"
#include "playground/colorizepage.h"
#include "playground/denoisepage.h"
#include "playground/drawpad.h"
#include "playground/drawpage.h"
#include "playground/imagetile.h"
#include "playground/inpaintpage.h"
#include "playground/maskcanvas.h"
#include "playground/playgroundimages.h"
#include "playground/playgroundpanel.h"
#include "presets.h"
#include "session/session.h"
#include "train/trainer.h"
#include "uitestsupport.h"

#include <QApplication>
#include <QComboBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

#include <set>

using namespace latentlab;
using namespace latentlab::test;

namespace {

std::set<std::pair<int, int>> maskedPixels(const MaskCanvas& canvas) {
  std::set<std::pair<int, int>> pixels;
  for (int y = 0; y < canvas.imageHeight(); ++y)
    for (int x = 0; x < canvas.imageWidth(); ++x)
      if (canvas.mask()[std::size_t(y * canvas.imageWidth() + x)]) pixels.insert({x, y});
  return pixels;
}

QPushButton* buttonNamed(QWidget* parent, const QString& text) {
  for (QPushButton* button : parent->findChildren<QPushButton*>())
    if (button->text() == text) return button;
  return nullptr;
}

// Numbers after "MSE " in a caption.
double captionMse(const QString& caption) {
  const int at = caption.indexOf("MSE ");
  return at < 0 ? -1.0 : caption.mid(at + 4).section(' ', 0, 0).toDouble();
}
}  // namespace

class PlaygroundTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void saysWhatIsMissingWithoutAModel();
  void paintsExactlyThePaintedPixels();
  void eraseUndoAndClear();
  void keysWorkRightAfterPainting();
  void compositeKeepsTheKnownPixels();
  void latentOptimisationRunsOffTheGuiThread();
  void denoiseCaptionsAndTestSplitAverages();
  void evaluationCancelsAtOnce();
  void anomalyScoresTwoSetsWithAucAndThreshold();
  void drawingSetsTheProbeAndTheMapMarksIt();
  void screenshotPreparationsShowThePagesInUse();
  void colorizeNeedsAColorizationModel();
  void hiddenPagesRefreshOnlyWhenShown();

private:
  TempDir mDir;
  DatasetPtr mDataset;
  Session* mSession = nullptr;
  ErrorReporter* mErrors = nullptr;
  PlaygroundPanel* mPanel = nullptr;
  LatentPanel* mLatent = nullptr;
  QWidget mWindow;
};

void PlaygroundTest::initTestCase() {
  mDataset = std::make_shared<const Dataset>(makeBlobDataset(600, {1, 28, 28}, 10, 5));
  mSession = new Session(&mWindow);
  mErrors = new ErrorReporter(&mWindow);
  mSession->setPreset("mnist-conv");
  mSession->setDataset(mDataset, "blobs");
  mPanel = new PlaygroundPanel(mSession, mErrors, &mWindow);
  mLatent = new LatentPanel(mSession, mErrors, &mWindow);
  mLatent->toolbar()->setMethod(MapMethod::Pca);
  mLatent->toolbar()->setPointLimit(600);
  mPanel->resize(1250, 850);
  mLatent->move(0, 860);
  mLatent->resize(1250, 700);
  mWindow.resize(1250, 1600);
  mWindow.show();
}

void PlaygroundTest::saysWhatIsMissingWithoutAModel() {
  QVERIFY(!mSession->snapshot());
  QVERIFY2(mPanel->inpaintPage()->statusText().contains("Train a model or open a run first"),
           qPrintable(mPanel->inpaintPage()->statusText()));
  QVERIFY(mPanel->denoisePage()->statusText().contains("Train a model or open a run first"));
  QVERIFY(mPanel->colorizePage()->hintText().contains("Train a model or open a run first"));
  QVERIFY(mPanel->anomalyPage()->statusText().contains("Train a model or open a run first"));
  QVERIFY(!mPanel->anomalyPage()->score());
  QVERIFY(mPanel->drawPage()->statusText().contains("Train a model or open a run first"));
  QVERIFY(!mPanel->inpaintPage()->hasResult());
  // The sample is already shown, ready to paint on.
  QCOMPARE(mPanel->inpaintPage()->canvas()->imageWidth(), 28);

  // Now a few real epochs; the pages follow the session.
  const ModelSnapshotPtr snapshot = trainSnapshot(mSession->spec(), mSession->config(), mDataset, 10);
  QVERIFY(snapshot);
  mSession->setSnapshot(snapshot);
  QVERIFY(waitUntil([&] { return !mLatent->mapJob()->isBusy() && mLatent->currentResult(); }, 60000));
  QVERIFY(!mPanel->inpaintPage()->statusText().contains("Train a model"));
  QVERIFY(mPanel->inpaintPage()->hasResult());
}

void PlaygroundTest::paintsExactlyThePaintedPixels() {
  mPanel->showPage(mPanel->inpaintPage());
  InpaintPage* page = mPanel->inpaintPage();
  MaskCanvas* canvas = page->canvas();
  QTest::qWait(20);
  canvas->clear();
  QCOMPARE(canvas->maskedCount(), 0);
  // Brush 1: a click paints the one pixel under the cursor.
  page->brushSlider()->setValue(1);
  QCOMPARE(canvas->brushSize(), 1);
  QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(5, 6));
  QCOMPARE(maskedPixels(*canvas), (std::set<std::pair<int, int>>{{5, 6}}));
  // Brush 3: the 3x3 block around the pixel, nothing else.
  page->brushSlider()->setValue(3);
  QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(12, 12));
  std::set<std::pair<int, int>> expected{{5, 6}};
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) expected.insert({12 + dx, 12 + dy});
  QCOMPARE(maskedPixels(*canvas), expected);
  // A drag with brush 1 paints every pixel along the line, even when the mouse jumps.
  page->brushSlider()->setValue(1);
  QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(2, 20));
  QTest::mouseMove(canvas, canvas->widgetPosition(5, 20));
  QTest::mouseMove(canvas, canvas->widgetPosition(9, 20));
  QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(9, 20));
  for (int x = 2; x <= 9; ++x) expected.insert({x, 20});
  QCOMPARE(maskedPixels(*canvas), expected);
  // Painting updates the strip: the masked input shows the hole as black.
  QVERIFY(
      waitUntil([&] { return page->hasResult() && page->result().masked[std::size_t(20 * 28 + 4)] == 0.0f; }, 2000));
  QCOMPARE(page->tile(0)->image().pixelColor(4, 20), QColor(Qt::black));
}

// After a stroke the canvas has the keyboard: [ ] change the brush and Ctrl+Z undoes,
// with no extra click anywhere (the canvas took no focus before).
void PlaygroundTest::keysWorkRightAfterPainting() {
  mPanel->showPage(mPanel->inpaintPage());
  InpaintPage* page = mPanel->inpaintPage();
  MaskCanvas* canvas = page->canvas();
  QApplication::setActiveWindow(&mWindow);
  QVERIFY(QTest::qWaitForWindowActive(&mWindow));
  mLatent->setFocus();  // the keyboard is somewhere else
  canvas->clear();
  page->brushSlider()->setValue(3);
  QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(12, 12));
  QVERIFY(canvas->hasFocus());
  const int painted = canvas->maskedCount();
  QVERIFY(painted > 0);
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_BracketLeft);
  QCOMPARE(page->brushSlider()->value(), 2);
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_BracketRight);
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_BracketRight);
  QCOMPARE(page->brushSlider()->value(), 4);
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(canvas->maskedCount(), 0);

  // The Draw pad too: Delete clears after a stroke.
  mPanel->showPage(mPanel->drawPage());
  DrawPad* pad = mPanel->drawPage()->pad();
  mLatent->setFocus();
  QTest::mousePress(pad, Qt::LeftButton, Qt::NoModifier, QPoint(pad->width() / 2, pad->height() / 2));
  QTest::mouseRelease(pad, Qt::LeftButton, Qt::NoModifier, QPoint(pad->width() / 2 + 5, pad->height() / 2 + 5));
  QVERIFY(pad->hasFocus());
  QVERIFY(!pad->isEmpty());
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Delete);
  QVERIFY(pad->isEmpty());
  mPanel->showPage(mPanel->inpaintPage());
}

void PlaygroundTest::eraseUndoAndClear() {
  InpaintPage* page = mPanel->inpaintPage();
  MaskCanvas* canvas = page->canvas();
  canvas->clear();
  page->brushSlider()->setValue(3);
  QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(10, 10));
  QCOMPARE(canvas->maskedCount(), 9);
  const auto block = maskedPixels(*canvas);
  // The right button erases, whatever the mode.
  page->brushSlider()->setValue(1);
  QTest::mouseClick(canvas, Qt::RightButton, Qt::NoModifier, canvas->widgetPosition(10, 10));
  auto expected = block;
  expected.erase({10, 10});
  QCOMPARE(maskedPixels(*canvas), expected);
  // Erase mode: the left button erases too.
  page->eraseButton()->setChecked(true);
  QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->widgetPosition(9, 9));
  expected.erase({9, 9});
  QCOMPARE(maskedPixels(*canvas), expected);
  page->eraseButton()->setChecked(false);
  // Undo steps back one stroke at a time (Ctrl+Z on the canvas too).
  QVERIFY(canvas->undo());
  expected.insert({9, 9});
  QCOMPARE(maskedPixels(*canvas), expected);
  canvas->setFocus();
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(maskedPixels(*canvas), block);
  // Clear empties the mask, and is undoable.
  canvas->clear();
  QCOMPARE(canvas->maskedCount(), 0);
  QVERIFY(canvas->undo());
  QCOMPARE(maskedPixels(*canvas), block);
  // A click outside the picture changes nothing and leaves no undo step.
  const int depth = canvas->undoDepth();
  QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(1, 1));
  QCOMPARE(canvas->undoDepth(), depth);
}

void PlaygroundTest::compositeKeepsTheKnownPixels() {
  InpaintPage* page = mPanel->inpaintPage();
  page->showSample(42);
  page->canvas()->clear();
  page->applyRandomBox(15);
  QCOMPARE(page->canvas()->maskedCount(), 15 * 15);
  page->refinementsSpin()->setValue(1);
  page->updateResult();
  QVERIFY(page->hasResult());
  const InpaintResult& result = page->result();
  const std::vector<float>& original = page->original();
  QCOMPARE(original, itemInShape(*mDataset, 42, {1, 28, 28}));
  const InpaintMask& mask = page->canvas()->mask();
  int known = 0, holes = 0;
  for (std::size_t p = 0; p < original.size(); ++p) {
    if (mask[p]) {
      QCOMPARE(result.composite[p], result.output[p]);
      QCOMPARE(result.masked[p], 0.0f);
      ++holes;
    } else {
      QCOMPARE(result.composite[p], original[p]);  // bit-exact
      ++known;
    }
  }
  QCOMPARE(holes, 225);
  QCOMPARE(known, 28 * 28 - 225);
  // What is shown is that composite, and the original beside it.
  QCOMPARE(page->tile(2)->image(), floatImage(result.composite, {1, 28, 28}));
  QCOMPARE(page->tile(3)->image(), floatImage(original, {1, 28, 28}));
  QVERIFY(page->resultText().contains("Fill error"));
  // Undo removes the box; the strip follows.
  QVERIFY(page->canvas()->undo());
  page->updateResult();
  QCOMPARE(page->result().composite, original);
}

// Hundreds of gradient steps would freeze painting: they run on a worker, and a change made
// meanwhile (here a second box) is what the page ends up showing.
void PlaygroundTest::latentOptimisationRunsOffTheGuiThread() {
  InpaintPage* page = mPanel->inpaintPage();
  page->showSample(42);
  page->canvas()->clear();
  page->refinementsSpin()->setValue(0);
  page->latentStepsSpin()->setValue(200);
  page->applyRandomBox(5);
  page->updateResult();
  QVERIFY(page->isBusy());  // updateResult returned before the work was done
  QVERIFY(page->statusText().contains("Optimising"));
  page->applyRandomBox(15);  // newest mask wins
  page->updateResult();
  QVERIFY(waitUntil([&] { return !page->isBusy(); }, 30000));
  QVERIFY(page->hasResult());
  const InpaintMask& mask = page->canvas()->mask();
  QCOMPARE(page->canvas()->maskedCount(), 15 * 15);
  const std::vector<float>& original = page->original();
  for (std::size_t p = 0; p < original.size(); ++p)
    QCOMPARE(page->result().composite[p], mask[p] ? page->result().output[p] : original[p]);
  QCOMPARE(page->tile(2)->image(), floatImage(page->result().composite, {1, 28, 28}));
  page->latentStepsSpin()->setValue(0);
}

void PlaygroundTest::denoiseCaptionsAndTestSplitAverages() {
  mPanel->showPage(mPanel->denoisePage());
  DenoisePage* page = mPanel->denoisePage();
  page->setNoise(DenoisePage::Gaussian, 0.4, 0.1, 8);
  QCOMPARE(QString::fromStdString(page->corruption().toString()), QString("gaussian:0.4"));
  QCOMPARE(page->sampleRows(), 6);
  // It says what the model was trained for: this run saw clean inputs (it was never taught to denoise).
  QVERIFY2(page->statusText().contains("trained on clean inputs"), qPrintable(page->statusText()));
  QVERIFY(!page->statusText().contains("as in training"));
  for (int row = 0; row < page->sampleRows(); ++row) {
    const QString noisy = page->caption(row, 0), denoised = page->caption(row, 1);
    QVERIFY2(noisy.contains("PSNR") && noisy.contains("SNR") && noisy.contains("SSIM"), qPrintable(noisy));
    QVERIFY2(denoised.contains("PSNR") && denoised.contains("SSIM"), qPrintable(denoised));
    QVERIFY(!page->tile(row, 1)->image().isNull());
  }
  // The model removes most of strong Gaussian noise.
  double noisyMse = 0, denoisedMse = 0;
  for (int row = 0; row < page->sampleRows(); ++row) {
    noisyMse += captionMse(page->caption(row, 0));
    denoisedMse += captionMse(page->caption(row, 1));
  }
  QVERIFY2(denoisedMse < noisyMse, qPrintable(QString("%1 vs %2").arg(denoisedMse).arg(noisyMse)));

  page->setNoise(DenoisePage::GaussianOcclusion, 0.3, 0.1, 8);
  QCOMPARE(QString::fromStdString(page->corruption().toString()), QString("gaussian:0.3+occlude:8"));
  QTest::mouseClick(page->evaluateButton(), Qt::LeftButton);
  QVERIFY(page->task()->isBusy() || page->evaluation());
  QVERIFY(waitUntil([&] { return page->evaluation().has_value(); }, 60000));
  const SnapshotEvaluation& evaluation = *page->evaluation();
  QCOMPARE(evaluation.count, mSession->split().test.size());
  QVERIFY(evaluation.output.mse < evaluation.corrupted.mse);
  QVERIFY(evaluation.output.psnr > evaluation.corrupted.psnr);
  QCOMPARE(page->averagesTable()->item(0, 0)->text(), QString::number(evaluation.output.mse, 'f', 5));
  QCOMPARE(page->averagesTable()->item(1, 3)->text(), QString::number(evaluation.corrupted.ssim, 'f', 3));
  // Another noise level makes the averages stale.
  page->setNoise(DenoisePage::SaltPepper, 0.3, 0.2, 8);
  QVERIFY(!page->evaluation());
  QCOMPARE(page->averagesTable()->item(0, 0)->text(), QString("–"));
}

void PlaygroundTest::evaluationCancelsAtOnce() {
  DenoisePage* page = mPanel->denoisePage();
  QVERIFY(page->evaluateTestSplit());
  QSignalSpy cancelled(page->task(), &AsyncJob::cancelled);
  page->task()->cancel();
  QCOMPARE(cancelled.count(), 1);
  QVERIFY(!page->task()->isBusy());
  QVERIFY(page->evaluateButton()->isEnabled());
  page->task()->waitForFinished();
  QTest::qWait(50);
  QVERIFY(!page->evaluation());  // the cancelled result is dropped
}

void PlaygroundTest::anomalyScoresTwoSetsWithAucAndThreshold() {
  mPanel->showPage(mPanel->anomalyPage());
  AnomalyPage* page = mPanel->anomalyPage();
  // The outliers: the same kind of blobs, inverted (bright background), in an IDX folder.
  Dataset train = makeBlobDataset(200, {1, 28, 28}, 10, 11), test = makeBlobDataset(40, {1, 28, 28}, 10, 12);
  for (Dataset* set : {&train, &test})
    for (auto& pixel : set->pixels) pixel = std::uint8_t(255 - pixel);
  const auto folder = mDir / "inverted";
  std::filesystem::create_directories(folder);
  writeIdxFolder(folder, train, test, true);
  QVERIFY(!page->histogram()->legend->visible());  // no bars yet: no empty legend box
  page->datasetCombo()->setCurrentText(QString::fromStdString(folder.string()));
  page->limitSpin()->setValue(150);
  QTest::mouseClick(page->scoreButton(), Qt::LeftButton);
  QVERIFY(waitUntil([&] { return page->hasScores(); }, 60000));
  QVERIFY(page->outlierErrors().size() >= 140 && page->outlierErrors().size() <= 150);
  QCOMPARE(page->inlierErrors().size(), std::min<std::size_t>(150, mSession->split().test.size()));
  QVERIFY2(page->auc() > 0.9, qPrintable(QString::number(page->auc())));
  QCOMPARE(page->rocPlot()->title(), QString("ROC · AUC %1").arg(page->auc(), 0, 'f', 3));
  QCOMPARE(page->histogram()->barCount(), 2);
  QVERIFY(page->histogram()->legend->visible());
  QVERIFY(page->statusText().contains("AUC"));
  // The gallery: the twelve worst, worst first, from the inverted set.
  QCOMPARE(page->galleryCount(), 12);
  QVERIFY2(page->galleryCaption(0).contains("inverted"), qPrintable(page->galleryCaption(0)));
  QVERIFY(captionMse(page->galleryCaption(0)) >= captionMse(page->galleryCaption(11)));
  // The threshold slider moves the line and changes the rates.
  QSlider* slider = page->thresholdSlider();
  QVERIFY(slider->isEnabled());
  slider->setValue(0);
  QCOMPARE(page->rates().truePositiveRate, 1.0);
  QCOMPARE(page->rates().falsePositiveRate, 1.0);
  QCOMPARE(page->histogram()->threshold(), page->threshold());
  const QString lowText = page->ratesText();
  slider->setValue(slider->maximum());
  QVERIFY(page->rates().falsePositiveRate < 0.05);
  QVERIFY(page->rates().truePositiveRate < 1.0);
  QVERIFY(page->ratesText() != lowText);
  QCOMPARE(page->histogram()->threshold(), page->threshold());
  const ThresholdRates direct = ratesAtThreshold(page->inlierErrors(), page->outlierErrors(), page->threshold());
  QCOMPARE(page->rates().truePositiveRate, direct.truePositiveRate);

  // A name that is no dataset: a clear message, the page keeps working.
  page->datasetCombo()->setCurrentText(QString::fromStdString((mDir / "no-such-set").string()));
  QVERIFY(page->score());
  QVERIFY(waitUntil([&] { return !page->task()->isBusy(); }, 20000));
  QVERIFY2(page->statusText().contains("no-such-set"), qPrintable(page->statusText()));
  QVERIFY(page->scoreButton()->isEnabled());
}

void PlaygroundTest::drawingSetsTheProbeAndTheMapMarksIt() {
  mPanel->showPage(mPanel->drawPage());
  DrawPage* page = mPanel->drawPage();
  DrawPad* pad = page->pad();
  QCOMPARE(pad->canvasWidth(), 28);
  QVERIFY(!mSession->hasProbe());
  QVERIFY(waitUntil([&] { return page->referenceReady(); }, 60000));
  // A stroke with the mouse: a vertical bar, like a "1".
  QTest::mousePress(pad, Qt::LeftButton, Qt::NoModifier, pad->widgetPosition({14, 5}));
  for (int y = 6; y <= 23; ++y) QTest::mouseMove(pad, pad->widgetPosition({14, double(y)}));
  QTest::mouseRelease(pad, Qt::LeftButton, Qt::NoModifier, pad->widgetPosition({14, 23}));
  QVERIFY(!pad->isEmpty());
  // Soft brush: full ink on the stroke, partial ink at its rim, none far away.
  QCOMPARE(pad->ink()[std::size_t(14 * 28 + 14)], 1.0f);
  const float rim = pad->ink()[std::size_t(14 * 28 + 16)];
  QVERIFY2(rim > 0.0f && rim < 1.0f, qPrintable(QString::number(rim)));
  QCOMPARE(pad->ink()[std::size_t(14 * 28 + 2)], 0.0f);
  QVERIFY(waitUntil([&] { return mSession->hasProbe(); }, 2000));
  QCOMPARE(int(mSession->probeCode().size()), mSession->snapshot()->codeSize());
  QVERIFY(!page->reconstructionTile()->image().isNull());
  QVERIFY(page->drawingError() > 0);
  QVERIFY(page->errorPercentile() >= 0 && page->errorPercentile() <= 1);
  QVERIFY2(page->scoreText().contains("worse than"), qPrintable(page->scoreText()));
  QCOMPARE(page->nearestCount(), 6);
  QVERIFY(page->nearestCaption(0).contains("distance"));
  // The probe is the drawing encoded as MNIST's digits were made (fitted into 20x20, centred by mass).
  const std::vector<float> code = mSession->snapshot()->encode(normalizeLikeMnist(pad->ink(), 28).data(), 1);
  QCOMPARE(mSession->probeCode(), code);
  // The latent panel (which only knows the session) marks it where the map places it, with its
  // own symbol (a diamond in the map's legend), not the decode marker.
  const auto placed = mLatent->currentResult()->map->place(code.data());
  QVERIFY(mLatent->mapView()->probeVisible());
  QCOMPARE(mLatent->mapView()->probePosition(), QPointF(placed[0], placed[1]));
  QVERIFY(!mLatent->mapView()->markerVisible());
  QVERIFY(mLatent->mapView()->legend->visible());
  QCOMPARE(mLatent->state().currentCode().code, code);
  // Clearing the pad clears the probe and its mark.
  QTest::mouseClick(buttonNamed(page, "Clear"), Qt::LeftButton);
  QVERIFY(pad->isEmpty());
  QVERIFY(waitUntil([&] { return !mSession->hasProbe(); }, 2000));
  QVERIFY(!mLatent->mapView()->probeVisible());
}

void PlaygroundTest::screenshotPreparationsShowThePagesInUse() {
  // Denoise: the default noise, evaluated over the test split.
  QVERIFY(mPanel->prepareDenoiseScreenshot());
  QCOMPARE(mPanel->currentPage(), mPanel->denoisePage());
  QVERIFY(mPanel->isBusy() || mPanel->denoisePage()->evaluation());
  QVERIFY(waitUntil([&] { return !mPanel->isBusy(); }, 60000));
  QVERIFY(mPanel->denoisePage()->evaluation());
  QVERIFY(mPanel->denoisePage()->averagesTable()->item(0, 0)->text() != "–");

  // Anomaly: the inverted blobs written by the anomaly test, at most 60 of each set.
  QVERIFY(mPanel->prepareAnomalyScreenshot(QString::fromStdString((mDir / "inverted").string()), 60));
  QCOMPARE(mPanel->currentPage(), mPanel->anomalyPage());
  QVERIFY(waitUntil([&] { return !mPanel->isBusy(); }, 60000));
  QVERIFY(mPanel->anomalyPage()->hasScores());
  QCOMPARE(mPanel->anomalyPage()->inlierErrors().size(), std::min<std::size_t>(60, mSession->split().test.size()));
  // A set that cannot be loaded leaves no scores, and the panel idle.
  QVERIFY(mPanel->prepareAnomalyScreenshot(QString::fromStdString((mDir / "no-such-set").string()), 60));
  QVERIFY(waitUntil([&] { return !mPanel->isBusy(); }, 20000));
  QVERIFY(!mPanel->anomalyPage()->hasScores());

  // Draw: a stroke on the pad, encoded, scored and matched with its neighbours.
  mPanel->prepareDrawScreenshot();
  QCOMPARE(mPanel->currentPage(), mPanel->drawPage());
  QVERIFY(!mPanel->drawPage()->pad()->isEmpty());
  QVERIFY(mSession->hasProbe());
  QVERIFY(waitUntil([&] { return mPanel->drawPage()->nearestCount() == 6; }, 60000));
  QVERIFY2(mPanel->drawPage()->scoreText().contains("worse than"), qPrintable(mPanel->drawPage()->scoreText()));
  mPanel->drawPage()->pad()->clear();
  QVERIFY(waitUntil([&] { return !mSession->hasProbe(); }, 2000));
}

void PlaygroundTest::colorizeNeedsAColorizationModel() {
  mPanel->showPage(mPanel->colorizePage());
  ColorizePage* page = mPanel->colorizePage();
  QVERIFY(!page->isActive());
  QVERIFY(!page->content()->isEnabled());
  // It recommends a dataset that is installed here: CIFAR-10 if present, else colored MNIST.
  const bool cifar = DatasetCatalog().locate("cifar10").has_value();
  QVERIFY2(cifar ? page->hintText().contains("cifar-colorize-19167") && page->hintText().contains("cifar10")
                 : page->hintText().contains("colored-mnist-colorize") && page->hintText().contains("colored-mnist"),
           qPrintable(page->hintText()));
  QVERIFY(page->hintText().contains("1x28x28"));
  QVERIFY(!page->openPhoto("/nonexistent.png"));
  QVERIFY(mErrors->lastMessage().contains(cifar ? "cifar-colorize-19167" : "colored-mnist-colorize"));

  // A colorization model, briefly trained on color blobs, switches the page on.
  Session session;
  session.setPreset("cifar-colorize-19167");
  auto colors = std::make_shared<const Dataset>(makeBlobDataset(96, {3, 32, 32}, 10, 4));
  session.setDataset(colors, "color-blobs");
  ColorizePage active(&session, mErrors);
  QVERIFY(active.hintText().contains("Train a model or open a run first"));
  // A hidden page waits with its refresh until it is shown (nothing runs while it is hidden).
  active.show();
  session.setSnapshot(trainSnapshot(session.spec(), session.config(), colors, 1));
  QVERIFY(active.isActive());
  QVERIFY(active.content()->isEnabled());
  QVERIFY(!active.tile(0, 0)->image().isNull());
  QVERIFY(active.tile(0, 0)->image().isGrayscale());
  QCOMPARE(active.tile(0, 1)->image().format(), QImage::Format_RGB888);
  QCOMPARE(active.tile(0, 1)->image().size(), QSize(32, 32));
  // A photo of another size becomes a colorized 32x32 image.
  const QString photo = QString::fromStdString((mDir / "photo.png").string());
  QImage big(200, 120, QImage::Format_RGB32);
  big.fill(QColor(200, 80, 40));
  QVERIFY(big.save(photo));
  QVERIFY(active.openPhoto(photo));
  QCOMPARE(active.photoTile(2)->image().size(), QSize(32, 32));
  QCOMPARE(active.photoTile(0)->image().size(), QSize(200, 120));
  // Screenshot mode shows a colorization run on this page, not on Inpaint.
  PlaygroundPanel panel(&session, mErrors);
  panel.prepareScreenshot();
  QCOMPARE(panel.currentPage(), static_cast<QWidget*>(panel.colorizePage()));
}

// New weights arrive every epoch; a page that is not on screen runs no model until it is shown.
void PlaygroundTest::hiddenPagesRefreshOnlyWhenShown() {
  QWidget page;
  int refreshes = 0;
  RefreshWhenShown refresh(&page, [&] { ++refreshes; });
  refresh.request();
  refresh.request();
  QCOMPARE(refreshes, 0);
  QVERIFY(refresh.isPending());
  page.show();
  QCOMPARE(refreshes, 1);  // once, however many requests waited
  QVERIFY(!refresh.isPending());
  refresh.request();  // visible: at once
  QCOMPARE(refreshes, 2);
  page.hide();
  page.show();
  QCOMPARE(refreshes, 2);  // nothing was pending
}

QTEST_MAIN(PlaygroundTest)
#include "playground_test.moc"
