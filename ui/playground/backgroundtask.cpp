#include "playground/backgroundtask.h"

#include <QCoreApplication>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>

namespace latentlab {

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {
  connect(&mWatcher, &QFutureWatcher<Outcome>::finished, this, &BackgroundTask::onFinished);
}

BackgroundTask::~BackgroundTask() {
  if (mCancel) mCancel->store(true);
  mWatcher.waitForFinished();
}

void BackgroundTask::start(Work work) {
  // The older work stops at its next check and its result is dropped; the GUI does not
  // wait for it (the work holds its own copies of what it reads, never the page).
  if (mCancel) mCancel->store(true);
  mCancel = std::make_shared<std::atomic<bool>>(false);
  const int generation = ++mGeneration;
  const auto flag = mCancel;
  QPointer<BackgroundTask> self(this);
  // Progress is posted at most ~20 times a second, and only for the current work.
  const Progress progress = [self, generation, flag,
                             last = std::make_shared<std::chrono::steady_clock::time_point>()](double fraction) {
    const auto now = std::chrono::steady_clock::now();
    if (flag->load() || (now - *last < std::chrono::milliseconds(50) && fraction < 1.0)) return;
    *last = now;
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [self, generation, fraction] {
          if (self && self->mGeneration == generation && self->mRunning) Q_EMIT self->progressed(fraction);
        },
        Qt::QueuedConnection);
  };
  mRunning = true;
  Q_EMIT started();
  Q_EMIT runningChanged(true);
  mWatcher.setFuture(QtConcurrent::run([work = std::move(work), progress, flag]() {
    Outcome outcome;
    try {
      outcome.apply = work(progress, *flag);
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    }
    return outcome;
  }));
}

void BackgroundTask::cancel() {
  if (!mRunning) return;
  if (mCancel) mCancel->store(true);
  // The GUI answers at once; the worker notices the flag within a batch.
  mRunning = false;
  ++mGeneration;
  Q_EMIT cancelled();
  Q_EMIT runningChanged(false);
}

void BackgroundTask::waitForFinished() {
  mWatcher.waitForFinished();
  QCoreApplication::sendPostedEvents(&mWatcher);
  QCoreApplication::sendPostedEvents(this);
}

void BackgroundTask::onFinished() {
  if (!mRunning || (mCancel && mCancel->load())) return;  // cancelled or superseded
  const Outcome outcome = mWatcher.result();
  mRunning = false;
  if (!outcome.error.isEmpty()) {
    Q_EMIT runningChanged(false);
    Q_EMIT failed(outcome.error);
    return;
  }
  if (outcome.apply) outcome.apply();
  Q_EMIT runningChanged(false);
  Q_EMIT finished();
}

}  // namespace latentlab
