#pragma once

// Thread-count plumbing shared by the t-SNE sources (OpenMP when the build has it).

#include "common/openmpthreads.h"

namespace latentlab::tsnedetail {

// 0 = all cores; otherwise the count asked for (at least 1).
inline int resolveThreads(int threads) {
  return openMpThreads(threads);
}

}  // namespace latentlab::tsnedetail
