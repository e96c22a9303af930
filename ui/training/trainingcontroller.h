#pragma once

#include "common/metatypes.h"
#include "sweep/sweeprunner.h"
#include "train/trainer.h"

#include <QObject>

#include <functional>
#include <memory>

namespace latentlab {

class AsyncJob;

// Runs one training job through the GUI's AsyncJob with the core Trainer and
// forwards its callbacks as signals carrying values (stats, film frames,
// immutable weight snapshots). Pause, resume and stop take effect after the
// current batch; a stopped run still reports how it ended.
class TrainingController : public QObject {
  Q_OBJECT
public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;  // stops the run and waits for it

  bool isRunning() const;
  bool isPaused() const;

  void start(TrainingJob job);
  // Runs (or resumes) the sweep in `sweepDir` on the same worker, one run after another:
  // each run reports like a single one (started, batches, epochs), the sweep as a whole
  // through sweepProgressed / sweepFinished. Pause and stop act on the sweep.
  void startSweep(const QString& sweepDir, DatasetPtr dataset);
  bool isSweeping() const { return mSweeping; }
  QString sweepDir() const { return mSweepDir; }
  // Reorders / removes pending runs of the running sweep (applied between runs).
  void editSweepQueue(const std::function<void(SweepQueueEdits&)>& edit);
  void pause();
  void resume();
  void stop();
  // Blocks until the run has ended and its signals were delivered (negative: no limit).
  bool waitForFinished(int milliseconds);

Q_SIGNALS:
  void started(const QString& runDir);
  void batchReported(const latentlab::BatchStats& stats);
  void epochFinished(const latentlab::EpochStats& stats, const latentlab::FilmFrame& film,
                     const latentlab::ModelSnapshotPtr& snapshot);
  void message(const QString& text);
  void pausedChanged(bool paused);
  void finished(const latentlab::TrainingResult& result);  // the run ended (finished, stopped, diverged)
  void failed(const QString& message);                     // the run could not start or broke
  void sweepStarted(const QString& sweepDir);
  void sweepProgressed(const latentlab::SweepProgress& progress);
  void sweepFinished(const latentlab::SweepResult& result);

private:
  AsyncJob* mJob;
  std::shared_ptr<TrainingControl> mControl;
  std::shared_ptr<SweepQueueEdits> mSweepEdits;
  bool mSweeping = false;
  QString mSweepDir;
};

}  // namespace latentlab
