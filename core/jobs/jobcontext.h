#pragma once

// The one contract of long work (train, encode, project, evaluate, score,
// optimise, open a run): a core function takes its inputs by value and a
// JobContext, reports progress through it, and checks it between batches or
// iterations. Cancelled work throws JobCancelled; failures throw the project's
// Error (see jobfailure.h for how a front end turns either into words).
// The CLI passes a context that only prints progress; the GUI starts the same
// function through AsyncJob (ui/common), which owns the token.

#include "jobs/cancellation.h"

#include <exception>
#include <functional>
#include <string>

namespace latentlab {

// Thrown by JobContext::throwIfCancelled: the work stopped because someone asked.
class JobCancelled : public std::exception {
public:
  const char* what() const noexcept override { return "cancelled"; }
};

// fraction in [0, 1] of the whole job; stage names what runs ("Encoding", "t-SNE").
using ProgressSink = std::function<void(double fraction, const std::string& stage)>;

class JobContext {
public:
  JobContext() = default;  // no progress, never cancelled: tests and plain calls
  JobContext(ProgressSink progress, CancellationToken token);

  // Thread-safe as long as the sink is; called by the worker only.
  void report(double fraction, const std::string& stage = {}) const;
  bool isCancelled() const { return mToken.isCancelled(); }
  void throwIfCancelled() const;
  const CancellationToken& token() const { return mToken; }

  // A context for one step of this job: its fractions 0..1 fill [begin, end] of this
  // one's, and an empty stage becomes `stage`. Shares the token.
  JobContext part(double begin, double end, const std::string& stage = {}) const;

private:
  ProgressSink mProgress;
  CancellationToken mToken;
};

}  // namespace latentlab
