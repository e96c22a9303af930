#pragma once

// Failures as values: what a front end shows when long work (or any call into
// core) throws. LibTorch's messages become one readable sentence with the full
// text kept as details; out-of-memory (CUDA or host) is recognised and suggests
// a smaller batch; cancellation is its own kind, not an error.

#include <exception>
#include <string>

namespace latentlab {

enum class FailureKind {
  Usage,        // a setting the user chose (exit code 2 in the CLI)
  Input,        // a file or folder the user pointed at
  Runtime,      // the work itself failed
  OutOfMemory,  // CUDA or host memory ran out
  Cancelled,    // someone asked the work to stop
  Internal,     // an unexpected exception from a library
};

struct JobFailure {
  FailureKind kind = FailureKind::Internal;
  std::string message;  // one sentence, settings written as {key} (see common/settingtext.h)
  std::string details;  // the full text (LibTorch's with its backtrace), for a "details" box and the log
};

// Classifies the exception and writes its message for a user.
JobFailure describeFailure(std::exception_ptr error);

// A library's error text made readable: its first meaningful line, without
// LibTorch's backtrace ("Exception raised from …", "frame #…"); a CUDA or
// allocator out-of-memory text becomes an OutOfMemory failure.
JobFailure describeLibraryMessage(const std::string& text);

}  // namespace latentlab
