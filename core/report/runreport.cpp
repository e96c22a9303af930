#include "report/runreport.h"

#include "common/atomicfile.h"
#include "common/buildinfo.h"
#include "common/error.h"
#include "data/datasplit.h"
#include "latent/datasetencoding.h"
#include "latent/mapjob.h"
#include "modelsummary.h"
#include "probe/linearprobe.h"
#include "report/pngwriter.h"
#include "report/svgplot.h"
#include "run/runcolumns.h"
#include "run/runfolder.h"
#include "run/runsummary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <numeric>
#include <random>
#include <regex>

namespace latentlab {

namespace fs = std::filesystem;

namespace {

std::string html(const std::string& text) {
  return xmlEscape(text);
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

// The report as it grows: the HTML body, the files beside it, what is in it and what is not.
class ReportWriter {
public:
  ReportWriter(fs::path figures, RunReportResult& result) : mFigures(std::move(figures)), mResult(result) {}

  void section(const std::string& title) { body += "<h2>" + html(title) + "</h2>\n"; }
  void paragraph(const std::string& text) { body += "<p>" + html(text) + "</p>\n"; }
  void filled(const std::string& title) { mResult.sections.push_back(title); }
  void missing(const std::string& title, const std::string& why) {
    body += "<p class=\"missing\">Not available: " + html(why) + "</p>\n";
    mResult.missing.push_back(title + ": " + why);
  }

  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             const std::string& csvName, const std::vector<bool>& numeric = {}) {
    body += "<table>\n<tr>";
    for (const auto& cell : header) body += "<th>" + html(cell) + "</th>";
    body += "</tr>\n";
    for (const auto& row : rows) {
      body += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i)
        body += (i < numeric.size() && numeric[i] ? "<td class=\"num\">" : "<td>") + html(row[i]) + "</td>";
      body += "</tr>\n";
    }
    body += "</table>\n";
    if (csvName.empty()) return;
    std::string csv;
    const auto line = [&](const std::vector<std::string>& cells) {
      for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csvField(cells[i]);
      csv += "\n";
    };
    line(header);
    for (const auto& row : rows) line(row);
    writeText(csvName, csv);
    caption("Table file: " + csvName);
  }

  void svg(const std::string& name, const std::string& svgText, const std::string& captionText) {
    writeText(name, svgText);
    // Inline: the page CSS scales the 680 px <svg> down to the text width.
    body += "<figure>\n" + svgText + "<figcaption>" + html(captionText) + " (file: " + html(name) +
            ")</figcaption>\n</figure>\n";
  }

  void png(const std::string& name, const std::string& bytes, const std::string& captionText, const std::string& cls) {
    writeFileAtomically(mFigures / name,
                        [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
    mResult.files.push_back(mFigures / name);
    body += "<figure>\n<img class=\"" + cls + "\" alt=\"" + html(captionText) + "\" src=\"data:image/png;base64," +
            base64Encode(bytes) + "\">\n<figcaption>" + html(captionText) + " (file: " + html(name) +
            ")</figcaption>\n</figure>\n";
  }

  void writeText(const std::string& name, const std::string& text) {
    writeTextFileAtomically(mFigures / name, text);
    mResult.files.push_back(mFigures / name);
  }
  void caption(const std::string& text) { body += "<p class=\"file\">" + html(text) + "</p>\n"; }

  std::string body;

private:
  fs::path mFigures;
  RunReportResult& mResult;
};

const char* kStyle = R"(<style>
body { font-family: sans-serif; font-size: 11pt; max-width: 180mm; margin: 12mm auto; color: #111; }
h1 { font-size: 18pt; margin-bottom: 2mm; }
h2 { font-size: 14pt; margin-top: 8mm; border-bottom: 1px solid #888; page-break-after: avoid; }
table { border-collapse: collapse; margin: 2mm 0; font-size: 10pt; }
th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #eee; }
figure { margin: 3mm 0; page-break-inside: avoid; }
figure svg, figure img { max-width: 100%; height: auto; display: block; }
img.pixels { image-rendering: pixelated; width: 100%; }
img.grid { image-rendering: pixelated; }
figcaption, p.file { font-size: 9pt; color: #444; }
p.missing { color: #a00; font-style: italic; }
footer { margin-top: 10mm; font-size: 9pt; color: #444; border-top: 1px solid #888; }
</style>
)";

std::string jsonValueText(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// samples/epoch-NNNN.png files, by epoch.
std::vector<std::pair<int, fs::path>> filmFrames(const fs::path& samples) {
  std::vector<std::pair<int, fs::path>> frames;
  std::error_code error;
  if (!fs::is_directory(samples, error)) return frames;
  static const std::regex name(R"(epoch-(\d+)\.png)");
  for (const auto& entry : fs::directory_iterator(samples, error)) {
    std::smatch match;
    const std::string file = entry.path().filename().string();
    if (std::regex_match(file, match, name)) frames.emplace_back(std::stoi(match[1].str()), entry.path());
  }
  std::sort(frames.begin(), frames.end());
  return frames;
}

std::string readBytes(const fs::path& path) {
  return readTextFile(path);
}

}  // namespace

fs::path reportFiguresDir(const fs::path& htmlFile) {
  return htmlFile.parent_path() / (htmlFile.stem().string() + "-figures");
}

RunReportResult writeRunReport(RunReportRequest request, const JobContext& job) {
  const auto start = std::chrono::steady_clock::now();
  job.throwIfCancelled();
  std::string extension = request.out.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (extension != ".html" && extension != ".htm")
    throw usageError("the report is an HTML file: " + request.out.string() + " does not end in .html ({out})");
  if (!looksLikeRunFolder(request.runDir))
    throw inputError(request.runDir.string() +
                     " is not a run folder (no spec.json, config.json, metrics.csv or "
                     "checkpoint); choose a folder written by train");
  if (request.mapPoints < 10) throw usageError("the latent map needs at least 10 points ({points})");

  RunReportResult result;
  result.html = request.out;
  const fs::path figures = reportFiguresDir(request.out);
  std::error_code error;
  fs::create_directories(figures, error);
  if (error) throw inputError("cannot create " + figures.string() + ": " + error.message());
  ReportWriter w(figures, result);
  const RunFolder folder(request.runDir);

  // Run facts
  job.report(0.0, "Run");
  const RunSummary summary = summarizeRun(request.runDir);
  w.body += "<h1>Lab report: " + html(summary.name()) + "</h1>\n";
  w.paragraph("Run folder: " + fs::absolute(request.runDir).lexically_normal().string());
  w.section("Run");
  {
    std::vector<std::vector<std::string>> rows;
    for (const auto& column : runColumns()) {
      if (column.key == "name") continue;
      const RunValue value = runValue(summary, column.key);
      if (!value.text.empty()) rows.push_back({column.label, value.text});
    }
    if (summary.state == RunState::Broken) w.missing("Run", summary.reason);
    w.table({"Property", "Value"}, rows, "run.csv");
    w.filled("Run");
  }

  // Hyperparameters
  job.throwIfCancelled();
  w.section("Hyperparameters");
  try {
    const auto config = nlohmann::json::parse(readTextFile(folder.configFile()));
    std::vector<std::vector<std::string>> rows;
    for (auto it = config.begin(); it != config.end(); ++it) rows.push_back({it.key(), jsonValueText(it.value())});
    w.table({"Setting", "Value"}, rows, "hyperparameters.csv");
    w.filled("Hyperparameters");
  } catch (const std::exception& failure) {
    w.missing("Hyperparameters", std::string("config.json could not be read: ") + failure.what());
  }

  // Model summary
  job.throwIfCancelled();
  job.report(0.05, "Model");
  w.section("Model summary");
  try {
    const ModelSummary model = summarizeModel(folder.readSpec());
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : model.rows)
      rows.push_back({row.section, row.layer, row.outputShape, withThousands(row.parameters)});
    rows.push_back({"", "Total trainable parameters", "", withThousands(model.totalParameters)});
    w.paragraph("Input " + model.inputShape + ", code " + model.codeShape + ", " +
                withThousands(model.totalParameters) +
                " trainable parameters. Output shapes are channels x height x width.");
    w.table({"Part", "Layer", "Output shape", "Parameters"}, rows, "model-summary.csv", {false, false, false, true});
    w.filled("Model summary");
  } catch (const std::exception& failure) {
    w.missing("Model summary", std::string("spec.json could not be read: ") + failure.what());
  }

  // Loss and quality curves
  job.throwIfCancelled();
  job.report(0.1, "Curves");
  std::vector<EpochStats> metrics;
  std::string metricsProblem = "the run has no finished epoch (metrics.csv is missing or empty)";
  try {
    metrics = folder.readMetrics();
  } catch (const std::exception& failure) {
    metricsProblem = failure.what();
  }
  w.section("Loss curves");
  if (metrics.empty()) {
    w.missing("Loss curves", metricsProblem);
  } else {
    LineChart chart;
    chart.title = "Training and validation loss";
    chart.xTitle = "Epoch";
    chart.yTitle = "Loss (" + (summary.loss.empty() ? std::string("per pixel") : summary.loss) + ")";
    chart.integerX = true;
    LineSeries train{"Training", {}, {}}, validation{"Validation", {}, {}};
    for (const auto& row : metrics) {
      train.x.push_back(row.epoch);
      train.y.push_back(row.trainLoss);
      validation.x.push_back(row.epoch);
      validation.y.push_back(row.validationLoss);
    }
    chart.series = {train, validation};
    w.svg("loss.svg", lineChartSvg(chart), "Loss per epoch: training (mean over the epoch's batches) and validation");
    w.writeText("metrics.csv", readTextFile(folder.metricsFile()));
    w.caption("Table file: metrics.csv (every epoch's losses, quality, time and learning rate)");
    w.filled("Loss curves");
  }
  w.section("Reconstruction quality");
  if (metrics.empty()) {
    w.missing("Reconstruction quality", metricsProblem);
  } else {
    LineChart psnr, ssim;
    psnr.title = "Validation PSNR";
    psnr.yTitle = "PSNR (dB)";
    ssim.title = "Validation SSIM";
    ssim.yTitle = "SSIM (1 = identical)";
    psnr.xTitle = ssim.xTitle = "Epoch";
    psnr.integerX = ssim.integerX = true;
    psnr.height = ssim.height = 300;
    LineSeries p{"PSNR", {}, {}}, s{"SSIM", {}, {}};
    for (const auto& row : metrics) {
      p.x.push_back(row.epoch);
      p.y.push_back(row.validation.psnr);
      s.x.push_back(row.epoch);
      s.y.push_back(row.validation.ssim);
    }
    psnr.series = {p};
    ssim.series = {s};
    w.svg("quality.svg", lineChartsSvg({psnr, ssim}),
          "Reconstruction quality of the validation images per epoch: PSNR (higher is better) and SSIM");
    w.filled("Reconstruction quality");
  }

  // Reconstruction film
  job.throwIfCancelled();
  job.report(0.15, "Film");
  w.section("Reconstruction film");
  {
    const auto frames = filmFrames(folder.samplesDir());
    if (frames.empty()) {
      w.missing("Reconstruction film",
                "the run has no samples/epoch-NNNN.png frames (trained with film samples off, or without image "
                "support)");
    } else {
      std::vector<std::size_t> picks{0, frames.size() / 2, frames.size() - 1};
      picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
      w.paragraph(
          "The same validation images after the first, a middle and the last epoch; in each frame the rows "
          "are the model's input (when it differs from the target), its reconstruction and the target.");
      for (const std::size_t pick : picks) {
        const int epoch = frames[pick].first;
        w.png("film-epoch-" + std::to_string(epoch) + ".png", readBytes(frames[pick].second),
              "Reconstructions after epoch " + std::to_string(epoch), "pixels");
      }
      w.filled("Reconstruction film");
    }
  }

  // The sections that need the weights and the test images.
  job.throwIfCancelled();
  job.report(0.2, "Loading the dataset");
  std::string dataProblem;
  RunItems items;
  try {
    RunItemsRequest itemsRequest;
    itemsRequest.split = "test";
    itemsRequest.limit = std::size_t(request.mapPoints);
    itemsRequest.dataDir = request.dataDir;
    items = loadRunItems(request.runDir, itemsRequest);
  } catch (const Error& failure) {
    dataProblem = failure.what();
  }
  const std::vector<std::string> dataSections{"Latent map", "Reconstructions", "Generated samples"};
  if (!dataProblem.empty()) {
    for (const auto& title : dataSections) {
      w.section(title);
      w.missing(title, "needs the run's weights and its dataset: " + dataProblem);
    }
  } else {
    const ModelSnapshot& model = *items.model;
    const Dataset& dataset = *items.dataset;
    // Latent map
    w.section("Latent map");
    MapJobInput input;
    input.snapshot = items.model;
    input.dataset = items.dataset;
    input.indices = items.indices;
    input.reconstructionErrors = false;
    input.projection.method = MapMethod::Pca;
    const MapResult pcaMap = computeMap(input, job.part(0.2, request.tsne ? 0.4 : 0.8, "Latent map (PCA)"));
    const auto classOf = [&](const EncodedSet& codes) {
      std::vector<int> classes;
      for (const auto label : codes.labels) classes.push_back(int(label));
      return classes;
    };
    const EncodedSet& codes = *pcaMap.codes;
    w.paragraph(std::to_string(codes.count()) + " test images of " + items.datasetName +
                " encoded with the weights of epoch " + std::to_string(model.epoch()) + " (codes of " +
                std::to_string(model.codeSize()) + " values), coloured by their class.");
    {
      ScatterChart chart;
      chart.title = "Latent map, PCA";
      std::string x = "Principal component 1", y = "Principal component 2";
      const std::vector<double> explained = pcaMap.pca ? pcaMap.pca->explainedVarianceRatio() : std::vector<double>{};
      if (explained.size() >= 2) {
        x += " (" + fixed(100.0 * explained[0], 1) + " % of the variance)";
        y += " (" + fixed(100.0 * explained[1], 1) + " %)";
      }
      chart.xTitle = x;
      chart.yTitle = y;
      chart.positions = pcaMap.map->positions();
      chart.classes = classOf(codes);
      chart.classNames = dataset.classNames;
      w.svg("latent-pca.svg", scatterSvg(chart), "The codes projected on their first two principal components");
    }
    if (request.tsne) {
      ProjectionOptions options;
      options.method = MapMethod::Tsne;
      const Projection tsne = projectCodes(codes, options, nullptr, job.part(0.4, 0.8, "Latent map (t-SNE)"));
      ScatterChart chart;
      chart.title = "Latent map, t-SNE";
      chart.xTitle = "t-SNE 1 (no unit)";
      chart.yTitle = "t-SNE 2 (no unit)";
      chart.positions = tsne.positions;
      chart.classes = classOf(codes);
      chart.classNames = dataset.classNames;
      w.svg("latent-tsne.svg", scatterSvg(chart),
            "The codes laid out by t-SNE (perplexity " + fixed(tsne.perplexity, 0) +
                "): neighbours stay near, distances between clusters mean little");
    } else {
      w.caption("t-SNE map left out (--no-tsne).");
    }
    w.filled("Latent map");

    // Reconstructions
    job.throwIfCancelled();
    job.report(0.85, "Reconstructions");
    w.section("Reconstructions");
    const auto picked = pickAcrossClasses(dataset, items.indices, 8);
    const std::vector<float> inputs = modelInputs(model, dataset, picked.data(), picked.size());
    const std::vector<float> pickedCodes = model.encode(inputs.data(), int(picked.size()));
    const std::vector<float> outputs = model.decode(pickedCodes.data(), int(picked.size()));
    const ImageShape out = model.outputShape();
    const int scale = std::max(1, 84 / std::max(1, out.height));
    std::vector<RasterImage> cells;
    for (const std::size_t index : picked)
      cells.push_back(
          rasterFromPlanar(dataset.image(index), dataset.shape.channels, dataset.shape.height, dataset.shape.width));
    for (std::size_t i = 0; i < picked.size(); ++i)
      cells.push_back(rasterFromPlanar(outputs.data() + i * out.pixelCount(), out.channels, out.height, out.width));
    w.png("reconstructions.png", encodePng(imageGrid(cells, int(picked.size()), scale, 4)),
          "Top row: test images; bottom row: their reconstructions", "grid");
    w.filled("Reconstructions");

    // Generated samples
    job.throwIfCancelled();
    job.report(0.92, "Generated samples");
    w.section("Generated samples");
    const int codeSize = model.codeSize();
    std::vector<double> mean(std::size_t(codeSize), 0.0), deviation(std::size_t(codeSize), 1.0);
    if (model.spec().isVariational()) {
      w.paragraph("16 images decoded from codes drawn from the VAE's prior, a standard normal distribution.");
    } else {
      for (int c = 0; c < codeSize; ++c) {
        double sum = 0, squares = 0;
        for (std::size_t i = 0; i < codes.count(); ++i) {
          sum += codes.code(i)[c];
          squares += double(codes.code(i)[c]) * codes.code(i)[c];
        }
        const double n = double(std::max<std::size_t>(codes.count(), 1));
        mean[std::size_t(c)] = sum / n;
        deviation[std::size_t(c)] = std::sqrt(std::max(0.0, squares / n - mean[std::size_t(c)] * mean[std::size_t(c)]));
      }
      w.paragraph(
          "16 images decoded from codes drawn from a Gaussian fitted to the test codes (each code value's "
          "mean and standard deviation; a plain autoencoder has no prior to sample).");
    }
    std::mt19937_64 random(summary.seed + 1);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<float> sampleCodes;
    for (int n = 0; n < 16; ++n)
      for (int c = 0; c < codeSize; ++c)
        sampleCodes.push_back(float(mean[std::size_t(c)] + deviation[std::size_t(c)] * normal(random)));
    const std::vector<float> samples = model.decode(sampleCodes.data(), 16);
    cells.clear();
    for (int n = 0; n < 16; ++n)
      cells.push_back(
          rasterFromPlanar(samples.data() + std::size_t(n) * out.pixelCount(), out.channels, out.height, out.width));
    w.png("samples.png", encodePng(imageGrid(cells, 8, scale, 4)), "Generated samples", "grid");
    w.filled("Generated samples");
  }

  // Linear probe
  job.throwIfCancelled();
  job.report(0.97, "Probe");
  w.section("Linear probe");
  std::optional<ProbeResult> probe;
  std::string probeProblem = "the run has no probe.json; run `latentlab-cli probe --run DIR` first";
  try {
    probe = readProbeResult(request.runDir);
  } catch (const std::exception& failure) {
    probeProblem = failure.what();
  }
  if (!probe) {
    w.missing("Linear probe", probeProblem);
  } else {
    w.paragraph("A linear classifier on the frozen codes of epoch " + std::to_string(probe->epoch) + ", trained on " +
                std::to_string(probe->trainItems) + " labelled training items: test accuracy " +
                fixed(100.0 * probe->accuracy, 2) + " %, k-nearest-neighbour accuracy (k = " +
                std::to_string(probe->knnK) + ") " + fixed(100.0 * probe->knnAccuracy, 2) + " %" +
                (probe->fineTuned ? " (encoder fine-tuned; frozen: " + fixed(100.0 * probe->frozenAccuracy, 2) + " %)"
                                  : std::string()) +
                ".");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t c = 0; c < probe->classNames.size(); ++c) {
      const long long count = c < probe->confusion.size()
                                  ? std::accumulate(probe->confusion[c].begin(), probe->confusion[c].end(), 0LL)
                                  : 0LL;
      rows.push_back({std::to_string(c), probe->classNames[c],
                      c < probe->perClassAccuracy.size() ? fixed(100.0 * probe->perClassAccuracy[c], 2) : "-",
                      std::to_string(count)});
    }
    w.table({"Class", "Name", "Accuracy (%)", "Test items"}, rows, "probe-per-class.csv", {true, false, true, true});
    ConfusionChart chart;
    chart.title = "Linear probe confusion matrix (test items)";
    chart.classNames = probe->classNames;
    chart.counts = probe->confusion;
    w.svg("confusion.svg", confusionSvg(chart),
          "Counts of test items per true and predicted class; the colour is the share of the true class");
    w.filled("Linear probe");
  }

  job.throwIfCancelled();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M", std::localtime(&now));
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Lab report: " +
                     html(summary.name()) + "</title>\n" + kStyle + "</head>\n<body>\n" + w.body;
  page += "<footer>Written by LatentLab " + html(latentlabVersion()) + " on " + date + " in " + fixed(seconds, 1) +
          " s. Every figure is also a file in " + html(figures.filename().string()) +
          "/ beside this report: plots as SVG (vector graphics, sharp at any print size; not PNG), images as PNG, "
          "tables as CSV.</footer>\n</body>\n</html>\n";
  writeTextFileAtomically(request.out, page);
  job.report(1.0, "Done");
  return result;
}

}  // namespace latentlab
