#pragma once

// The probe's seeded shuffles: the same seed gives the same order on every platform
// (std::shuffle and the standard distributions do not promise that). Torch-free.

#include <cstdint>
#include <utility>
#include <vector>

namespace latentlab::probedetail {

// SplitMix64: a small, well-mixed generator; `stream` separates the uses of one seed.
class SeededOrder {
public:
  SeededOrder(std::uint64_t seed, std::uint64_t stream) : mState(seed * 0x9E3779B97F4A7C15ull + stream) { next(); }

  std::uint64_t next() {
    std::uint64_t z = (mState += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Fisher-Yates.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[std::size_t(next() % i)]);
  }

private:
  std::uint64_t mState;
};

// The streams of one seed.
constexpr std::uint64_t kSubsetStream = 1;    // which training labels a fraction keeps
constexpr std::uint64_t kProbeStream = 2;     // the probe's minibatches
constexpr std::uint64_t kFineTuneStream = 3;  // the fine-tuning's minibatches

}  // namespace latentlab::probedetail
