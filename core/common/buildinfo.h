#pragma once

#include <string>

namespace latentlab {

// LatentLab's own version: CMake's project version, "0.1.0".
std::string latentlabVersion();

// Versions of the libraries this build uses, for Help > About and bug reports.
std::string opencvVersion();  // "4.6.0", or "not available" in a build without OpenCV

}  // namespace latentlab
