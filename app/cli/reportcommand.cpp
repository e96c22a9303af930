#include "commands.h"
#include "common/error.h"
#include "consoleformat.h"
#include "report/comparisonreport.h"
#include "report/runreport.h"
#ifdef LATENTLAB_HAVE_REPORT_PDF
#include "reportpdf/reportpdf.h"
#endif

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

namespace latentlab::cli {

void addReportCommand(CLI::App& app) {
  struct Options {
    std::vector<std::string> runs;
    std::string sweep;
    std::string out;
    std::string dataDir;
    std::string anomalyWith;
    int points = 2000;
    bool noTsne = false;
    bool both = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "report",
      "Lab report (HTML and/or PDF) of one run: its facts, hyperparameters, model summary, loss and quality "
      "curves, reconstruction film, latent maps, samples, denoising/inpainting and anomaly figures and probe "
      "results; or of several runs or a sweep: summary table, overlaid curves, reconstruction grid, parallel "
      "coordinates and the best run. Every figure and table is also a file in <out stem>-figures/");
  auto* runOption = command->add_option("--run", options->runs,
                                        "Run folder written by train; give it 2 or more times to compare runs");
  command->add_option("--sweep", options->sweep, "A sweep folder: the report of the whole sweep")->excludes(runOption);
  command->add_option("--out", options->out, "The report to write: FILE.html or FILE.pdf")->required();
  command->add_flag("--both", options->both, "Write the HTML and the PDF (same name, both extensions)");
  command->add_option("--data-dir", options->dataDir, "Look here first for the run's dataset");
  command->add_option("--points", options->points, "Test images on the latent maps")
      ->capture_default_str()
      ->check(CLI::Range(10, 1000000));
  command->add_flag("--no-tsne", options->noTsne, "Leave out the t-SNE map (PCA only; faster)");
  command->add_option("--anomaly", options->anomalyWith,
                      "Add anomaly detection: score this other dataset (a name or path) against the run's test "
                      "images by reconstruction error");
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    const auto start = std::chrono::steady_clock::now();
    if (options->runs.empty() && options->sweep.empty())
      throw usageError("say what to report on: --run DIR (once, or 2 or more times to compare) or --sweep DIR");
    ReportOutputRequest output;
    output.out = options->out;
    output.bothFormats = options->both;
#ifdef LATENTLAB_HAVE_REPORT_PDF
    output.renderers = qtReportRenderers();
#endif
    const bool live = !options->json && stderrIsTerminal();
    ReportResult result;
    if (options->runs.size() == 1) {
      RunReportRequest request;
      static_cast<ReportOutputRequest&>(request) = output;
      request.runDir = options->runs.front();
      request.dataDir = options->dataDir;
      request.mapPoints = options->points;
      request.tsne = !options->noTsne;
      request.anomalyWith = options->anomalyWith;
      result = writeRunReport(request, terminalProgress(live));
    } else {
      if (!options->anomalyWith.empty())
        throw usageError("--anomaly is for the report of one run, not of a comparison or a sweep ({anomaly})");
      ComparisonReportRequest request;
      static_cast<ReportOutputRequest&>(request) = output;
      for (const auto& run : options->runs) request.runs.push_back(run);
      request.sweepDir = options->sweep;
      request.dataDir = options->dataDir;
      result = writeComparisonReport(request, terminalProgress(live));
    }
    clearTerminalProgress(live);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options->json) {
      nlohmann::json root;
      root["html"] = result.html.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.html.string());
      root["pdf"] = result.pdf.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.pdf.string());
      root["files"] = nlohmann::json::array();
      for (const auto& file : result.files) root["files"].push_back(file.string());
      root["sections"] = result.sections;
      root["missing"] = result.missing;
      root["seconds"] = seconds;
      std::cout << root.dump(2) << "\n";
      return;
    }
    for (const auto& report : {result.html, result.pdf})
      if (!report.empty()) std::cout << "wrote " << report.string() << "\n";
    for (const auto& file : result.files) std::cout << "  " << file.string() << "\n";
    for (const auto& missing : result.missing) std::cout << "left out: " << missing << "\n";
    std::cout << "took " << formatFixed(seconds, 1) << " s\n";
  });
}

}  // namespace latentlab::cli
