#include "train/trainingcontrol.h"

#include "train/trainingevents.h"

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
    mCancelled = true;
  }
  mWake.notify_all();
}

bool TrainingControl::waitWhilePaused() {
  if (!mPaused) return !mCancelled;
  std::unique_lock<std::mutex> lock(mMutex);
  mWake.wait(lock, [this] { return !mPaused || mCancelled; });
  return !mCancelled;
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
