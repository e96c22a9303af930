// Image folders (one sub-folder per class, decoded by OpenCV): the input is one image file of
// class "a", beside a valid 8x8 gray PNG of class "b", read at its own size and at a fixed one.
#include "data/imagefolderreader.h"
#include "fuzzsupport.h"

#include <opencv2/imgcodecs.hpp>

#include <vector>

using namespace latentlab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::fs::path folder = [] {
    const auto dir = fuzz::scratchDir() / "images";
    fuzz::fs::create_directories(dir / "a");
    fuzz::fs::create_directories(dir / "b");
    std::vector<std::uint8_t> png;
    cv::imencode(".png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(128)), png);
    fuzz::writeFile(dir / "b" / "gray.png", png.data(), png.size());
    return dir;
  }();
  fuzz::writeFile(folder / "a" / "input.png", data, size);
  std::vector<std::string> warnings;
  fuzz::expectCleanErrors([&] { loadImageFolder(folder, "fuzz", ImageFolderOptions{}, &warnings); });
  fuzz::expectCleanErrors([&] { loadImageFolder(folder, "fuzz", ImageFolderOptions{16, 3}, &warnings); });
  return 0;
}
