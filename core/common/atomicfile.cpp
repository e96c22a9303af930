#include "common/atomicfile.h"

#include "common/error.h"

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
fs::path temporarySibling(const fs::path& path) {
  std::random_device device;
  return path.parent_path() / ("." + path.filename().string() + ".tmp" + std::to_string(device() % 1000000));
}

AtomicWriteObserver& observer() {
  static AtomicWriteObserver instance;
  return instance;
}

void notify(const fs::path& target, AtomicWriteEvent event) {
  if (observer()) observer()(target, event);
}

// fsync so a crash right after the rename cannot leave an empty file behind.
void syncFile(const fs::path& path) {
  if (FILE* file = std::fopen(path.c_str(), "rb")) {
    ::fsync(fileno(file));
    std::fclose(file);
  }
}
}  // namespace

void writeFileAtomically(const fs::path& path, const std::function<void(std::ostream&)>& writeContent) {
  const fs::path temporary = temporarySibling(path);
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out)
        throw runtimeError("cannot write " + temporary.string() + ": check that the folder exists and is writable");
      writeContent(out);
      out.flush();
      if (!out) throw runtimeError("writing " + path.string() + " failed (disk full?)");
    }
    syncFile(temporary);
    notify(path, AtomicWriteEvent::TemporaryWritten);
    fs::rename(temporary, path);
  } catch (const fs::filesystem_error& e) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw runtimeError("cannot replace " + path.string() + ": " + e.code().message());
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
  notify(path, AtomicWriteEvent::Renamed);
}

bool isAtomicWriteTemporary(const fs::path& path) {
  const std::string name = path.filename().string();
  const auto tmp = name.rfind(".tmp");
  if (name.size() < 2 || name[0] != '.' || tmp == std::string::npos || tmp == 0 || tmp + 4 == name.size()) return false;
  for (std::size_t i = tmp + 4; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return false;
  return true;
}

void setAtomicWriteObserverForTesting(AtomicWriteObserver newObserver) {
  observer() = std::move(newObserver);
}

void writeTextFileAtomically(const fs::path& path, const std::string& text) {
  writeFileAtomically(path, [&](std::ostream& out) { out << text; });
}

std::string readTextFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw inputError("cannot open " + path.string() + ": the file does not exist or is not readable");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace latentlab
