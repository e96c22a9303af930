#pragma once

// The lab report of a comparison (2 or more runs) or of a sweep: the summary table,
// overlaid validation curves, the reconstruction grid (the same test images through
// every run), the parallel-coordinates plot of a sweep, and the best run. Written
// like the run report (HTML and/or PDF, every figure and table beside it).

#include "jobs/jobcontext.h"
#include "report/reportoutput.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct ComparisonReportRequest : ReportOutputRequest {
  std::vector<std::filesystem::path> runs;  // the runs to compare (ignored when sweepDir is set)
  std::filesystem::path sweepDir;           // a sweep folder: its runs, grid and ranking
  std::string dataDir;                      // looked in first for the first run's dataset
  int reconstructionRuns = 8;               // rows of the reconstruction grid (the best runs first for a sweep)
};

// Throws a usage Error for fewer than 2 runs (or a sweep with none trained) and for a bad
// {out}, an input Error naming a folder that holds no run or no sweep, JobCancelled.
ReportResult writeComparisonReport(ComparisonReportRequest request, const JobContext& job = {});

}  // namespace latentlab
