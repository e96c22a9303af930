#include "tempdir.h"

#include <random>

namespace latentlab::test {

TempDir::TempDir() {
  std::random_device device;
  mPath = std::filesystem::temp_directory_path() /
          ("latentlab-test-" + std::to_string(device()) + std::to_string(device()));
  std::filesystem::create_directories(mPath);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(mPath, ignored);
}

}  // namespace latentlab::test
