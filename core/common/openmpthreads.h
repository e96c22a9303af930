#pragma once

// Thread counts for the OpenMP loops (t-SNE, neighbour search, the probe's kNN vote).

#ifdef _OPENMP
#include <omp.h>
#endif

namespace latentlab {

// 0 = all cores; otherwise the count asked for. One when the build has no OpenMP.
inline int openMpThreads(int requested) {
#ifdef _OPENMP
  return requested > 0 ? requested : omp_get_num_procs();
#else
  (void)requested;
  return 1;
#endif
}

}  // namespace latentlab
