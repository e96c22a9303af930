#include "mainwindow/screenshotmode.h"

#include "common/errorreporter.h"
#include "latent/latentpanel.h"
#include "mainwindow/mainwindow.h"
#include "playground/playgroundpanel.h"
#include "session/datasetloader.h"
#include "session/session.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"

#include <QCoreApplication>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace latentlab {

ScreenshotMode::ScreenshotMode(MainWindow* window, ScreenshotOptions options)
    : QObject(window), mWindow(window), mOptions(std::move(options)) {}

void ScreenshotMode::start() {
  connect(mWindow->datasetLoader(), &DatasetLoader::failed, this,
          [this](const QString& name, const QString& message) { fail(tr("cannot open dataset %1: %2").arg(name, message)); });
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
  if (!mOptions.runDir.isEmpty() && !mWindow->openRun(mOptions.runDir)) return;  // openRun reported the reason
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
  if (mCaptured) return;
  // Every tab but the latent map right away (training is still running), then the map
  // once its background computation for the newest weights is done (at most a minute).
  if (mWritten.isEmpty()) {
    QStringList others = mWindow->panelIds();
    others.removeAll("latent");
    // The Playground in use: a sample with a random 15x15 hole, filled by the model.
    mWindow->playgroundPanel()->prepareScreenshot();
    mWritten = mWindow->saveScreenshots(mOptions.outputDir, others);
    if (mWindow->trainingController()->isRunning()) mWindow->trainingController()->pause();
  }
  LatentPanel* latent = mWindow->latentPanel();
  const bool mapPending = latent->computation()->isRunning() ||
                          (mWindow->session()->snapshot() && !latent->currentResult());
  if (mapPending && mWaitedMs < 60000) {
    mWaitedMs += 250;
    QTimer::singleShot(250, this, &ScreenshotMode::capture);
    return;
  }
  mCaptured = true;
  // Show the latent tab in use: decode between the 4 and 9 clusters, as a user would click.
  double x = 0, y = 0;
  if (latent->classMidpoint(4, 9, x, y)) latent->decodeAt(x, y);
  mWritten += mWindow->saveScreenshots(mOptions.outputDir, {"latent"});
  for (const auto& path : mWritten) std::fprintf(stdout, "%s\n", qPrintable(path));
  mWindow->trainingController()->stop();
  mWindow->trainingController()->waitForFinished(-1);
  QCoreApplication::exit(mWritten.isEmpty() ? 1 : 0);
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
