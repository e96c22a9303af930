#include "jobs/jobfailure.h"

#include "common/error.h"
#include "jobs/jobcontext.h"

#include <torch/torch.h>

#include <new>
#include <regex>

namespace latentlab {

namespace {
std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The first line that is not LibTorch's source location or backtrace.
std::string firstMeaningfulLine(const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = trim(text.substr(start, end - start));
    const bool noise = line.empty() || line.rfind("Exception raised from", 0) == 0 || line.rfind("frame #", 0) == 0 ||
                       line.rfind("Traceback", 0) == 0;
    if (!noise) return line;
    start = end + 1;
  }
  return trim(text);
}

FailureKind kindOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage:
      return FailureKind::Usage;
    case ErrorKind::Input:
      return FailureKind::Input;
    case ErrorKind::Runtime:
      return FailureKind::Runtime;
  }
  return FailureKind::Runtime;
}
}  // namespace

JobFailure describeLibraryMessage(const std::string& text) {
  JobFailure failure;
  failure.details = text;
  const std::string line = firstMeaningfulLine(text);
  // "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; …)" in LibTorch 1.13 and 2.x.
  static const std::regex cudaOom(R"(CUDA out of memory\.?\s*(Tried to allocate ([0-9.]+ [KMGT]?i?B))?)",
                                  std::regex::icase);
  std::smatch match;
  if (std::regex_search(text, match, cudaOom)) {
    failure.kind = FailureKind::OutOfMemory;
    failure.message = "the GPU ran out of memory" +
                      (match[2].matched ? " (it needed " + match[2].str() + " more)" : std::string()) +
                      "; lower the batch size ({batch}) or the number of items, or train on the CPU ({device})";
    return failure;
  }
  if (text.find("DefaultCPUAllocator: can't allocate memory") != std::string::npos ||
      text.find("DefaultCPUAllocator: not enough memory") != std::string::npos) {
    failure.kind = FailureKind::OutOfMemory;
    failure.message = "the computer ran out of memory; lower the batch size ({batch}) or the number of items";
    return failure;
  }
  failure.kind = FailureKind::Internal;
  failure.message = line.empty() ? std::string("an unexplained error in a library") : line;
  return failure;
}

JobFailure describeFailure(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
    return JobFailure{FailureKind::Internal, "an unexplained error", {}};
  } catch (const JobCancelled&) {
    return JobFailure{FailureKind::Cancelled, "cancelled", {}};
  } catch (const Error& failure) {
    return JobFailure{kindOf(failure.kind()), failure.what(), failure.what()};
  } catch (const c10::Error& failure) {
    JobFailure described = describeLibraryMessage(failure.what_without_backtrace());
    described.details = failure.what();
    return described;
  } catch (const std::bad_alloc&) {
    return JobFailure{FailureKind::OutOfMemory,
                      "the computer ran out of memory; lower the batch size ({batch}) or the number of items",
                      "std::bad_alloc"};
  } catch (const std::exception& failure) {
    return describeLibraryMessage(failure.what());
  } catch (...) {
    return JobFailure{FailureKind::Internal, "an unexplained error (not a standard exception)", {}};
  }
}

}  // namespace latentlab
