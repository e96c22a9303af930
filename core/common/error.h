#pragma once

#include <stdexcept>
#include <string>

namespace latentlab {

// What kind of mistake an error reports; the CLI maps it to an exit code
// (usage errors exit 2, everything else 1).
enum class ErrorKind {
  Usage,    // a wrong option or setting the user typed
  Input,    // a file or folder the user pointed at is missing, truncated or malformed
  Runtime,  // the work itself failed (diverged, out of memory, device lost)
};

// The project's one exception type. Its message names the file or setting and
// says what to do; third-party exceptions are translated into it at the boundary.
class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), mKind(kind) {}
  ErrorKind kind() const noexcept { return mKind; }

private:
  ErrorKind mKind;
};

inline Error usageError(const std::string& message) {
  return Error(ErrorKind::Usage, message);
}
inline Error inputError(const std::string& message) {
  return Error(ErrorKind::Input, message);
}
inline Error runtimeError(const std::string& message) {
  return Error(ErrorKind::Runtime, message);
}

}  // namespace latentlab
