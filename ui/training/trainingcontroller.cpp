#include "training/trainingcontroller.h"

#include "common/asyncjob.h"
#include "common/usermessage.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace latentlab {

TrainingController::TrainingController(QObject* parent) : QObject(parent), mJob(new AsyncJob(JobPolicy::Queue, this)) {
  registerMetaTypes();
  connect(mJob, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mSweeping = false;
    Q_EMIT failed(userMessage(failure));
  });
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

void TrainingController::startSweep(const QString& sweepDir, DatasetPtr dataset) {
  if (isRunning()) return;
  mControl = std::make_shared<TrainingControl>();
  mSweepEdits = std::make_shared<SweepQueueEdits>();
  mSweeping = true;
  mSweepDir = sweepDir;
  auto control = mControl;
  auto edits = mSweepEdits;
  const std::filesystem::path dir = sweepDir.toStdString();
  mJob->start([this, control, edits, dir, dataset = std::move(dataset)](const JobRun& run) -> AsyncJob::Apply {
    SweepCallbacks callbacks;
    callbacks.training.onBatch = [this, &run](const BatchStats& stats) {
      run.post([this, stats] { Q_EMIT batchReported(stats); });
    };
    callbacks.training.onEpoch = [this, &run](const EpochStats& stats, const FilmFrame& film,
                                              const ModelSnapshotPtr& snapshot) {
      run.post([this, stats, film, snapshot] { Q_EMIT epochFinished(stats, film, snapshot); });
    };
    callbacks.training.onMessage = [this, &run](const std::string& text) {
      run.post([this, text = userText(text)] { Q_EMIT message(text); });
    };
    // A new current run starts like a single run does, so the Training tab follows it.
    auto current = std::make_shared<std::string>();
    callbacks.onProgress = [this, &run, dir, current](const SweepProgress& progress) {
      QString newRunDir;
      if (progress.current >= 0) {
        const std::string name = progress.plan.runs[std::size_t(progress.current)].name;
        if (name != *current) newRunDir = QString::fromStdString((dir / name).string());
        *current = name;
      }
      run.post([this, progress, newRunDir] {
        if (!newRunDir.isEmpty()) Q_EMIT started(newRunDir);
        Q_EMIT sweepProgressed(progress);
      });
    };
    callbacks.onMessage = callbacks.training.onMessage;
    const SweepResult result = runSweep(dir, dataset, callbacks, *control, edits.get());
    return [this, result] {
      mSweeping = false;
      Q_EMIT sweepFinished(result);
    };
  });
  Q_EMIT sweepStarted(sweepDir);
}

void TrainingController::editSweepQueue(const std::function<void(SweepQueueEdits&)>& edit) {
  if (mSweeping && mSweepEdits) edit(*mSweepEdits);
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
