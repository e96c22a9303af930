#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace latentlab {

// Writes a file so that readers see either the old content or the new one, never
// a half-written file: the content goes to a temporary file beside the target,
// is flushed, and is renamed over it. Throws Error naming the path on failure.
void writeFileAtomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& writeContent);

void writeTextFileAtomically(const std::filesystem::path& path, const std::string& text);

// True for the temporary files writeFileAtomically leaves behind when the process is killed
// mid-write (".NAME.tmpDIGITS"); a run folder opened for training removes them.
bool isAtomicWriteTemporary(const std::filesystem::path& path);

// Test-only: called at each file event of writeFileAtomically (the temporary file complete,
// then renamed over the target), so a test can snapshot or abort at any event. Empty: none.
enum class AtomicWriteEvent { TemporaryWritten, Renamed };
using AtomicWriteObserver = std::function<void(const std::filesystem::path& target, AtomicWriteEvent event)>;
void setAtomicWriteObserverForTesting(AtomicWriteObserver observer);

// Reads a whole file; throws an input Error naming the path if it cannot.
std::string readTextFile(const std::filesystem::path& path);

}  // namespace latentlab
