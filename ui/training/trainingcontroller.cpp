#include "training/trainingcontroller.h"

namespace latentlab {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
  registerMetaTypes();
}

TrainingController::~TrainingController() {
  stop();
  waitForFinished(-1);
}

bool TrainingController::isRunning() const {
  return mThread && mThread->isRunning();
}
bool TrainingController::isPaused() const {
  return mControl && mControl->isPaused();
}

void TrainingController::start(TrainingJob job) {
  if (isRunning()) return;
  mControl = std::make_shared<TrainingControl>();
  auto control = mControl;
  const QString runDir = QString::fromStdString(job.runDir.string());
  // Runs on the worker thread. Signals emitted here are queued to the GUI thread;
  // they carry copies, so the worker's model never leaves this thread.
  mThread = QThread::create([this, control, job = std::move(job)]() mutable {
    try {
      Trainer trainer(std::move(job));
      TrainingCallbacks callbacks;
      callbacks.onBatch = [this](const BatchStats& stats) { Q_EMIT batchReported(stats); };
      callbacks.onEpoch = [this](const EpochStats& stats, const FilmFrame& film, const ModelSnapshotPtr& snapshot) {
        Q_EMIT epochFinished(stats, film, snapshot);
      };
      callbacks.onMessage = [this](const std::string& text) { Q_EMIT message(QString::fromStdString(text)); };
      const TrainingResult result = trainer.run(callbacks, *control);
      Q_EMIT finished(result);
    } catch (const std::bad_alloc&) {
      Q_EMIT failed(tr("Out of memory: lower the batch size or the dataset limit."));
    } catch (const std::exception& error) {
      Q_EMIT failed(QString::fromStdString(error.what()));
    }
  });
  mThread->setObjectName("training");
  connect(mThread, &QThread::finished, mThread, &QObject::deleteLater);
  mThread->start();
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
  mControl->cancel();
  if (wasPaused) Q_EMIT pausedChanged(false);
}

bool TrainingController::waitForFinished(int milliseconds) {
  if (!mThread) return true;
  return milliseconds < 0 ? mThread->wait() : mThread->wait(QDeadlineTimer(milliseconds));
}

}  // namespace latentlab
