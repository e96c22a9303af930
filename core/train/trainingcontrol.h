#pragma once

#include "jobs/cancellation.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace latentlab {

// Pause, resume and cancel a run from another thread. The trainer checks it
// after every batch, so a request takes effect within one batch (well under a
// second). Cancelling is the job contract's token (jobs/jobcontext.h); pausing
// is training's own addition, and the time spent paused is kept so it never
// counts as training time.
class TrainingControl {
public:
  explicit TrainingControl(CancellationToken token = {}) : mToken(std::move(token)) {}

  void pause();
  void resume();
  void cancel();  // also wakes a paused run

  bool isPaused() const { return mPaused.load(); }
  bool isCancelled() const { return mToken.isCancelled(); }
  const CancellationToken& token() const { return mToken; }

  // Called by the trainer: blocks while paused; returns false once cancelled.
  bool waitWhilePaused();
  // Seconds spent blocked in waitWhilePaused so far (read on the training thread).
  double pausedSeconds() const { return mPausedSeconds; }

private:
  CancellationToken mToken;
  std::atomic<bool> mPaused{false};
  std::mutex mMutex;
  std::condition_variable mWake;
  double mPausedSeconds = 0.0;
};

}  // namespace latentlab
