#pragma once

// The lab report of one run: a self-contained HTML file (every figure embedded) and,
// beside it in <stem>-figures/, each figure as its own file (plots as SVG, images as
// PNG) and each table as CSV, named so a student can drop them into a document.
// Torch-free and Qt-free: the CLI's `report` and the GUI's File > Export report share it.

#include "jobs/jobcontext.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct RunReportRequest {
  std::filesystem::path runDir;
  std::filesystem::path out;  // FILE.html
  std::string dataDir;        // looked in first for the run's dataset
  int mapPoints = 2000;       // test items on the latent maps
  bool tsne = true;           // also the t-SNE map (PCA always)
};

struct RunReportResult {
  std::filesystem::path html;
  std::vector<std::filesystem::path> files;  // the figures and tables beside it
  std::vector<std::string> sections;         // the sections with content, in order
  std::vector<std::string> missing;          // "Latent map: <why>" for sections left without content
};

// The figures folder of a report: "lab.html" -> "lab-figures".
std::filesystem::path reportFiguresDir(const std::filesystem::path& html);

// Writes the report. Throws a usage Error naming {out} when `out` does not end in
// .html, an input Error naming the folder when it holds no run, JobCancelled when the
// job is cancelled (checked between sections and inside the latent map). Sections
// that need the dataset or the weights say why they are missing instead of failing.
RunReportResult writeRunReport(RunReportRequest request, const JobContext& job = {});

}  // namespace latentlab
