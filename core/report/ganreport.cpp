#include "report/ganreport.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "evaluate/ganevaluation.h"
#include "report/pngwriter.h"
#include "report/svgplot.h"
#include "run/filmstrip.h"
#include "run/runfolder.h"
#include "sample/codesampling.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
LineChart epochChart(const std::string& title, const std::string& yTitle) {
  LineChart chart;
  chart.title = title;
  chart.xTitle = "Epoch";
  chart.yTitle = yTitle;
  chart.integerX = true;
  chart.height = 300;
  return chart;
}

LineSeries epochSeries(const std::string& name, const std::vector<EpochStats>& metrics,
                       double (*value)(const EpochStats&)) {
  LineSeries series{name, {}, {}};
  for (const auto& row : metrics) {
    series.x.push_back(row.epoch);
    series.y.push_back(value(row));
  }
  return series;
}

std::string fixed(double value, int decimals) {
  return fixedText(value, decimals);
}
}  // namespace

void addGanSections(ReportBuilder& w, const std::filesystem::path& runDir, const std::vector<EpochStats>& metrics,
                    const std::string& metricsProblem, std::uint64_t seed, const JobContext& job) {
  const RunFolder folder(runDir);
  const std::vector<std::string> curveSections{"GAN losses", "Domain FID", "Class histogram"};
  if (metrics.empty()) {
    for (const auto& title : curveSections) {
      w.section(title);
      w.missing(title, metricsProblem);
    }
  } else {
    job.report(0.15, "Curves");
    w.section("GAN losses");
    LineChart losses = epochChart("Generator and discriminator loss", "BCE loss");
    losses.series = {epochSeries("generator", metrics, [](const EpochStats& r) { return r.gan.generatorLoss; }),
                     epochSeries("discriminator (real + fake)", metrics,
                                 [](const EpochStats& r) { return r.gan.discriminatorLoss; })};
    LineChart scores = epochChart("Discriminator scores", "mean probability of 'real'");
    scores.series = {
        epochSeries("D(x), real images", metrics, [](const EpochStats& r) { return r.gan.realScore; }),
        epochSeries("D(G(z)), generated images", metrics, [](const EpochStats& r) { return r.gan.fakeScore; })};
    w.svg("gan-losses.svg", lineChartsSvg({losses, scores}),
          "Per epoch, the mean over its steps: both networks' losses, and how sure the discriminator is that real "
          "and generated images are real (0.5 for both is the equilibrium)");
    w.writeText("metrics.csv", readTextFile(folder.metricsFile()));
    w.note("Table file: metrics.csv (every epoch's losses, D scores, FID and class counts)");
    w.filled("GAN losses");

    job.throwIfCancelled();
    w.section("Domain FID");
    const GanRunEvaluation evaluation = evaluateGanRun(runDir);
    LineChart fid = epochChart("Domain FID per epoch (lower is better)", "FID");
    fid.series = {epochSeries("domain FID", metrics, [](const EpochStats& r) { return r.fid; })};
    w.paragraph(
        "The Fréchet distance between 10,000 images generated from the same z every epoch and the real "
        "images, in the features of a small classifier trained on the same dataset (classifier.pt): its last "
        "convolution's 64 activations averaged over the image, as the usual FID uses Inception's pooled "
        "features, divided by the real features' mean variance. It needs no download and compares epochs and runs on "
        "one dataset; it is not comparable with published "
        "FIDs, which use Inception features. First epoch " +
        fixed(evaluation.fidPerEpoch.front(), 2) + ", last " + fixed(evaluation.fid, 2) + ", lowest " +
        (evaluation.bestEpoch > 0 ? fixed(evaluation.fidPerEpoch[std::size_t(evaluation.bestEpoch - 1)], 2) +
                                        " at epoch " + std::to_string(evaluation.bestEpoch) + " (best.pt)"
                                  : std::string("-")) +
        ".");
    w.svg("fid.svg", lineChartSvg(fid), "Domain FID of the generated samples per epoch");
    w.filled("Domain FID");

    w.section("Class histogram");
    const ClassHistogram& histogram = evaluation.histogram;
    if (histogram.counts.empty()) {
      w.missing("Class histogram", "metrics.csv has no class counts (the run's classifier was not trained)");
    } else {
      BarChart bars;
      bars.title = "Generated images per class, epoch " + std::to_string(evaluation.epochs);
      bars.yTitle = "images of " + std::to_string(histogram.total());
      bars.labels = histogram.classNames;
      const auto shares = histogram.shares();
      for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
        bars.values.push_back(double(histogram.counts[i]));
        bars.warn.push_back(shares[i] < kNeverGeneratedShare);
      }
      std::string never;
      for (const int index : evaluation.neverGenerated)
        never += (never.empty() ? "" : ", ") + histogram.classNames[std::size_t(index)];
      w.paragraph("The classifier's verdict on the last epoch's 10,000 samples. " +
                  (never.empty() ? std::string("Every class is generated (at least 1 % of the samples each).")
                                 : "Never generated (under 1 % of the samples, red): " + never +
                                       ". This is mode collapse, seed 002's observation that some digits never "
                                       "come out."));
      w.svg("class-histogram.svg", barChartSvg(bars), "Generated samples per class by the domain classifier");
      std::vector<std::vector<std::string>> rows;
      for (const auto& row : metrics) {
        std::vector<std::string> cells{std::to_string(row.epoch)};
        for (std::size_t i = 0; i < histogram.counts.size(); ++i)
          cells.push_back(i < row.classCounts.size() ? std::to_string(row.classCounts[i]) : "-");
        rows.push_back(cells);
      }
      std::vector<std::string> header{"Epoch"};
      header.insert(header.end(), histogram.classNames.begin(), histogram.classNames.end());
      w.table(header, rows, "class-histogram.csv", std::vector<bool>(header.size(), true));
      w.filled("Class histogram");
    }
  }

  job.throwIfCancelled();
  job.report(0.4, "Film");
  w.section("Sample film");
  std::vector<std::pair<int, std::filesystem::path>> frames;
  for (const auto& row : metrics) {
    const auto path = folder.samplesDir() / filmStripName(row.epoch);
    if (std::filesystem::exists(path)) frames.emplace_back(row.epoch, path);
  }
  if (frames.empty()) {
    w.missing("Sample film", "the run has no samples/epoch-NNNN.png frames (film samples off)");
  } else {
    w.paragraph("Images generated from the same z after the first, a middle and the last epoch.");
    std::vector<std::size_t> picks{0, frames.size() / 2, frames.size() - 1};
    picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
    for (const std::size_t pick : picks)
      w.png("film-epoch-" + std::to_string(frames[pick].first) + ".png", readTextFile(frames[pick].second),
            "Samples after epoch " + std::to_string(frames[pick].first), true);
    w.filled("Sample film");
  }

  job.throwIfCancelled();
  job.report(0.6, "Generated samples");
  w.section("Generated samples");
  try {
    RunSampleRequest request;
    request.runDir = runDir;
    request.count = 64;
    request.columns = 8;
    request.seed = seed + 1;
    const RunSamples samples = sampleRun(request, job.part(0.6, 0.95, "Generating"));
    w.paragraph("64 images from the epoch " + std::to_string(samples.epoch) + " weights (the last epoch), " +
                samples.how + ".");
    w.png("samples.png", encodePng(samples.grid), "Generated samples", false);
    w.filled("Generated samples");
  } catch (const Error& failure) {
    w.missing("Generated samples", failure.what());
  }
}

}  // namespace latentlab
