#include "train/trainingcontrol.h"

#include "train/trainingevents.h"

#include <chrono>

namespace latentlab {

void TrainingControl::pause() {
  mPaused = true;
}

void TrainingControl::resume() {
  {
    std::lock_guard<std::mutex> lock(mMutex);
    mPaused = false;
  }
  mWake.notify_all();
}

void TrainingControl::cancel() {
  {
    std::lock_guard<std::mutex> lock(mMutex);
    mToken.cancel();
  }
  mWake.notify_all();
}

bool TrainingControl::waitWhilePaused() {
  if (!mPaused) return !mToken.isCancelled();
  const auto start = std::chrono::steady_clock::now();
  {
    std::unique_lock<std::mutex> lock(mMutex);
    // The token can also be cancelled from outside (AsyncJob): wake up now and then to see it.
    while (mPaused && !mToken.isCancelled()) mWake.wait_for(lock, std::chrono::milliseconds(200));
  }
  mPausedSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return !mToken.isCancelled();
}

std::string statusName(TrainingStatus status) {
  switch (status) {
    case TrainingStatus::Finished:
      return "finished";
    case TrainingStatus::EarlyStopped:
      return "early-stopped";
    case TrainingStatus::Cancelled:
      return "cancelled";
    case TrainingStatus::Diverged:
      return "diverged";
  }
  return "?";
}

}  // namespace latentlab
