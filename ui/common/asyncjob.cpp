#include "common/asyncjob.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

#include <chrono>

namespace latentlab {

namespace {
// Progress reaches the GUI at most this often (the last report always does).
constexpr auto kProgressInterval = std::chrono::milliseconds(50);
}  // namespace

void JobRun::post(std::function<void()> update) const {
  QPointer<AsyncJob> owner(mOwner);
  const int generation = mGeneration;
  QMetaObject::invokeMethod(
      mOwner,
      [owner, generation, update = std::move(update)] {
        if (owner && owner->isCurrent(generation)) update();
      },
      Qt::QueuedConnection);
}

AsyncJob::AsyncJob(JobPolicy policy, QObject* parent) : QObject(parent), mPolicy(policy) {}

AsyncJob::~AsyncJob() {
  mWaiting.clear();
  if (mRunning) {
    mRunning->token.cancel();
    mRunning->thread->wait();
    delete mRunning->thread;
  }
}

bool AsyncJob::isCurrent(int generation) const {
  return mRunning && mRunning->generation == generation && !mRunning->dropped;
}

bool AsyncJob::isBusy() const {
  return (mRunning && !mRunning->dropped) || !mWaiting.empty();
}

void AsyncJob::setBusy(bool busy) {
  if (busy == mBusy) return;
  mBusy = busy;
  Q_EMIT busyChanged(busy);
}

void AsyncJob::start(Work work, JobPolicy policy) {
  switch (policy) {
    case JobPolicy::Replace:
      if (mRunning && !mRunning->dropped) {
        mRunning->token.cancel();
        mRunning->dropped = true;
      }
      mWaiting.clear();
      break;
    case JobPolicy::Latest:
      mWaiting.clear();
      break;
    case JobPolicy::Queue:
      break;
  }
  mWaiting.push_back(std::move(work));
  setBusy(true);
  if (!mRunning) launchNext();
}

void AsyncJob::cancel() {
  const bool wasBusy = isBusy();
  mWaiting.clear();
  if (mRunning && !mRunning->dropped) {
    mRunning->token.cancel();
    mRunning->dropped = true;
  }
  setBusy(false);
  if (wasBusy) Q_EMIT cancelled();
}

void AsyncJob::launchNext() {
  if (mWaiting.empty()) {
    setBusy(false);
    return;
  }
  Work work = std::move(mWaiting.front());
  mWaiting.pop_front();
  const int generation = ++mGeneration;
  mRunning = std::make_unique<Running>();
  mRunning->generation = generation;
  const CancellationToken token = mRunning->token;

  QPointer<AsyncJob> self(this);
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  ProgressSink progress = [self, generation, last](double fraction, const std::string& stage) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < kProgressInterval && fraction < 1.0) return;
    *last = now;
    const QString text = QString::fromStdString(stage);
    QMetaObject::invokeMethod(
        self.data(),
        [self, generation, fraction, text] {
          if (self && self->isCurrent(generation)) Q_EMIT self->progressed(fraction, text);
        },
        Qt::QueuedConnection);
  };
  const JobRun run(this, generation, JobContext(std::move(progress), token));
  // Runs on the worker thread: only the work's own copies and the run's context.
  mRunning->thread = QThread::create([self, generation, run, work = std::move(work)] {
    Outcome outcome;
    try {
      outcome.apply = work(run);
    } catch (...) {
      outcome.failure = std::make_shared<JobFailure>(describeFailure(std::current_exception()));
    }
    QMetaObject::invokeMethod(
        self.data(),
        [self, generation, outcome] {
          if (self) self->onRunEnded(generation, outcome);
        },
        Qt::QueuedConnection);
  });
  mRunning->thread->setObjectName(QStringLiteral("job"));
  mRunning->thread->start();
  Q_EMIT started();
}

void AsyncJob::onRunEnded(int generation, const Outcome& outcome) {
  if (!mRunning || mRunning->generation != generation) return;
  const bool dropped = mRunning->dropped;
  mRunning->thread->wait();  // it has returned already: this only joins
  delete mRunning->thread;
  mRunning.reset();
  if (!dropped) {
    if (outcome.failure && outcome.failure->kind == FailureKind::Cancelled) {
      Q_EMIT cancelled();
    } else if (outcome.failure) {
      Q_EMIT failed(*outcome.failure);
    } else {
      if (outcome.apply) outcome.apply();
      Q_EMIT finished();
    }
  }
  if (!mRunning) launchNext();  // the result's own code may have started the next run already
}

void AsyncJob::waitForFinished() {
  while (mRunning || !mWaiting.empty()) {
    if (!mRunning) {
      launchNext();
      continue;
    }
    const int generation = mRunning->generation;
    mRunning->thread->wait();
    // Delivers its progress, posts and end (which may launch the next request); the end
    // was posted before the thread returned.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    if (mRunning && mRunning->generation == generation) onRunEnded(generation, Outcome{});
  }
}

}  // namespace latentlab
