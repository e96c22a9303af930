#include "report/comparisonreport.h"

#include "common/error.h"
#include "report/pngwriter.h"
#include "report/runcharts.h"
#include "report/svgplot.h"
#include "run/runcomparison.h"
#include "run/runfolder.h"
#include "run/runreconstructions.h"
#include "run/runsummary.h"
#include "sweep/sweepparallel.h"
#include "sweep/sweepplan.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

namespace latentlab {

namespace fs = std::filesystem;

namespace {

// Curves with more runs than this stop being readable; the best ones are drawn.
constexpr std::size_t kMaxCurves = 10;

std::string fixed(double value, int decimals) {
  return fixedText(value, decimals);
}

// "3 · 003-lr0.02-latent2" shortened for a legend.
std::string legendName(std::size_t row, const std::string& name) {
  std::string text = std::to_string(row + 1) + " " + name;
  return text.size() > 22 ? text.substr(0, 21) + "…" : text;
}

double lossOf(const RunSummary& run) {
  return run.epochsDone > 0 ? run.bestValidationLoss : NAN;
}

// The runs in order of best validation loss (runs without one last, in their order).
std::vector<std::size_t> rankedRuns(const std::vector<RunSummary>& runs) {
  std::vector<std::size_t> order(runs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double la = lossOf(runs[a]), lb = lossOf(runs[b]);
    if (std::isfinite(la) != std::isfinite(lb)) return std::isfinite(la);
    return std::isfinite(la) && la < lb;
  });
  return order;
}

// A comparison's parallel coordinates: the differing settings of the table as axes.
ParallelData comparisonParallelData(const ComparisonTable& table, const std::vector<RunSummary>& runs) {
  SweepPlan plan;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (!table.differs[c] || table.columns[c].group != RunColumnGroup::Setting) continue;
    SweepAxis axis;
    axis.key = table.columns[c].label;
    for (const auto& row : table.rows)
      if (std::find(axis.values.begin(), axis.values.end(), row[c].text) == axis.values.end() && !row[c].text.empty())
        axis.values.push_back(row[c].text);
    plan.axes.push_back(axis);
  }
  std::vector<double> metric;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    SweepRun run;
    run.name = runs[r].name();
    for (std::size_t c = 0, a = 0; c < table.columns.size(); ++c)
      if (table.differs[c] && table.columns[c].group == RunColumnGroup::Setting)
        run.settings.emplace_back(plan.axes[a++].key, table.rows[r][c].text);
    plan.runs.push_back(run);
    metric.push_back(lossOf(runs[r]));
  }
  return sweepParallelData(plan, metric, "Best val loss", table.bestRow);
}

}  // namespace

ReportResult writeComparisonReport(ComparisonReportRequest request, const JobContext& job) {
  const auto start = std::chrono::steady_clock::now();
  job.throwIfCancelled();
  checkReportOutputs(request);
  const bool isSweep = !request.sweepDir.empty();
  SweepPlan plan;
  std::vector<fs::path> folders;
  std::vector<int> planIndex;  // per folder: its run in the sweep plan
  if (isSweep) {
    if (!isSweepFolder(request.sweepDir))
      throw inputError(request.sweepDir.string() +
                       " is not a sweep folder (no sweep.json); choose a folder written "
                       "by `latentlab-cli sweep` or Training > New sweep");
    plan = readSweepPlan(request.sweepDir);
    for (std::size_t i = 0; i < plan.runs.size(); ++i) {
      const fs::path folder = request.sweepDir / plan.runs[i].name;
      if (!looksLikeRunFolder(folder) || summarizeRun(folder).epochsDone == 0) continue;
      folders.push_back(folder);
      planIndex.push_back(int(i));
    }
    if (folders.empty())
      throw usageError("the sweep in " + request.sweepDir.string() +
                       " has no run with a finished epoch yet; resume it first ({sweep})");
  } else {
    for (const auto& run : request.runs) {
      if (!looksLikeRunFolder(run))
        throw inputError(run.string() + " is not a run folder (no spec.json, config.json, metrics.csv or checkpoint)");
      folders.push_back(run);
    }
    if (folders.size() < 2) throw usageError("a comparison report needs at least 2 runs ({run})");
  }
  std::vector<RunSummary> runs;
  for (const auto& folder : folders) runs.push_back(summarizeRun(folder));

  ReportResult result;
  ReportBuilder w(request, result);
  const ComparisonTable table = compareRuns(runs);
  const std::vector<std::size_t> ranked = rankedRuns(runs);

  job.report(0.0, "Runs");
  if (isSweep) {
    w.title("Sweep report: " + plan.name);
    std::string grid;
    for (const auto& axis : plan.axes) {
      grid += (grid.empty() ? "" : "; ") + axis.key + " = ";
      for (std::size_t v = 0; v < axis.values.size(); ++v) grid += (v ? ", " : "") + axis.values[v];
    }
    std::map<std::string, int> states;
    for (const auto& run : plan.runs) ++states[sweepRunStateName(run.state)];
    std::string counts;
    for (const auto& [state, count] : states)
      counts += (counts.empty() ? "" : ", ") + std::to_string(count) + " " + state;
    w.paragraph("Sweep folder: " + fs::absolute(request.sweepDir).lexically_normal().string() + ". " +
                std::to_string(plan.runs.size()) + " runs over the grid " + grid + " (" + counts + ")" +
                (plan.halvingRungEpochs > 0
                     ? ", with successive halving from " + std::to_string(plan.halvingRungEpochs) + " epochs"
                     : std::string()) +
                "; " + std::to_string(runs.size()) + " of them have results.");
  } else {
    w.title("Comparison of " + std::to_string(runs.size()) + " runs");
    w.paragraph("Runs: " + [&] {
      std::string names;
      for (const auto& run : runs) names += (names.empty() ? "" : ", ") + run.name();
      return names;
    }() + ".");
  }

  // Summary table
  w.section("Summary");
  {
    // On the page: the name, the settings that differ and the main results; every column in the CSV.
    static const std::vector<std::string> kResults{"epochs_done", "best_val_loss",  "psnr",
                                                   "ssim",        "probe_accuracy", "train_seconds"};
    std::vector<std::size_t> shown;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const RunColumn& column = table.columns[c];
      const bool result = std::find(kResults.begin(), kResults.end(), column.key) != kResults.end();
      const bool anyValue = std::any_of(table.rows.begin(), table.rows.end(),
                                        [&](const std::vector<RunValue>& row) { return !row[c].text.empty(); });
      if (column.key == "name" ||
          (column.group == RunColumnGroup::Setting && table.differs[c] && column.key != "params") ||
          (result && anyValue))
        shown.push_back(c);
    }
    std::vector<std::string> header{"#"};
    std::vector<bool> numeric{true};
    for (const std::size_t c : shown) {
      header.push_back(table.columns[c].label + (table.differs[c] ? " *" : ""));
      numeric.push_back(table.columns[c].numeric);
    }
    std::vector<std::vector<std::string>> rows;
    for (const std::size_t r : ranked) {
      std::vector<std::string> row{std::to_string(r + 1)};
      for (const std::size_t c : shown) row.push_back(table.rows[r][c].text);
      if (int(r) == table.bestRow && row.size() > 1) row[1] = "★ " + row[1];
      rows.push_back(row);
    }
    w.paragraph(
        "Best validation loss first; ★ marks the best run, * the settings that differ between the runs. "
        "The number is the run's row in the curves' legends and the reconstruction grid.");
    w.table(header, rows, "");
    w.writeText("summary.csv", comparisonToCsv(table));
    w.note("Table file: summary.csv (every column of the runs library)");
    if (!table.shared.empty()) {
      std::vector<std::vector<std::string>> shared;
      for (const auto& [label, value] : table.shared) shared.push_back({label, value});
      w.paragraph("Settings every run shares:");
      w.table({"Setting", "Value"}, shared, "shared-settings.csv");
    }
    w.filled("Summary");
  }

  // Overlaid curves
  job.throwIfCancelled();
  job.report(0.1, "Curves");
  w.section("Curves");
  {
    LineChart loss, psnr;
    loss.title = "Validation loss";
    loss.yTitle = "Validation loss (log scale)";
    loss.logY = true;
    psnr.title = "Validation PSNR";
    psnr.yTitle = "PSNR (dB)";
    loss.xTitle = psnr.xTitle = "Epoch";
    loss.integerX = psnr.integerX = true;
    loss.height = psnr.height = 340;
    std::size_t drawn = 0;
    for (const std::size_t r : ranked) {
      if (drawn == kMaxCurves) break;
      std::vector<EpochStats> metrics;
      try {
        metrics = RunFolder(folders[r]).readMetrics();
      } catch (const std::exception&) {
        continue;  // its summary row says why
      }
      if (metrics.empty()) continue;
      LineSeries l{legendName(r, runs[r].name()), {}, {}}, p{legendName(r, runs[r].name()), {}, {}};
      for (const auto& row : metrics) {
        l.x.push_back(row.epoch);
        l.y.push_back(row.validationLoss);
        p.x.push_back(row.epoch);
        p.y.push_back(row.validation.psnr);
      }
      loss.series.push_back(l);
      psnr.series.push_back(p);
      ++drawn;
    }
    if (drawn == 0) {
      w.missing("Curves", "no run has a readable metrics.csv");
    } else {
      w.svg(
          "curves.svg", lineChartsSvg({loss, psnr}),
          "Validation loss and PSNR per epoch of each run" +
              (runs.size() > drawn ? " (the " + std::to_string(drawn) + " best of " + std::to_string(runs.size()) + ")"
                                   : std::string()));
      w.filled("Curves");
    }
  }

  // Reconstruction grid
  job.throwIfCancelled();
  w.section("Reconstructions");
  {
    RunReconstructionRequest reconstruction;
    std::vector<std::size_t> rowsShown;
    for (const std::size_t r : ranked) {
      if (int(rowsShown.size()) == std::max(1, request.reconstructionRuns)) break;
      reconstruction.runs.push_back(folders[r]);
      rowsShown.push_back(r);
    }
    reconstruction.dataDir = request.dataDir;
    try {
      const RunReconstructions grid = reconstructRuns(reconstruction, job.part(0.15, 0.85, "Reconstructions"));
      const ImageShape shape = grid.shape;
      std::vector<RasterImage> cells;
      const auto addRow = [&](const std::uint8_t* images, ImageShape imageShape) {
        for (int i = 0; i < grid.count(); ++i)
          cells.push_back(rasterFromPlanar(images + std::size_t(i) * imageShape.pixelCount(), imageShape.channels,
                                           imageShape.height, imageShape.width));
      };
      addRow(grid.originals.data(), shape);
      std::vector<std::vector<std::string>> rows{{"1 (top)", "Test images", "", ""}};
      for (std::size_t i = 0; i < grid.rows.size(); ++i) {
        const auto& row = grid.rows[i];
        const std::size_t r = rowsShown[i];
        if (!row.images.empty()) {
          addRow(row.images.data(), row.shape);
          rows.push_back({std::to_string(rows.size() + 1), std::to_string(r + 1) + " " + runs[r].name(), row.weights,
                          std::to_string(row.epoch)});
        } else {
          rows.push_back({"-", std::to_string(r + 1) + " " + runs[r].name(), "-", row.problem});
        }
      }
      const int scale = std::max(1, 56 / std::max(1, shape.height));
      w.png("reconstructions.png", encodePng(imageGrid(cells, grid.count(), scale, 3)),
            "The same test images (top row) reconstructed by each run, one row per run as listed below", false);
      w.table({"Grid row", "Run", "Weights", "Epoch"}, rows, "reconstructions.csv", {false, false, false, true});
      w.filled("Reconstructions");
    } catch (const Error& failure) {
      w.missing("Reconstructions", failure.what());
    }
  }

  // Parallel coordinates
  job.throwIfCancelled();
  job.report(0.9, "Parallel coordinates");
  w.section("Parallel coordinates");
  {
    ParallelData data;
    if (isSweep) {
      std::vector<double> metric(plan.runs.size(), NAN);
      for (std::size_t f = 0; f < folders.size(); ++f) metric[std::size_t(planIndex[f])] = lossOf(runs[f]);
      const int best = table.bestRow >= 0 ? planIndex[std::size_t(table.bestRow)] : -1;
      data = sweepParallelData(plan, metric, "Best val loss", best);
    } else {
      data = comparisonParallelData(table, runs);
    }
    if (data.axes.size() < 2) {
      w.missing("Parallel coordinates", "the runs differ in no setting");
    } else {
      w.svg("parallel-coordinates.svg", parallelCoordinatesSvg(data, "Settings and best validation loss"),
            "One line per run through its settings to its best validation loss");
      w.filled("Parallel coordinates");
    }
  }

  // Best run
  w.section("Best run");
  if (table.bestRow < 0) {
    w.missing("Best run", "no run has a validation loss yet");
  } else {
    const std::size_t b = std::size_t(table.bestRow);
    const RunSummary& best = runs[b];
    std::string differing;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.differs[c] && table.columns[c].group == RunColumnGroup::Setting)
        differing += (differing.empty() ? "" : ", ") + table.columns[c].label + " " + table.rows[b][c].text;
    w.paragraph(std::to_string(b + 1) + " " + best.name() + " (" + fs::absolute(best.path).lexically_normal().string() +
                "): best validation loss " + fixed(best.bestValidationLoss, 5) + " at epoch " +
                std::to_string(best.bestEpoch) + ", PSNR " + fixed(best.psnr, 2) + " dB, SSIM " + fixed(best.ssim, 3) +
                (differing.empty() ? std::string() : ", with " + differing) +
                ". Its own report (latent maps, samples, probe): latentlab-cli report --run " +
                fs::absolute(best.path).lexically_normal().string() + " --out FILE.pdf");
    try {
      const auto metrics = RunFolder(best.path).readMetrics();
      w.svg("best-run-loss.svg", lineChartSvg(lossChart(metrics, best.loss, "Loss of the best run")),
            "Training and validation loss per epoch of the best run");
    } catch (const std::exception& failure) {
      w.note(std::string("Its metrics.csv cannot be read: ") + failure.what());
    }
    w.filled("Best run");
  }

  finishReport(request, result, start, job);
  return result;
}

}  // namespace latentlab
