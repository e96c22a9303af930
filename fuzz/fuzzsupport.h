#pragma once

// Shared by the fuzz targets (libFuzzer): a scratch folder for readers that take a path, and
// the rule for exceptions. A reader answers bad input with the project's Error (or a
// ModelSpecError from spec parsing); anything else that escapes (a raw nlohmann, std::out_of_range
// or std::bad_alloc exception) reaches std::terminate and libFuzzer reports it as a crash, like
// an ASan or UBSan finding.

#include "common/error.h"
#include "modelspec.h"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace latentlab::fuzz {

namespace fs = std::filesystem;

// One scratch folder per process (on /dev/shm when there is one: a file round trip per input
// stays cheap), removed at exit.
inline const fs::path& scratchDir() {
  static const fs::path dir = [] {
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    const fs::path made = base / ("latentlab-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(made);
    fs::create_directories(made);
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(scratchDir(), ignored);
    });
    return made;
  }();
  return dir;
}

inline void writeFile(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
  if (!out) std::abort();  // the scratch folder itself failed: not the reader's fault, stop loudly
}

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs one reader on the input; the errors a reader is allowed to throw end the attempt.
template <typename Body>
void expectCleanErrors(Body&& body) {
  try {
    body();
  } catch (const Error&) {
  } catch (const ModelSpecError&) {
  }
}

}  // namespace latentlab::fuzz
