#pragma once

// The lab report of one run: HTML with every figure embedded and/or a PDF, and,
// beside it in <stem>-figures/, each figure as its own file (plots as SVG and PNG,
// images as PNG) and each table as CSV, named so a student can drop them into a
// document. Torch-free and Qt-free: the CLI's `report` and the GUI's File > Export
// report share it; the PDF and the charts' PNGs come from the renderers they pass.

#include "jobs/jobcontext.h"
#include "report/reportoutput.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct RunReportRequest : ReportOutputRequest {
  std::filesystem::path runDir;
  std::string dataDir;      // looked in first for the run's dataset
  int mapPoints = 2000;     // test items on the latent maps
  bool tsne = true;         // also the t-SNE map (PCA always)
  std::string anomalyWith;  // another dataset: the anomaly-detection section scores it against the run's test split
};

using RunReportResult = ReportResult;

// Writes the report. Throws a usage Error naming {out} for a bad extension or a PDF
// without a PDF writer, an input Error naming the folder when it holds no run,
// JobCancelled when the job is cancelled (checked between sections and inside the
// latent map). Sections that need the dataset or the weights say why they are missing
// instead of failing.
RunReportResult writeRunReport(RunReportRequest request, const JobContext& job = {});

}  // namespace latentlab
