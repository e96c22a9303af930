#include "common/paths.h"

#include <cstdlib>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
std::string envOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}
}  // namespace

fs::path userDataDir() {
  if (auto xdg = envOrEmpty("XDG_DATA_HOME"); !xdg.empty()) return fs::path(xdg) / "latentlab";
  if (auto home = envOrEmpty("HOME"); !home.empty()) return fs::path(home) / ".local/share/latentlab";
  return fs::temp_directory_path() / "latentlab";
}

fs::path defaultRunsDir() {
  return userDataDir() / "runs";
}

std::vector<fs::path> datasetSearchDirs(const std::string& overrideDir) {
  std::vector<fs::path> dirs;
  if (!overrideDir.empty()) dirs.emplace_back(overrideDir);
  if (auto env = envOrEmpty("LATENTLAB_DATA"); !env.empty()) dirs.emplace_back(env);
  dirs.push_back(userDataDir() / "datasets");
  dirs.emplace_back("/usr/share/datasets");
  return dirs;
}

}  // namespace latentlab
