#include "training/trainingcontroller.h"

#include "common/asyncjob.h"
#include "common/usermessage.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace latentlab {

TrainingController::TrainingController(QObject* parent) : QObject(parent), mJob(new AsyncJob(JobPolicy::Queue, this)) {
  registerMetaTypes();
  connect(mJob, &AsyncJob::failed, this, [this](const JobFailure& failure) { Q_EMIT failed(userMessage(failure)); });
}

TrainingController::~TrainingController() {
  stop();
  mJob->waitForFinished();
}

bool TrainingController::isRunning() const {
  return mJob->isBusy();
}
bool TrainingController::isPaused() const {
  return mControl && mControl->isPaused();
}

void TrainingController::start(TrainingJob job) {
  if (isRunning()) return;
  mControl = std::make_shared<TrainingControl>();
  auto control = mControl;
  const QString runDir = QString::fromStdString(job.runDir.string());
  // The work runs on the job's worker thread and owns the model being trained; what it
  // posts to the GUI thread are copies (stats, film frames, immutable snapshots).
  mJob->start([this, control, job = std::move(job)](const JobRun& run) mutable -> AsyncJob::Apply {
    Trainer trainer(std::move(job));
    TrainingCallbacks callbacks;
    callbacks.onBatch = [this, &run](const BatchStats& stats) {
      run.post([this, stats] { Q_EMIT batchReported(stats); });
    };
    callbacks.onEpoch = [this, &run](const EpochStats& stats, const FilmFrame& film, const ModelSnapshotPtr& snapshot) {
      run.post([this, stats, film, snapshot] { Q_EMIT epochFinished(stats, film, snapshot); });
    };
    callbacks.onMessage = [this, &run](const std::string& text) {
      run.post([this, text = userText(text)] { Q_EMIT message(text); });
    };
    const TrainingResult result = trainer.run(callbacks, *control);
    return [this, result] { Q_EMIT finished(result); };
  });
  Q_EMIT started(runDir);
}

void TrainingController::pause() {
  if (!mControl || !isRunning() || mControl->isPaused()) return;
  mControl->pause();
  Q_EMIT pausedChanged(true);
}

void TrainingController::resume() {
  if (!mControl || !mControl->isPaused()) return;
  mControl->resume();
  Q_EMIT pausedChanged(false);
}

void TrainingController::stop() {
  if (!mControl) return;
  const bool wasPaused = mControl->isPaused();
  mControl->cancel();  // the trainer's own token: the run ends and still reports how
  if (wasPaused) Q_EMIT pausedChanged(false);
}

bool TrainingController::waitForFinished(int milliseconds) {
  if (milliseconds < 0) {
    mJob->waitForFinished();
    return true;
  }
  QElapsedTimer clock;
  clock.start();
  while (isRunning() && clock.elapsed() < milliseconds) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
  return !isRunning();
}

}  // namespace latentlab
