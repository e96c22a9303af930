#pragma once

// The one way the GUI runs long work. A core job (jobs/jobcontext.h) runs on a
// worker thread of its own; its progress, its result and its failure come back to
// the GUI thread as values. Each AsyncJob runs one piece of work at a time, and a
// policy says what a new request does to the work already there. Cancellation
// goes through the job's token, which core checks between batches and iterations,
// so work stops within a second; a cancelled or replaced result is never applied.

#include "jobs/jobcontext.h"
#include "jobs/jobfailure.h"

#include <QObject>
#include <QString>

#include <deque>
#include <functional>
#include <memory>

class QThread;

namespace latentlab {

enum class JobPolicy {
  Replace,  // newest wins: the running work is cancelled and dropped, older waiting work too
  Latest,   // the running work finishes and delivers; only the newest waiting request is kept
  Queue,    // every request runs, in order
};

class AsyncJob;

// What the work sees on its worker thread.
class JobRun {
public:
  const JobContext& context() const { return mContext; }
  // Runs `update` on the GUI thread soon, unless this run has been cancelled or
  // replaced by then (intermediate results: a t-SNE layout as it forms).
  void post(std::function<void()> update) const;

private:
  friend class AsyncJob;
  JobRun(AsyncJob* owner, int generation, JobContext context)
      : mOwner(owner), mGeneration(generation), mContext(std::move(context)) {}
  AsyncJob* mOwner;
  int mGeneration;
  JobContext mContext;
};

class AsyncJob : public QObject {
  Q_OBJECT
public:
  using Apply = std::function<void()>;               // runs on the GUI thread with the result
  using Work = std::function<Apply(const JobRun&)>;  // runs on the worker thread

  explicit AsyncJob(JobPolicy policy, QObject* parent = nullptr);
  ~AsyncJob() override;  // cancels, and waits for the worker (a second at most)

  void start(Work work) { start(std::move(work), mPolicy); }
  // With another policy for this one request (a user's click replaces; an epoch's map waits).
  void start(Work work, JobPolicy policy);
  // Computes a value on the worker and hands it to `use` on the GUI thread.
  template <class Compute, class Use>
  void run(Compute compute, Use use) {
    start([compute = std::move(compute), use = std::move(use)](const JobRun& run) -> Apply {
      using Value = decltype(compute(run));
      auto value = std::make_shared<Value>(compute(run));
      return [use, value] { use(std::move(*value)); };
    });
  }

  // Cancels the running work and drops the waiting requests; cancelled() at once.
  void cancel();
  // Running (and not cancelled) or waiting.
  bool isBusy() const;
  JobPolicy policy() const { return mPolicy; }
  // Blocks until nothing runs or waits, applying results as they come (tests, screenshots).
  void waitForFinished();

Q_SIGNALS:
  void started();
  void progressed(double fraction, const QString& stage);
  void finished();  // after the result was applied
  void failed(const latentlab::JobFailure& failure);
  void cancelled();
  void busyChanged(bool busy);

private:
  struct Outcome {
    Apply apply;
    std::shared_ptr<JobFailure> failure;
  };
  struct Running {
    int generation = 0;
    CancellationToken token;
    QThread* thread = nullptr;
    bool dropped = false;  // cancelled or replaced: its result is not applied
  };
  friend class JobRun;

  void launchNext();
  void onRunEnded(int generation, const Outcome& outcome);
  bool isCurrent(int generation) const;
  void setBusy(bool busy);

  JobPolicy mPolicy;
  std::deque<Work> mWaiting;
  std::unique_ptr<Running> mRunning;
  int mGeneration = 0;
  bool mBusy = false;
};

}  // namespace latentlab
