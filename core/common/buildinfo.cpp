#include "common/buildinfo.h"

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/core/version.hpp>
#endif

namespace latentlab {

std::string latentlabVersion() {
  return LATENTLAB_VERSION;
}

std::string opencvVersion() {
#ifdef LATENTLAB_HAVE_OPENCV
  return CV_VERSION;
#else
  return "not available";
#endif
}

}  // namespace latentlab
