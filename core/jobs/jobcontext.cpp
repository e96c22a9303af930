#include "jobs/jobcontext.h"

#include <algorithm>

namespace latentlab {

JobContext::JobContext(ProgressSink progress, CancellationToken token)
    : mProgress(std::move(progress)), mToken(std::move(token)) {}

void JobContext::report(double fraction, const std::string& stage) const {
  if (mProgress) mProgress(std::clamp(fraction, 0.0, 1.0), stage);
}

void JobContext::throwIfCancelled() const {
  if (mToken.isCancelled()) throw JobCancelled();
}

JobContext JobContext::part(double begin, double end, const std::string& stage) const {
  if (!mProgress) return JobContext({}, mToken);
  ProgressSink whole = mProgress;
  return JobContext(
      [whole, begin, end, stage](double fraction, const std::string& text) {
        whole(begin + std::clamp(fraction, 0.0, 1.0) * (end - begin), text.empty() ? stage : text);
      },
      mToken);
}

}  // namespace latentlab
