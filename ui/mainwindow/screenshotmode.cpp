#include "mainwindow/screenshotmode.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "latent/dimensionsliders.h"
#include "latent/interpolationview.h"
#include "latent/latentmapview.h"
#include "latent/latentpanel.h"
#include "latent/latentstats.h"
#include "mainwindow/mainwindow.h"
#include "playground/anomalypage.h"
#include "playground/denoisepage.h"
#include "playground/drawpad.h"
#include "playground/drawpage.h"
#include "playground/playgroundpanel.h"
#include "session/datasetloader.h"
#include "session/session.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"

#include <QCoreApplication>
#include <QSlider>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace latentlab {

ScreenshotMode::ScreenshotMode(MainWindow* window, ScreenshotOptions options)
    : QObject(window), mWindow(window), mOptions(std::move(options)) {}

void ScreenshotMode::start() {
  connect(mWindow->datasetLoader(), &DatasetLoader::failed, this, [this](const QString& name, const QString& message) {
    fail(tr("cannot open dataset %1: %2").arg(name, message));
  });
  connect(mWindow->errorReporter(), &ErrorReporter::reported, this, [this](const QString& message) { fail(message); });
  if (mWindow->session()->dataset() && !mWindow->datasetLoader()->isLoading()) {
    onDatasetReady();
  } else {
    connect(mWindow->session(), &Session::datasetChanged, this, &ScreenshotMode::onDatasetReady);
  }
}

void ScreenshotMode::onDatasetReady() {
  if (mStarted) return;
  mStarted = true;
  if (!mOptions.runDir.isEmpty()) {
    if (!mWindow->openRun(mOptions.runDir)) return;  // openRun reported the reason
    mWindow->runOpening()->waitForFinished();        // its weights and settings, before any picture
  }
  if (mOptions.trainEpochs > 0) {
    TrainConfig config = mWindow->session()->config();
    config.epochs = mOptions.trainEpochs + 1;  // still training when the picture is taken
    mWindow->session()->setConfig(config);
    // Capture a third of the way into the next epoch: curves, film rows and a live progress bar.
    connect(mWindow->trainingController(), &TrainingController::batchReported, this, [this](const BatchStats& stats) {
      if (stats.epoch > mOptions.trainEpochs && stats.step * 3 >= stats.stepsPerEpoch) requestCapture();
    });
    connect(mWindow->trainingController(), &TrainingController::finished, this, &ScreenshotMode::requestCapture);
    mWindow->tabs()->setCurrentWidget(mWindow->trainingPanel());
    if (!mWindow->trainingPanel()->startTraining()) fail(tr("training could not start"));
    return;
  }
  // Let the Data tab's statistics and thumbnails arrive first.
  QTimer::singleShot(1500, this, &ScreenshotMode::requestCapture);
}

void ScreenshotMode::requestCapture() {
  if (mCaptureRequested) return;  // one waiting chain, however many events ask
  mCaptureRequested = true;
  QTimer::singleShot(200, this, &ScreenshotMode::capture);
}

void ScreenshotMode::capture() {
  if (mCaptured || !mWritten.isEmpty()) return;
  // Every tab but the latent map right away (training is still running), then the
  // Playground pages in use, then the map once its background computation for the
  // newest weights is done (at most a minute).
  QStringList others = mWindow->panelIds();
  others.removeAll("latent");
  // The Playground in use: a sample with a random 15x15 hole, filled by the model.
  mWindow->playgroundPanel()->prepareScreenshot();
  mWritten = mWindow->saveScreenshots(mOptions.outputDir, others);
  if (mWindow->trainingController()->isRunning()) mWindow->trainingController()->pause();
  captureDenoise();
}

void ScreenshotMode::waitFor(std::function<bool()> done, int timeoutMs, std::function<void(bool)> next) {
  if (mCaptured) return;  // failed meanwhile
  if (done()) return next(true);
  if (timeoutMs <= 0) return next(false);
  QTimer::singleShot(250, this, [this, done = std::move(done), timeoutMs, next = std::move(next)]() mutable {
    waitFor(std::move(done), timeoutMs - 250, std::move(next));
  });
}

void ScreenshotMode::savePlayground(const QString& fileName) {
  const QString path = mWindow->saveScreenshot(mOptions.outputDir, "playground", fileName);
  if (path.isEmpty())
    warn(tr("could not write %1").arg(fileName));
  else
    mWritten << path;
}

void ScreenshotMode::captureDenoise() {
  PlaygroundPanel* playground = mWindow->playgroundPanel();
  mWindow->tabs()->setCurrentWidget(playground);  // the pages lay out and update as a user would see them
  if (!playground->prepareDenoiseScreenshot()) {
    warn(tr("the denoising evaluation could not start; no playground-denoise.png"));
    return captureAnomaly();
  }
  waitFor([playground] { return !playground->isBusy(); }, 60000,
          [this, playground](bool) {
            if (playground->denoisePage()->evaluation())
              savePlayground("playground-denoise.png");
            else
              warn(tr("the denoising evaluation did not finish in 60 s; no playground-denoise.png"));
            captureAnomaly();
          });
}

void ScreenshotMode::captureAnomaly() {
  PlaygroundPanel* playground = mWindow->playgroundPanel();
  // Outliers the model never saw: the other of the two 28x28 gray sets.
  const QString other = mWindow->session()->datasetName() == "mnist" ? "fashion-mnist" : "mnist";
  if (!playground->prepareAnomalyScreenshot(other, 1000)) {
    warn(tr("anomaly scoring could not start; no playground-anomaly.png"));
    return captureDraw();
  }
  waitFor([playground] { return !playground->isBusy(); }, 90000,
          [this, playground](bool) {
            AnomalyPage* page = playground->anomalyPage();
            if (page->hasScores()) {
              savePlayground("playground-anomaly.png");
            } else {
              // E.g. fashion-mnist not installed: the README picture is optional.
              warn(tr("no playground-anomaly.png: %1").arg(page->statusText()));
              page->task()->cancel();
            }
            captureDraw();
          });
}

void ScreenshotMode::captureDraw() {
  PlaygroundPanel* playground = mWindow->playgroundPanel();
  const ModelSnapshotPtr model = mWindow->session()->snapshot();
  if (model && model->outputShape() != model->inputShape()) {  // the page scores reconstructions
    warn(tr("a colorization model has nothing for the Draw page; no playground-draw.png"));
    mWindow->tabs()->setCurrentWidget(mWindow->trainingPanel());
    return captureLatent();
  }
  playground->prepareDrawScreenshot();
  // The neighbours appear once the test split is encoded (the page then re-encodes the drawing).
  waitFor([playground] { return playground->drawPage()->nearestCount() > 0; }, 60000,
          [this, playground](bool done) {
            if (done)
              savePlayground("playground-draw.png");
            else
              warn(tr("the test split was not encoded in 60 s; no playground-draw.png"));
            // Clear the drawing again: it is the session's probe, which the latent map would mark.
            playground->drawPage()->pad()->clear();
            playground->drawPage()->updateFromPad();
            mWindow->tabs()->setCurrentWidget(mWindow->trainingPanel());
            captureLatent();
          });
}

void ScreenshotMode::captureLatent() {
  if (mCaptured) return;
  LatentPanel* latent = mWindow->latentPanel();
  const bool mapPending = latent->mapJob()->isBusy() || (mWindow->session()->snapshot() && !latent->currentResult());
  if (mapPending && mWaitedMs < 60000) {
    mWaitedMs += 250;
    QTimer::singleShot(250, this, &ScreenshotMode::captureLatent);
    return;
  }
  mCaptured = true;
  // Show the latent tab in use: decode between the 4 and 9 clusters, as a user would click.
  double x = 0, y = 0;
  if (latent->classMidpoint(4, 9, x, y)) latent->decodeAt(x, y);
  mWritten += mWindow->saveScreenshots(mOptions.outputDir, {"latent"});
  captureLatentTools();
  for (const auto& path : mWritten) std::fprintf(stdout, "%s\n", qPrintable(path));
  mWindow->trainingController()->stop();
  mWindow->trainingController()->waitForFinished(-1);
  QCoreApplication::exit(mWritten.isEmpty() ? 1 : 0);
}

// The map's side tools in use, after latent.png (which shows the Inspect tab).
void ScreenshotMode::captureLatentTools() {
  LatentPanel* latent = mWindow->latentPanel();
  const MapResultPtr result = latent->currentResult();
  if (!result) return warn(tr("no latent map; no latent-interpolate.png or latent-sliders.png"));
  // A 1 morphing into a 7: two classes close enough that every step looks like a digit.
  const long one = latent->firstRowOfClass(1), seven = latent->firstRowOfClass(7);
  if (latent->interpolateBetweenItems(one, seven, 9)) {
    latent->interpolation()->job()->waitForFinished();  // the strip is decoded off the GUI thread
    const QString path = mWindow->saveScreenshot(mOptions.outputDir, "latent", "latent-interpolate.png");
    if (path.isEmpty())
      warn(tr("could not write latent-interpolate.png"));
    else
      mWritten << path;
  } else {
    warn(tr("the map has no 1 or no 7; no latent-interpolate.png"));
  }
  latent->mapView()->setPath({});  // the next picture is about the sliders alone

  // Inspect a 3, then drag the dimension the data spreads most along to its far end,
  // so the decoded image visibly leaves the 3 (a dead dimension would change nothing).
  const long three = latent->firstRowOfClass(3);
  if (three < 0) return warn(tr("the map has no 3; no latent-sliders.png"));
  latent->selectItem(three);
  DimensionSliders* sliders = latent->sliders();
  const std::vector<DimensionRange> ranges = dimensionRanges(*result->codes);
  int widest = 0;
  for (int d = 1; d < std::min(int(ranges.size()), sliders->sliderCount()); ++d)
    if (ranges[std::size_t(d)].high - ranges[std::size_t(d)].low >
        ranges[std::size_t(widest)].high - ranges[std::size_t(widest)].low)
      widest = d;
  if (widest < sliders->sliderCount()) {
    QSlider* slider = sliders->slider(widest);
    slider->setValue(slider->value() < (slider->minimum() + slider->maximum()) / 2 ? slider->maximum()
                                                                                   : slider->minimum());
  }
  latent->showSideTab(sliders);
  sliders->traversalJob()->waitForFinished();  // the grid is decoded off the GUI thread
  const QString path = mWindow->saveScreenshot(mOptions.outputDir, "latent", "latent-sliders.png");
  if (path.isEmpty())
    warn(tr("could not write latent-sliders.png"));
  else
    mWritten << path;
}

void ScreenshotMode::warn(const QString& message) {
  std::fprintf(stderr, "latentlab: screenshot warning: %s\n", qPrintable(message));
}

void ScreenshotMode::fail(const QString& message) {
  if (mCaptured) return;
  mCaptured = true;
  std::fprintf(stderr, "latentlab: screenshot failed: %s\n", qPrintable(message));
  mWindow->trainingController()->stop();
  mWindow->trainingController()->waitForFinished(-1);
  QCoreApplication::exit(1);
}

}  // namespace latentlab
