#pragma once

#include <atomic>
#include <memory>

namespace latentlab {

// A shared "stop" flag for one piece of long work. Copies share the flag, so the
// GUI keeps one copy and the worker checks another; cancel() is safe from any thread.
class CancellationToken {
public:
  CancellationToken() : mFlag(std::make_shared<std::atomic<bool>>(false)) {}

  void cancel() const { mFlag->store(true, std::memory_order_relaxed); }
  bool isCancelled() const { return mFlag->load(std::memory_order_relaxed); }

private:
  std::shared_ptr<std::atomic<bool>> mFlag;
};

}  // namespace latentlab
