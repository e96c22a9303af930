#pragma once

#include <string>

namespace latentlab {

// Versions of the libraries this build uses, for Help > About and bug reports.
std::string opencvVersion();  // "4.6.0", or "not available" in a build without OpenCV

}  // namespace latentlab
