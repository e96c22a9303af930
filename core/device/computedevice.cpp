#include "device/computedevice.h"

#include "common/error.h"

#include <torch/torch.h>

#include <thread>

namespace latentlab {

bool cudaAvailable() {
  return torch::cuda::is_available();
}

std::string resolveDevice(const std::string& requested) {
  if (requested == "auto") return cudaAvailable() ? "cuda" : "cpu";
  if (requested == "cpu") return "cpu";
  if (requested == "cuda") {
    if (!cudaAvailable())
      throw usageError(
          "the CUDA device was asked for ({device}), but this LibTorch build or machine has no usable CUDA "
          "device; choose cpu or auto");
    return "cuda";
  }
  throw usageError("the device ({device}) must be auto, cpu or cuda, not '" + requested + "'");
}

std::string describeDevice(const std::string& device) {
  if (device == "cuda") return "CUDA (" + std::to_string(torch::cuda::device_count()) + " device(s))";
  const int threads = torch::get_num_threads();
  return "CPU (" + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
}

int defaultThreadCount(ThreadRole role) {
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  // Measured on 2 cores: one training thread plus the prefetcher beats two
  // intra-op threads by 2x (LibTorch 1.13's conv backward does not scale here).
  return role == ThreadRole::Training ? std::max(1, cores - 1) : cores;
}

int configureThreads(int threads, ThreadRole role) {
  const int wanted = threads > 0 ? threads : defaultThreadCount(role);
  if (torch::get_num_threads() != wanted) torch::set_num_threads(wanted);
  return torch::get_num_threads();
}

std::string libtorchVersion() {
  return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

}  // namespace latentlab
