// The lab report (core/report): PNG encoding, SVG charts, and the report of a tiny
// trained run with and without its dataset, its errors and cancellation.

#include "common/atomicfile.h"
#include "common/error.h"
#include "fixtures.h"
#include "probe/linearprobe.h"
#include "quickruns.h"
#include "report/comparisonreport.h"
#include "report/pngwriter.h"
#include "report/reportoutput.h"
#include "report/runreport.h"
#include "report/svgplot.h"
#include "sweep/sweepparallel.h"
#include "sweep/sweepplan.h"
#include "tempdir.h"
#include "tinyspecs.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace latentlab {
namespace {
namespace fs = std::filesystem;

std::uint32_t bigEndian(const std::string& bytes, std::size_t at) {
  return std::uint32_t(std::uint8_t(bytes[at])) << 24 | std::uint32_t(std::uint8_t(bytes[at + 1])) << 16 |
         std::uint32_t(std::uint8_t(bytes[at + 2])) << 8 | std::uint32_t(std::uint8_t(bytes[at + 3]));
}

TEST(PngWriter, WritesSignatureHeaderWithCrcAndInflatableData) {
  RasterImage image{5, 3, 3, {}};
  for (int i = 0; i < 5 * 3 * 3; ++i) image.pixels.push_back(std::uint8_t(i * 5));
  const std::string png = encodePng(image);
  ASSERT_GT(png.size(), 8u + 25u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(bigEndian(png, 8), 13u);
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(bigEndian(png, 16), 5u);
  EXPECT_EQ(bigEndian(png, 20), 3u);
  EXPECT_EQ(png[24], 8);  // bit depth
  EXPECT_EQ(png[25], 2);  // RGB
  const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + 12), 17);
  EXPECT_EQ(bigEndian(png, 29), std::uint32_t(crc));

  // IDAT follows and inflates to the filtered rows.
  const std::size_t idat = 33;
  ASSERT_EQ(png.substr(idat + 4, 4), "IDAT");
  const std::uint32_t length = bigEndian(png, idat);
  std::string raw(std::size_t(3 * (1 + 5 * 3)), '\0');
  uLongf rawSize = uLongf(raw.size());
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(raw.data()), &rawSize,
                       reinterpret_cast<const Bytef*>(png.data() + idat + 8), length),
            Z_OK);
  EXPECT_EQ(rawSize, raw.size());
  EXPECT_EQ(raw[0], 0);
  EXPECT_EQ(std::uint8_t(raw[1 + 14]), image.pixels[14]);
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");

  EXPECT_THROW(encodePng(RasterImage{2, 2, 2, std::vector<std::uint8_t>(8)}), Error);
}

TEST(PngWriter, Base64) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
}

TEST(SvgPlot, LineChartHasAxisTitlesLegendAndReadableText) {
  LineChart chart;
  chart.title = "Loss";
  chart.xTitle = "Epoch";
  chart.yTitle = "Loss (MSE & more)";
  chart.series = {{"Training", {1, 2, 3}, {0.5, 0.3, 0.2}}, {"Validation", {1, 2, 3}, {0.6, 0.4, std::nan("")}}};
  const std::string svg = lineChartSvg(chart);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find(">Epoch<"), std::string::npos);
  EXPECT_NE(svg.find("Loss (MSE &amp; more)"), std::string::npos);
  EXPECT_NE(svg.find(">Training<"), std::string::npos);
  EXPECT_NE(svg.find(">Validation<"), std::string::npos);
  EXPECT_NE(svg.find("width=\"680\""), std::string::npos);
  EXPECT_EQ(svg.find("font-size=\"9\""), std::string::npos);
  EXPECT_EQ(svg.find("font-size=\"10\""), std::string::npos);

  chart.logY = true;
  EXPECT_NE(lineChartSvg(chart).find(">0.5<"), std::string::npos);
}

TEST(SvgPlot, NiceTicks) {
  const auto ticks = niceTicks(0.013, 0.061, 6);
  ASSERT_GE(ticks.size(), 3u);
  EXPECT_LE(ticks.front(), 0.013);
  EXPECT_GE(ticks.back(), 0.061);
  EXPECT_EQ(formatTick(0.02, 0.01), "0.02");
  EXPECT_EQ(formatTick(10, 5), "10");
}

TEST(SvgPlot, ScatterAndConfusionNameTheClasses) {
  ScatterChart scatter;
  scatter.positions = {0, 0, 1, 1, 2, 0};
  scatter.classes = {0, 1, 1};
  scatter.classNames = {"cat", "dog"};
  const std::string points = scatterSvg(scatter);
  EXPECT_NE(points.find(">cat<"), std::string::npos);
  EXPECT_NE(points.find(">dog<"), std::string::npos);
  ConfusionChart confusion;
  confusion.classNames = {"cat", "dog"};
  confusion.counts = {{7, 3}, {0, 12}};
  const std::string matrix = confusionSvg(confusion);
  EXPECT_NE(matrix.find(">12<"), std::string::npos);
  EXPECT_NE(matrix.find("Predicted class"), std::string::npos);
  EXPECT_NE(matrix.find("True class"), std::string::npos);
}

// A tiny conv AE trained for two epochs on 16x16 blobs of four classes in an IDX folder.
class RunReport : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    sDir = std::make_unique<test::TempDir>();
    const ImageShape shape{1, 16, 16};
    test::writeIdxFolder(*sDir / "blobs", test::makeBlobDataset(240, shape, 4, 1),
                         test::makeBlobDataset(80, shape, 4, 2), false);
    TrainingJob job = test::quickJob(test::tinyConvSpec(), (*sDir / "blobs").string(), *sDir / "run", 2);
    ASSERT_EQ(test::trainQuickly(job).status, TrainingStatus::Finished);
    // A denoising run beside it: its report has the task figure, and the two make a comparison.
    TrainingJob noisy = test::quickJob(test::tinyConvSpec(), (*sDir / "blobs").string(), *sDir / "noisy", 2);
    noisy.config.corruption = "gaussian:0.3";
    ASSERT_EQ(test::trainQuickly(noisy).status, TrainingStatus::Finished);
    ProbeResult probe;
    probe.classNames = {"0", "1", "2", "3"};
    probe.confusion = {{5, 1, 0, 0}, {0, 6, 0, 0}, {1, 0, 4, 1}, {0, 0, 0, 6}};
    probe.perClassAccuracy = perClassAccuracy(probe.confusion);
    probe.accuracy = 21.0 / 24.0;
    probe.frozenAccuracy = probe.accuracy;
    probe.knnAccuracy = 0.9;
    probe.trainItems = 180;
    probe.codeSize = 8;
    probe.epoch = 2;
    writeProbeResult(*sDir / "run", probe);
  }
  static void TearDownTestSuite() { sDir.reset(); }
  static fs::path run() { return *sDir / "run"; }
  static fs::path noisy() { return *sDir / "noisy"; }
  static std::unique_ptr<test::TempDir> sDir;
};
std::unique_ptr<test::TempDir> RunReport::sDir;

TEST_F(RunReport, WritesEverySectionWithEmbeddedFiguresAndFilesBeside) {
  test::TempDir out;
  RunReportRequest request;
  request.runDir = run();
  request.out = out / "lab.html";
  request.mapPoints = 60;
  const RunReportResult result = writeRunReport(request);
  ASSERT_TRUE(fs::exists(result.html));
  const std::string page = readTextFile(result.html);
  for (const char* heading :
       {"Run", "Hyperparameters", "Model summary", "Loss curves", "Reconstruction quality", "Reconstruction film",
        "Latent map", "Reconstructions", "Generated samples", "Linear probe"})
    EXPECT_NE(page.find(std::string("<h2>") + heading + "</h2>"), std::string::npos) << heading;
  EXPECT_NE(page.find("data:image/png;base64,"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("plots as SVG"), std::string::npos);  // the footer says why plots are not PNG
  // No film frames (quick runs keep none): the section says so.
  ASSERT_EQ(result.missing.size(), 1u);
  EXPECT_NE(result.missing[0].find("Reconstruction film"), std::string::npos);
  const fs::path figures = out / "lab-figures";
  for (const char* file : {"run.csv", "hyperparameters.csv", "model-summary.csv", "loss.svg", "quality.svg",
                           "metrics.csv", "latent-pca.svg", "latent-tsne.svg", "reconstructions.png", "samples.png",
                           "probe-per-class.csv", "confusion.svg"}) {
    EXPECT_TRUE(fs::exists(figures / file)) << file;
    EXPECT_NE(std::find(result.files.begin(), result.files.end(), figures / file), result.files.end()) << file;
  }
  EXPECT_NE(readTextFile(figures / "hyperparameters.csv").find("lr,"), std::string::npos);
  EXPECT_EQ(readTextFile(figures / "samples.png").substr(1, 3), "PNG");
}

TEST_F(RunReport, WithoutItsDatasetTheDataSectionsSayWhy) {
  const fs::path moved = *sDir / "blobs-away";
  fs::rename(*sDir / "blobs", moved);
  test::TempDir out;
  RunReportRequest request;
  request.runDir = run();
  request.out = out / "lab.html";
  request.tsne = false;
  RunReportResult result;
  EXPECT_NO_THROW(result = writeRunReport(request));
  fs::rename(moved, *sDir / "blobs");
  const std::string page = readTextFile(out / "lab.html");
  EXPECT_NE(page.find("<h2>Latent map</h2>\n<p class=\"missing\">Not available"), std::string::npos);
  EXPECT_NE(page.find("<h2>Generated samples</h2>\n<p class=\"missing\">Not available"), std::string::npos);
  EXPECT_FALSE(fs::exists(out / "lab-figures" / "samples.png"));
  EXPECT_TRUE(fs::exists(out / "lab-figures" / "loss.svg"));
  EXPECT_EQ(result.missing.size(), 4u);  // the film and the three data sections
}

TEST_F(RunReport, ErrorsNameTheFolderAndTheOption) {
  test::TempDir out;
  try {
    RunReportRequest request;
    request.runDir = out.path();
    request.out = out / "lab.html";
    writeRunReport(request);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(error.what()).find(out.path().string()), std::string::npos);
  }
  try {
    RunReportRequest request;
    request.runDir = run();
    request.out = out / "lab.txt";
    writeRunReport(request);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("{out}"), std::string::npos);
  }
}

TEST_F(RunReport, CancelledDuringTheMapThrowsJobCancelled) {
  test::TempDir out;
  CancellationToken token;
  const JobContext job(
      [&](double fraction, const std::string&) {
        if (fraction >= 0.25) token.cancel();
      },
      token);
  RunReportRequest request;
  request.runDir = run();
  request.out = out / "lab.html";
  request.mapPoints = 60;
  EXPECT_THROW(writeRunReport(request, job), JobCancelled);
  EXPECT_FALSE(fs::exists(out / "lab.html"));
}

TEST_F(RunReport, DenoisingRunShowsCorruptedOutputAndCleanWithTheirQuality) {
  test::TempDir out;
  RunReportRequest request;
  request.runDir = noisy();
  request.out = out / "lab.html";
  request.tsne = false;
  request.mapPoints = 40;
  const RunReportResult result = writeRunReport(request);
  EXPECT_NE(std::find(result.sections.begin(), result.sections.end(), "Denoising"), result.sections.end());
  const std::string page = readTextFile(result.html);
  EXPECT_NE(page.find("<h2>Denoising</h2>"), std::string::npos);
  EXPECT_NE(page.find("gaussian:0.3"), std::string::npos);
  const fs::path figures = out / "lab-figures";
  EXPECT_EQ(readTextFile(figures / "denoising.png").substr(1, 3), "PNG");
  // Corrupted inputs and outputs, each scored against the clean images.
  const std::string quality = readTextFile(figures / "denoising-quality.csv");
  EXPECT_NE(quality.find("Corrupted inputs,"), std::string::npos);
  EXPECT_NE(quality.find("Model outputs,"), std::string::npos);
  // The clean run has no task figure.
  RunReportRequest clean = request;
  clean.runDir = run();
  clean.out = out / "clean.html";
  const RunReportResult plain = writeRunReport(clean);
  EXPECT_EQ(std::find(plain.sections.begin(), plain.sections.end(), "Denoising"), plain.sections.end());
}

TEST_F(RunReport, AnomalySectionScoresAnotherDatasetWithRocAndHistogram) {
  test::TempDir out;
  const fs::path other = out / "noise-set";
  test::writeIdxFolder(other, test::makeBlobDataset(40, {1, 16, 16}, 4, 7),
                       test::makeBlobDataset(40, {1, 16, 16}, 4, 8), false);
  RunReportRequest request;
  request.runDir = run();
  request.out = out / "lab.html";
  request.tsne = false;
  request.mapPoints = 40;
  request.anomalyWith = other.string();
  const RunReportResult result = writeRunReport(request);
  EXPECT_NE(std::find(result.sections.begin(), result.sections.end(), "Anomaly detection"), result.sections.end());
  EXPECT_NE(readTextFile(out / "lab-figures" / "anomaly-roc.svg").find("ROC curve (AUC"), std::string::npos);
  EXPECT_NE(readTextFile(out / "lab-figures" / "anomaly-errors.svg").find("Share of the set (%)"), std::string::npos);
  // A dataset that does not exist leaves the section with the reason.
  request.anomalyWith = (out / "missing").string();
  request.out = out / "lab2.html";
  const RunReportResult missing = writeRunReport(request);
  ASSERT_FALSE(missing.missing.empty());
  EXPECT_NE(missing.missing.back().find("Anomaly detection"), std::string::npos);
}

TEST_F(RunReport, PdfNeedsAPdfWriterAndUsesTheOneGiven) {
  test::TempDir out;
  RunReportRequest request;
  request.runDir = run();
  request.out = out / "lab.pdf";
  try {
    writeRunReport(request);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(error.what()).find("built without Qt"), std::string::npos);
  }
  // With renderers: both formats, the charts' PNGs beside their SVGs, the PDF writer gets the document.
  int pdfs = 0;
  std::size_t blocks = 0;
  request.bothFormats = true;
  request.tsne = false;
  request.mapPoints = 40;
  request.renderers.writePdf = [&](const ReportDocument& document, const fs::path& path) {
    ++pdfs;
    blocks = document.blocks.size();
    writeTextFileAtomically(path, "%PDF-1.4 test");
  };
  request.renderers.svgToPng = [](const std::string&, int width) {
    RasterImage image;
    image.width = width;
    image.height = 2;
    image.pixels.assign(std::size_t(width) * 2, 255);
    return encodePng(image);
  };
  const RunReportResult result = writeRunReport(request);
  EXPECT_EQ(pdfs, 1);
  EXPECT_GT(blocks, 20u);
  EXPECT_EQ(result.pdf, out / "lab.pdf");
  EXPECT_EQ(result.html, out / "lab.html");
  EXPECT_TRUE(fs::exists(out / "lab.html"));
  EXPECT_TRUE(fs::exists(out / "lab-figures" / "loss.png"));
  EXPECT_NE(readTextFile(out / "lab.html").find("loss.svg, loss.png"), std::string::npos);
}

TEST_F(RunReport, ComparisonOfTwoRunsHasEverySection) {
  test::TempDir out;
  ComparisonReportRequest request;
  request.runs = {run(), noisy()};
  request.out = out / "compare.html";
  const ReportResult result = writeComparisonReport(request);
  for (const char* section : {"Summary", "Curves", "Reconstructions", "Parallel coordinates", "Best run"})
    EXPECT_NE(std::find(result.sections.begin(), result.sections.end(), section), result.sections.end()) << section;
  EXPECT_TRUE(result.missing.empty());
  const fs::path figures = out / "compare-figures";
  for (const char* file : {"summary.csv", "curves.svg", "reconstructions.png", "reconstructions.csv",
                           "parallel-coordinates.svg", "best-run-loss.svg"})
    EXPECT_TRUE(fs::exists(figures / file)) << file;
  // The runs differ in their corruption only: that is the plot's one setting axis.
  const std::string parallel = readTextFile(figures / "parallel-coordinates.svg");
  EXPECT_NE(parallel.find(">Corruption<"), std::string::npos);
  EXPECT_NE(parallel.find(">gaussian:0.3<"), std::string::npos);
  // Three grid rows: the test images and one per run.
  const std::string rows = readTextFile(figures / "reconstructions.csv");
  EXPECT_NE(rows.find("1 (top),Test images"), std::string::npos);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 4);  // the header, the test images and one row per run
  const std::string page = readTextFile(result.html);
  EXPECT_NE(page.find("★ "), std::string::npos);
  EXPECT_THROW(writeComparisonReport([&] {
                 ComparisonReportRequest one;
                 one.runs = {run()};
                 one.out = out / "one.html";
                 return one;
               }()),
               Error);
}

TEST_F(RunReport, SweepReportRanksItsRunsOnTheGridsAxes) {
  test::TempDir out;
  const fs::path sweep = out / "sweep";
  TrainConfig base = test::quickConfig(2, (*sDir / "blobs").string());
  const SweepPlan plan = planSweep("tiny", "", test::tinyConvSpec(), base, {{"lr", {"0.001", "0.1"}}}, 0);
  createSweepFolder(sweep, plan);
  // The sweep's runs are copies of the two trained runs (the report reads their folders only).
  fs::copy(run(), sweep / plan.runs[0].name, fs::copy_options::recursive);
  fs::copy(noisy(), sweep / plan.runs[1].name, fs::copy_options::recursive);
  ComparisonReportRequest request;
  request.sweepDir = sweep;
  request.out = out / "sweep.html";
  const ReportResult result = writeComparisonReport(request);
  EXPECT_EQ(result.document.title, "Sweep report: tiny");
  const std::string parallel = readTextFile(out / "sweep-figures" / "parallel-coordinates.svg");
  EXPECT_NE(parallel.find(">lr (log)<"), std::string::npos);  // 0.001..0.1 spans two decades
  EXPECT_NE(parallel.find(">0.001<"), std::string::npos);
  EXPECT_NE(parallel.find("#d62728"), std::string::npos);  // the best run
  EXPECT_NE(readTextFile(result.html).find("2 runs over the grid lr = 0.001, 0.1"), std::string::npos);
}

TEST(SweepParallel, AxesFollowTheGridWithTheMetricLast) {
  SweepPlan plan;
  plan.axes = {{"lr", {"0.001", "0.01", "0.1"}}, {"loss", {"mse", "bce"}}, {"latent", {"2", "4"}}};
  for (const auto& [lr, loss] : std::vector<std::pair<std::string, std::string>>{{"0.001", "bce"}, {"0.1", "mse"}}) {
    SweepRun run;
    run.name = lr + loss;
    run.settings = {{"lr", lr}, {"loss", loss}, {"latent", "4"}};
    plan.runs.push_back(run);
  }
  const ParallelData data = sweepParallelData(plan, {0.5, NAN}, "Best val loss", 0);
  ASSERT_EQ(data.axes.size(), 4u);
  EXPECT_TRUE(data.axes[0].logScale);  // 0.001..0.1
  EXPECT_EQ(data.axes[0].ticks, (std::vector<double>{0.001, 0.01, 0.1}));
  EXPECT_EQ(data.axes[1].categories, (std::vector<std::string>{"mse", "bce"}));
  EXPECT_FALSE(data.axes[2].logScale);  // 2..4
  EXPECT_EQ(data.axes[3].title, "Best val loss");
  ASSERT_EQ(data.lines.size(), 1u);  // the run without a metric is left out
  EXPECT_EQ(data.lines[0].values, (std::vector<double>{0.001, 1.0, 4.0, 0.5}));
  EXPECT_EQ(data.bestLine, 0);
}

TEST(ReportOutput, HtmlRendersEveryBlockAndOutputsAreChecked) {
  ReportDocument document;
  document.title = "T<1>";
  ReportBlock table;
  table.kind = ReportBlock::Kind::Table;
  table.header = {"a", "b"};
  table.rows = {{"1", "x&y"}};
  table.numeric = {true, false};
  ReportBlock missing;
  missing.kind = ReportBlock::Kind::Missing;
  missing.text = "Not available: why";
  document.blocks = {missing, table};
  document.footer = "foot";
  const std::string page = renderReportHtml(document);
  EXPECT_NE(page.find("<title>T&lt;1&gt;</title>"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"num\">1</td><td>x&amp;y</td>"), std::string::npos);
  EXPECT_NE(page.find("<p class=\"missing\">Not available: why</p>"), std::string::npos);
  EXPECT_NE(page.find("<footer>foot</footer>"), std::string::npos);
  ReportOutputRequest request;
  request.out = "x.docx";
  EXPECT_THROW(checkReportOutputs(request), Error);
  request.out = "x.html";
  EXPECT_NO_THROW(checkReportOutputs(request));
  request.bothFormats = true;  // the PDF needs a writer
  EXPECT_THROW(checkReportOutputs(request), Error);
  EXPECT_EQ(reportFiguresDir("/a/lab.pdf"), fs::path("/a/lab-figures"));
}

}  // namespace
}  // namespace latentlab
