#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace latentlab {

// Pause, resume and cancel a run from another thread. The trainer checks it
// after every batch, so a request takes effect within one batch (well under a second).
class TrainingControl {
public:
  void pause();
  void resume();
  void cancel();  // also wakes a paused run

  bool isPaused() const { return mPaused.load(); }
  bool isCancelled() const { return mCancelled.load(); }

  // Called by the trainer: blocks while paused; returns false once cancelled.
  bool waitWhilePaused();

private:
  std::atomic<bool> mPaused{false};
  std::atomic<bool> mCancelled{false};
  std::mutex mMutex;
  std::condition_variable mWake;
};

}  // namespace latentlab
