#include "training/trainingpanel.h"
#include "common/usermessage.h"

#include "common/errorreporter.h"
#include "common/paths.h"
#include "run/filmstrip.h"
#include "run/runfolder.h"
#include "train/modelfit.h"
#include "training/ganchartsview.h"
#include "training/ganlosschart.h"
#include "training/losschart.h"
#include "training/metricschart.h"
#include "training/openedrunview.h"
#include "training/reconstructionfilm.h"
#include "training/trainingcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>
#include <map>

namespace latentlab {

namespace {
QString durationText(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("–");
  const long long total = std::llround(seconds);
  if (total >= 3600)
    return QString("%1:%2:%3")
        .arg(total / 3600)
        .arg(total / 60 % 60, 2, 10, QChar('0'))
        .arg(total % 60, 2, 10, QChar('0'));
  return QString("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QChar('0'));
}

QString withSeparators(double value) {
  return QLocale::system().toString(std::llround(value));
}

ImageShape imageShapeOf(const FeatureShape& shape) {
  return {shape.channels, shape.height, shape.width};
}

// The class histogram's labels: the loaded dataset's class names (it numbers them when
// they do not match the run's classes).
QStringList classNamesOf(const DatasetPtr& dataset) {
  QStringList names;
  if (dataset)
    for (const auto& name : dataset->classNames) names << QString::fromStdString(name);
  return names;
}
}  // namespace

static QString epochCount(int epochs) {
  return epochs == 1 ? QObject::tr("1 epoch") : QObject::tr("%1 epochs").arg(epochs);
}

QString newRunFolder(const QString& presetName, const QString& datasetName) {
  QString dataset = QFileInfo(datasetName).fileName();
  if (dataset.isEmpty()) dataset = datasetName;
  QString stem = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss") + "-" +
                 (presetName.isEmpty() ? QStringLiteral("custom") : presetName) + "-" + dataset;
  stem.replace(QRegularExpression("[^A-Za-z0-9._-]"), "_");
  const QDir runs(QString::fromStdString(defaultRunsDir().string()));
  QString path = runs.filePath(stem);
  for (int suffix = 2; QFileInfo::exists(path); ++suffix) path = runs.filePath(stem + "-" + QString::number(suffix));
  return path;
}

TrainingPanel::TrainingPanel(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent)
    : Panel(parent), mSession(session), mController(controller), mErrors(errors) {
  mStart = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Train"), this);
  mStart->setShortcut(Qt::Key_F5);
  mStart->setToolTip(tr("Train a new run with the side panel's settings (F5)"));
  mResume = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("&Continue run"), this);
  mResume->setShortcut(Qt::CTRL | Qt::Key_F5);
  mResume->setToolTip(tr("Continue the opened run from its checkpoint, up to the epochs set in the side panel"));
  mPause = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
  mPause->setShortcut(Qt::Key_F6);
  mPause->setToolTip(tr("Pause or resume after the current batch (F6)"));
  mStop = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
  mStop->setShortcut(Qt::SHIFT | Qt::Key_F5);
  mStop->setToolTip(tr("Stop after the current batch; the checkpoint keeps the finished epochs (Shift+F5)"));
  connect(mStart, &QAction::triggered, this, [this] { startTraining(false); });
  connect(mResume, &QAction::triggered, this, [this] { startTraining(true); });
  connect(mPause, &QAction::triggered, this, [this] {
    if (mController->isPaused())
      mController->resume();
    else
      mController->pause();
  });
  connect(mStop, &QAction::triggered, mController, &TrainingController::stop);

  // Controls row (Train, Continue, Pause and Stop are on the window's toolbar, above every tab).
  auto* controls = new QHBoxLayout;
  mLogScale = new QCheckBox(tr("Log scale"));
  mLogScale->setToolTip(tr("Logarithmic loss axis: shows late, small improvements"));
  controls->addWidget(mLogScale);
  controls->addWidget(new QLabel(tr("Smoothing")));
  mSmoothing = new QSlider(Qt::Horizontal);
  mSmoothing->setRange(0, 99);
  mSmoothing->setFixedWidth(110);
  mSmoothing->setToolTip(tr("Exponential smoothing of the batch loss line"));
  controls->addWidget(mSmoothing);
  auto* autoscale = new QPushButton(tr("Autoscale"));
  autoscale->setToolTip(tr("Fit both plots to their data (or double-click a plot)"));
  controls->addWidget(autoscale);
  mRunLabel = new QLabel;
  // A long run name never widens the window: it is cut at the panel's edge (the tooltip has it all).
  mRunLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  mRunLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  mRunLabel->setTextInteractionFlags(Qt::TextBrowserInteraction);
  mRunLabel->setOpenExternalLinks(false);
  connect(mRunLabel, &QLabel::linkActivated, this,
          [](const QString& link) { QDesktopServices::openUrl(QUrl::fromLocalFile(link)); });
  controls->addWidget(mRunLabel, 1);

  mBanner = new QLabel;
  mBanner->setWordWrap(true);
  mBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mBanner->hide();

  mProgress = new QProgressBar;
  mProgress->setRange(0, 1000);
  mProgress->setValue(0);
  mProgress->setTextVisible(false);
  mProgress->setMaximumHeight(14);
  mProgressText = new QLabel(tr("Ready: press Train (F5) to train the model on the dataset."));
  // Long status lines must never widen the window.
  mProgressText->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

  mLoss = new LossChart;
  mMetrics = new MetricsChart;
  auto* plots = new QSplitter(Qt::Vertical);
  plots->addWidget(mLoss);
  plots->addWidget(mMetrics);
  plots->setStretchFactor(0, 3);
  plots->setStretchFactor(1, 2);
  mAutoencoderPlots = plots;
  mGan = new GanChartsView;
  // One of the two sets of plots at a time, chosen by the run's model kind.
  mPlotStack = new QStackedWidget;
  mPlotStack->addWidget(plots);
  mPlotStack->addWidget(mGan);

  mFilm = new ReconstructionFilm;
  mFilmScroll = new QScrollArea;
  mFilmScroll->setWidget(mFilm);
  mFilmScroll->setWidgetResizable(true);
  mFilmScroll->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
  auto* filmBox = new QWidget;
  auto* filmLayout = new QVBoxLayout(filmBox);
  filmLayout->setContentsMargins(0, 0, 0, 0);
  mFilmTitle = new QLabel;
  mFilmTitle->setWordWrap(true);
  filmLayout->addWidget(mFilmTitle);
  filmLayout->addWidget(mFilmScroll, 1);

  auto* body = new QSplitter(Qt::Horizontal);
  body->addWidget(mPlotStack);
  body->addWidget(filmBox);
  body->setStretchFactor(0, 3);
  body->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(mBanner);
  layout->addWidget(mProgress);
  layout->addWidget(mProgressText);
  layout->addWidget(body, 1);

  mSmoothing->setValue(int(std::lround(mLoss->smoothing() * 100)));
  mGan->lossChart()->setSmoothing(mLoss->smoothing());
  connect(mSmoothing, &QSlider::valueChanged, this, [this](int value) {
    mLoss->setSmoothing(value / 100.0);
    mGan->lossChart()->setSmoothing(value / 100.0);
  });
  connect(mLogScale, &QCheckBox::toggled, mLoss, &LossChart::setLogScale);
  connect(mLogScale, &QCheckBox::toggled, mGan->lossChart(), &GanLossChart::setLogScale);
  connect(autoscale, &QPushButton::clicked, this, [this] {
    mGan->rescaleToData();
    mLoss->rescaleToData();
    mMetrics->rescaleAxes();
    mMetrics->replot();
  });

  connect(mController, &TrainingController::started, this, &TrainingPanel::onStarted);
  connect(mController, &TrainingController::batchReported, this, &TrainingPanel::onBatch);
  connect(mController, &TrainingController::epochFinished, this, &TrainingPanel::onEpoch);
  connect(mController, &TrainingController::finished, this, &TrainingPanel::onFinished);
  connect(mController, &TrainingController::failed, this, &TrainingPanel::onFailed);
  connect(mController, &TrainingController::pausedChanged, this, &TrainingPanel::onPausedChanged);
  connect(mController, &TrainingController::sweepStarted, this, [this] {
    clearView();
    setRunning(true);
    mProgressText->setText(tr("Starting the sweep…"));
  });
  connect(mController, &TrainingController::sweepProgressed, this, &TrainingPanel::onSweepProgress);
  connect(mController, &TrainingController::sweepFinished, this, &TrainingPanel::onSweepFinished);
  connect(mController, &TrainingController::message, this,
          [this](const QString& text) { mProgressText->setText(text); });
  connect(mSession, &Session::runChanged, this, &TrainingPanel::updateActions);
  connect(mSession, &Session::datasetChanged, this, &TrainingPanel::updateActions);
  updateActions();
  setGanMode(false);
  // The empty state says what to do first.
  showBanner(tr("Nothing trained yet. Press <b>Train</b> (F5) to train the model chosen in the side panel on its "
                "dataset: the loss curves and a reconstruction film of fixed validation images fill in here, epoch "
                "by epoch. Or open an earlier run with File &gt; Open run (Ctrl+Shift+O)."),
             false);
}

QCustomPlot* TrainingPanel::exportablePlot() {
  return mGanMode ? static_cast<QCustomPlot*>(mGan->lossChart()) : mLoss;
}

void TrainingPanel::setGanMode(bool gan) {
  mGanMode = gan;
  mPlotStack->setCurrentWidget(gan ? static_cast<QWidget*>(mGan) : mAutoencoderPlots);
  mFilm->setSamplesFilm(gan);
  mFilmTitle->setText(gan ? tr("<b>Sample film</b>: the same fixed latent vectors z, one row of samples per epoch")
                          : tr("<b>Reconstruction film</b>: fixed validation images on top, one row per epoch"));
  if (gan) mGan->setClassNames(classNamesOf(mSession->dataset()));
}

QString TrainingPanel::progressText() const {
  return mProgressText->text();
}
QString TrainingPanel::bannerText() const {
  return mBanner->isVisible() || !mBanner->isHidden() ? mBanner->text() : QString();
}
int TrainingPanel::progressValue() const {
  return mProgress->value();
}

void TrainingPanel::updateActions() {
  const bool hasData = mSession->dataset() != nullptr;
  mStart->setEnabled(!mRunning && hasData);
  const bool resumable =
      !mSession->runDir().isEmpty() && QFileInfo::exists(QDir(mSession->runDir()).filePath("checkpoint.pt"));
  mResume->setEnabled(!mRunning && hasData && resumable);
  mPause->setEnabled(mRunning);
  mStop->setEnabled(mRunning);
  const QString dir = mSession->runDir();
  mRunLabel->setText(
      dir.isEmpty()
          ? QString()
          : tr("Run: <a href=\"%1\">%2</a>").arg(dir.toHtmlEscaped(), QFileInfo(dir).fileName().toHtmlEscaped()));
  mRunLabel->setToolTip(dir.isEmpty() ? QString() : tr("Open the run folder %1").arg(dir));
}

void TrainingPanel::setRunning(bool running) {
  mRunning = running;
  if (!running) {
    mPause->setText(tr("&Pause"));
    mPause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
  }
  updateActions();
  Q_EMIT runningChanged(running);
}

void TrainingPanel::showBanner(const QString& text, bool error) {
  mBanner->setText(text);
  mBanner->setStyleSheet(
      error ? "QLabel { background: #fde2e1; color: #7a1712; border: 1px solid #e0a09b; padding: 6px; }"
            : "QLabel { background: #e6f0fb; color: #17375e; border: 1px solid #a9c4e4; padding: 6px; }");
  mBanner->setVisible(!text.isEmpty());
}

void TrainingPanel::clearView() {
  mLoss->clearData();
  mMetrics->clearData();
  mGan->clearData();
  mFilm->clear();
  mProgress->setValue(0);
  showBanner({}, false);
}

bool TrainingPanel::startTraining(bool resume) {
  if (mController->isRunning()) return false;
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) {
    mErrors->report(tr("No dataset"),
                    tr("Load a dataset first: pick one in the side panel or use File > Open dataset folder."));
    return false;
  }
  TrainingJob job;
  job.spec = mSession->spec();
  job.config = mSession->config();
  job.config.dataset = mSession->datasetName().toStdString();
  job.dataset = dataset;
  job.resume = resume;
  try {
    validateTrainConfig(job.config);
    checkModelFitsDataset(job.spec, *dataset);
  } catch (...) {
    mErrors->report(tr("Cannot train"), currentErrorMessage());
    return false;
  }
  if (resume) {
    job.runDir = mSession->runDir().toStdString();  // its history is on screen since it was opened
  } else {
    job.runDir = newRunFolder(mSession->presetName(), mSession->datasetName()).toStdString();
    clearView();
  }
  setGanMode(job.spec.isGan());
  mEpochs = job.config.epochs;
  mProgressText->setText(tr("Starting: preparing batches and the model…"));
  setRunning(true);
  mController->start(std::move(job));
  return true;
}

void TrainingPanel::onStarted(const QString& runDir) {
  if (mController->isSweeping()) {
    // A sweep's next run: its own curves and film. The session keeps its run: the sweep's
    // models are not the Model tab's, and are opened from the Experiments tab.
    clearView();
    Q_EMIT stateTextChanged(tr("Sweep"));
    return;
  }
  mSession->setRunDir(runDir);
  Q_EMIT stateTextChanged(tr("Training"));
}

void TrainingPanel::onBatch(const BatchStats& stats) {
  if (stats.stepsPerEpoch <= 0) return;
  const double epochPosition = (stats.epoch - 1) + double(stats.step) / stats.stepsPerEpoch;
  // A sweep's runs (and any run the panel did not start) tell their kind by their figures.
  if (stats.gan.isMeasured() != mGanMode) setGanMode(stats.gan.isMeasured());
  if (stats.epochs > 0) mProgress->setValue(int(std::lround(1000.0 * epochPosition / stats.epochs)));
  if (mGanMode) {
    mGan->addBatch(epochPosition, stats.gan);
    mProgressText->setText(tr("Epoch %1 of %2 · step %3 of %4 · G loss %5 · D loss %6 · %7 images/s · ETA %8")
                               .arg(stats.epoch)
                               .arg(stats.epochs)
                               .arg(stats.step)
                               .arg(stats.stepsPerEpoch)
                               .arg(stats.gan.generatorLoss, 0, 'g', 4)
                               .arg(stats.gan.discriminatorLoss, 0, 'g', 4)
                               .arg(withSeparators(stats.imagesPerSecond))
                               .arg(durationText(stats.etaSeconds)));
    return;
  }
  mLoss->addBatch(epochPosition, stats.loss);
  mProgressText->setText(tr("Epoch %1 of %2 · step %3 of %4 · loss %5 · %6 images/s · ETA %7")
                             .arg(stats.epoch)
                             .arg(stats.epochs)
                             .arg(stats.step)
                             .arg(stats.stepsPerEpoch)
                             .arg(stats.loss, 0, 'g', 4)
                             .arg(withSeparators(stats.imagesPerSecond))
                             .arg(durationText(stats.etaSeconds)));
}

void TrainingPanel::onEpoch(const EpochStats& stats, const FilmFrame& film, const ModelSnapshotPtr& snapshot) {
  if (stats.gan.isMeasured() != mGanMode) setGanMode(stats.gan.isMeasured());
  if (mGanMode) {
    mGan->addEpoch(stats);
  } else {
    mLoss->addEpoch(stats.epoch, stats.trainLoss, stats.validationLoss);
    if (stats.validation.count > 0) mMetrics->addEpoch(stats.epoch, stats.validation.psnr, stats.validation.ssim);
  }
  if (film.count > 0) mFilm->addFrame(film);
  // Follow the newest row of the film.
  QMetaObject::invokeMethod(
      this, [this] { mFilmScroll->ensureVisible(0, mFilm->height(), 0, 0); }, Qt::QueuedConnection);
  // A sweep's runs are not the session's run: the Latent map and Playground keep theirs (and
  // their replay history) instead of hopping from model to model; sweep runs are explored
  // from the Experiments tab (compare, linked maps) or opened.
  if (snapshot && !mController->isSweeping()) mSession->setSnapshot(snapshot);
  if (stats.epochs > 0) mProgress->setValue(int(std::lround(1000.0 * stats.epoch / stats.epochs)));
  if (mGanMode) {
    onGanEpoch(stats);
    return;
  }
  mProgressText->setText(
      tr("Epoch %1 of %2 done · train loss %3 · validation loss %4 · PSNR %5 dB · %6 images/s · ETA %7")
          .arg(stats.epoch)
          .arg(stats.epochs)
          .arg(stats.trainLoss, 0, 'g', 4)
          .arg(stats.validationLoss, 0, 'g', 4)
          .arg(stats.validation.psnr, 0, 'f', 2)
          .arg(withSeparators(stats.imagesPerSecond))
          .arg(durationText(stats.etaSeconds)));
}

void TrainingPanel::onGanEpoch(const EpochStats& stats) {
  mProgressText->setText(
      tr("Epoch %1 of %2 done · G loss %3 · D loss %4 · D(x) %5 · D(G(z)) %6 · domain FID %7 · %8 images/s · ETA %9")
          .arg(stats.epoch)
          .arg(stats.epochs)
          .arg(stats.gan.generatorLoss, 0, 'g', 4)
          .arg(stats.gan.discriminatorLoss, 0, 'g', 4)
          .arg(stats.gan.realScore, 0, 'f', 2)
          .arg(stats.gan.fakeScore, 0, 'f', 2)
          .arg(stats.fid, 0, 'f', 1)
          .arg(withSeparators(stats.imagesPerSecond))
          .arg(durationText(stats.etaSeconds)));
}

void TrainingPanel::onFinished(const TrainingResult& result) {
  setRunning(false);
  const QString message = userText(result.message);  // settings named as the Settings panel names them
  switch (result.status) {
    case TrainingStatus::Finished:
      mProgress->setValue(1000);
      // A GAN's best epoch is the one with the lowest domain FID (the trainer judges it by that).
      mProgressText->setText((mGanMode ? tr("Finished %1 · lowest domain FID %2 at epoch %3")
                                       : tr("Finished %1 · best validation loss %2 at epoch %3"))
                                 .arg(epochCount(result.epochsCompleted))
                                 .arg(result.bestValidationLoss, 0, 'g', 4)
                                 .arg(result.bestEpoch));
      if (!message.isEmpty()) showBanner(message, false);
      break;
    case TrainingStatus::EarlyStopped:
      mProgressText->setText(tr("Stopped early after %1").arg(epochCount(result.epochsCompleted)));
      showBanner(message, false);
      break;
    case TrainingStatus::Cancelled:
      mProgressText->setText(result.epochsCompleted == 0
                                 ? tr("Stopped before the first epoch finished; nothing was saved but the settings.")
                                 : tr("Stopped after %1; Continue run picks it up from the checkpoint.")
                                       .arg(result.epochsCompleted == 1
                                                ? tr("1 finished epoch")
                                                : tr("%1 finished epochs").arg(result.epochsCompleted)));
      break;
    case TrainingStatus::Diverged:
      mProgressText->setText(tr("Diverged: training stopped"));
      showBanner(tr("<b>The loss diverged.</b> %1").arg(message.toHtmlEscaped()), true);
      break;
  }
  Q_EMIT stateTextChanged(QString::fromStdString(statusName(result.status)));
}

void TrainingPanel::onFailed(const QString& message) {
  setRunning(false);
  mProgressText->setText(tr("Training could not run."));
  showBanner(tr("<b>Training failed.</b> %1").arg(message.toHtmlEscaped()), true);
  mErrors->report(tr("Training failed"), message);
  Q_EMIT stateTextChanged(tr("Failed"));
}

void TrainingPanel::onSweepProgress(const SweepProgress& progress) {
  if (progress.current < 0) return;
  const SweepRun& run = progress.plan.runs[std::size_t(progress.current)];
  showBanner(tr("<b>Grid search</b> %1: run %2 of %3, <b>%4</b> · %5 done · %6 % of the sweep · results in the "
                "Experiments tab (Ctrl+6)")
                 .arg(QString::fromStdString(progress.plan.name).toHtmlEscaped())
                 .arg(progress.current + 1)
                 .arg(progress.totalRuns)
                 .arg(QString::fromStdString(run.name).toHtmlEscaped())
                 .arg(progress.finishedRuns)
                 .arg(int(std::lround(progress.fraction * 100))),
             false);
}

void TrainingPanel::onSweepFinished(const SweepResult& result) {
  setRunning(false);
  const QString best =
      result.best >= 0 ? QString::fromStdString(result.plan.runs[std::size_t(result.best)].name) : tr("none");
  if (result.cancelled) {
    mProgressText->setText(
        tr("Sweep stopped after %1 finished runs; resume it from the Experiments tab.").arg(result.finishedRuns));
  } else {
    mProgressText->setText(tr("Sweep finished: %1 runs, %2 diverged, %3 failed, %4 pruned · best: %5")
                               .arg(result.finishedRuns)
                               .arg(result.divergedRuns)
                               .arg(result.failedRuns)
                               .arg(result.prunedRuns)
                               .arg(best));
  }
  showBanner({}, false);
  Q_EMIT stateTextChanged(result.cancelled ? tr("Sweep stopped") : tr("Sweep finished"));
}

void TrainingPanel::onPausedChanged(bool paused) {
  mPause->setText(paused ? tr("Res&ume") : tr("&Pause"));
  mPause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
  if (paused) mProgressText->setText(mProgressText->text() + tr(" · paused"));
  Q_EMIT stateTextChanged(paused ? tr("Paused") : tr("Training"));
}

void TrainingPanel::showRunHistory(const OpenedRunView& view) {
  clearView();
  const OpenedRun& run = view.run;
  const ModelSpec& spec = run.spec;
  const ImageShape cell =
      imageShapeOf(FeatureShape{spec.effectiveOutputChannels(), spec.input.height, spec.input.width});
  const bool gan = spec.isGan() || (!run.metrics.empty() && run.metrics.back().gan.isMeasured());
  setGanMode(gan);
  // The batch curve as it was drawn while training: each step at its place within its epoch.
  std::map<int, int> stepsInEpoch;
  for (const auto& row : run.batchLosses) stepsInEpoch[row.epoch] = std::max(stepsInEpoch[row.epoch], row.step);
  for (const auto& row : run.batchLosses) {
    const double position = row.epoch - 1 + double(row.step) / double(std::max(1, stepsInEpoch[row.epoch]));
    if (gan) {
      // batches.csv keeps both networks' losses per step (d_loss is empty in older files).
      GanFigures figures;
      figures.generatorLoss = row.loss;
      figures.discriminatorLoss = row.discriminatorLoss;
      mGan->addBatch(position, figures);
    } else {
      mLoss->addBatch(position, row.loss);
    }
  }
  for (const auto& row : run.metrics) {
    if (gan) {
      mGan->addEpoch(row);
      continue;
    }
    mLoss->addEpoch(row.epoch, row.trainLoss, row.validationLoss);
    if (std::isfinite(row.validation.psnr)) mMetrics->addEpoch(row.epoch, row.validation.psnr, row.validation.ssim);
  }
  for (const auto& [epoch, strip] : view.strips) mFilm->addStrip(epoch, strip, cell);
  mLoss->rescaleToData();
  mGan->rescaleToData();
  const auto& rows = run.metrics;
  const int planned = run.config.epochs;
  const int epochs = rows.empty() ? 0 : rows.back().epoch;
  mProgress->setValue(planned > 0 ? int(std::lround(1000.0 * epochs / planned)) : 0);
  if (gan) {
    mProgressText->setText(rows.empty() ? tr("This run has no finished epoch yet.")
                                        : tr("Opened GAN run: %1 epochs · last G loss %2 · D loss %3 · domain FID %4")
                                              .arg(epochs)
                                              .arg(rows.back().gan.generatorLoss, 0, 'g', 4)
                                              .arg(rows.back().gan.discriminatorLoss, 0, 'g', 4)
                                              .arg(rows.back().fid, 0, 'f', 1));
    return;
  }
  mProgressText->setText(rows.empty() ? tr("This run has no finished epoch yet.")
                                      : tr("Opened run: %1 epochs · last validation loss %2 · PSNR %3 dB")
                                            .arg(epochs)
                                            .arg(rows.back().validationLoss, 0, 'g', 4)
                                            .arg(rows.back().validation.psnr, 0, 'f', 2));
}

}  // namespace latentlab
