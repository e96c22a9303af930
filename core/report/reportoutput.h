#pragma once

// Shared by every report job: the request's output files (HTML, PDF or both), the
// builder that grows the document while writing each figure and table into the
// figures folder, the HTML writer, and the step that writes the finished report.

#include "report/reportdocument.h"

#include "jobs/jobcontext.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct ReportOutputRequest {
  std::filesystem::path out;  // FILE.html or FILE.pdf; the figures go to <stem>-figures/
  bool bothFormats = false;   // also the other format beside it, with the same stem
  ReportRenderers renderers;  // from a caller with Qt; without them only HTML can be written
};

struct ReportResult {
  std::filesystem::path html;                // empty when not written
  std::filesystem::path pdf;                 // empty when not written
  std::vector<std::filesystem::path> files;  // the figures and tables beside it
  std::vector<std::string> sections;         // the sections with content, in order
  std::vector<std::string> missing;          // "Latent map: <why>" for sections left without content
  ReportDocument document;
};

// The figures folder of a report: "lab.html" -> "lab-figures".
std::filesystem::path reportFiguresDir(const std::filesystem::path& report);

// Checks the request before any work: the extension and whether PDF can be written.
// Throws a usage Error naming {out}.
void checkReportOutputs(const ReportOutputRequest& request);

// The report as it grows: blocks of the document, the files beside it, what is in it
// and what is not. Figures and tables are written as they are added.
class ReportBuilder {
public:
  ReportBuilder(const ReportOutputRequest& request, ReportResult& result);

  void title(const std::string& text);
  void section(const std::string& text);
  void paragraph(const std::string& text);
  void note(const std::string& text);
  void filled(const std::string& section);
  void missing(const std::string& section, const std::string& why);
  // `csvName` empty: no CSV file.
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::string& csvName, const std::vector<bool>& numeric = {});
  // A chart: written as NAME.svg, and as NAME.png when a rasteriser is at hand.
  void svg(const std::string& name, const std::string& svgText, const std::string& caption);
  void png(const std::string& name, const std::string& bytes, const std::string& caption, bool pixelated);
  void writeText(const std::string& name, const std::string& text);

  const std::filesystem::path& figuresDir() const { return mFigures; }

private:
  void addText(ReportBlock::Kind kind, const std::string& text);
  void writeBytes(const std::string& name, const std::string& bytes);

  const ReportOutputRequest& mRequest;
  ReportResult& mResult;
  std::filesystem::path mFigures;
};

std::string renderReportHtml(const ReportDocument& document);

// The last step of every report job: checks `job`, sets the footer (with the time since
// `started`) and writes the HTML and/or PDF the request names into `result`.
void finishReport(const ReportOutputRequest& request, ReportResult& result,
                  std::chrono::steady_clock::time_point started, const JobContext& job);

std::string csvField(const std::string& text);
std::string fixedText(double value, int decimals);  // "-" when not finite

}  // namespace latentlab
