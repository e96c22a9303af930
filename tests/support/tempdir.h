#pragma once

#include <filesystem>

namespace latentlab::test {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return mPath; }
  std::filesystem::path operator/(const std::string& name) const { return mPath / name; }

private:
  std::filesystem::path mPath;
};

}  // namespace latentlab::test
