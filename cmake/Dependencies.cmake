# Every dependency comes from Debian packages (see scripts/setup.sh); nothing is downloaded.
find_package(Torch REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenMP COMPONENTS CXX)

# hnswlib (header-only) finds approximate nearest neighbours for t-SNE on large maps.
find_path(LATENTLAB_HNSWLIB_DIR hnswlib/hnswlib.h)
if(NOT LATENTLAB_HNSWLIB_DIR)
  message(FATAL_ERROR "hnswlib not found: install the Debian package libhnswlib-dev (scripts/setup.sh does).")
endif()

# FFTW (single precision) for the FFT-accelerated t-SNE repulsion on large maps.
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFTW REQUIRED IMPORTED_TARGET fftw3f)

# OpenCV is optional in core: image folders, photos and PNG sample strips need it.
find_package(OpenCV QUIET COMPONENTS core imgproc imgcodecs)
set(LATENTLAB_HAVE_OPENCV ${OpenCV_FOUND})

# libmatio is optional: it reads SVHN's MATLAB files.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(MATIO QUIET IMPORTED_TARGET matio)
endif()
set(LATENTLAB_HAVE_MATIO ${MATIO_FOUND})

find_package(CLI11 QUIET)
if(NOT CLI11_FOUND)
  message(FATAL_ERROR "CLI11 not found: install the Debian package libcli11-dev (scripts/setup.sh does).")
endif()

message(STATUS "LatentLab: LibTorch ${Torch_VERSION}, OpenCV ${LATENTLAB_HAVE_OPENCV}, matio ${LATENTLAB_HAVE_MATIO}, GUI ${LATENTLAB_BUILD_GUI}")
