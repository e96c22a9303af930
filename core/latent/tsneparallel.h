#pragma once

// Thread-count plumbing shared by the t-SNE sources (OpenMP when the build has it).

#ifdef _OPENMP
#include <omp.h>
#endif

namespace latentlab::tsnedetail {

// 0 = all cores; otherwise the count asked for (at least 1).
inline int resolveThreads(int threads) {
#ifdef _OPENMP
  return threads > 0 ? threads : omp_get_num_procs();
#else
  (void)threads;
  return 1;
#endif
}

}  // namespace latentlab::tsnedetail
