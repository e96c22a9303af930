#pragma once

#include <string>

namespace latentlab {

// "auto" becomes "cuda" when a CUDA device is usable, else "cpu". Asking for
// "cuda" without one is a usage error that says so.
std::string resolveDevice(const std::string& requested);

// A human-readable name for the status bar and logs, e.g. "CPU (2 threads)".
std::string describeDevice(const std::string& device);

bool cudaAvailable();

// What a thread's LibTorch work is for; decides the default thread count.
enum class ThreadRole {
  Training,   // all cores but one: the batch prefetcher and the GUI keep a core
  Inference,  // all cores: encoding a dataset, evaluating
};

// Sets LibTorch's intra-op threads for the calling thread (OpenMP keeps the
// setting per thread; LibTorch starts with 1 here); 0 = the role's default.
// Returns the number in use.
int configureThreads(int threads, ThreadRole role = ThreadRole::Inference);

int defaultThreadCount(ThreadRole role);

std::string libtorchVersion();

}  // namespace latentlab
