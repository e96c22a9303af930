#include "report/runreport.h"

#include "common/atomicfile.h"
#include "common/buildinfo.h"
#include "common/error.h"
#include "data/datasplit.h"
#include "evaluate/ganevaluation.h"
#include "evaluate/oodevaluation.h"
#include "jsontext.h"
#include "latent/datasetencoding.h"
#include "latent/mapjob.h"
#include "modelsummary.h"
#include "probe/linearprobe.h"
#include "report/corruptionfigure.h"
#include "report/ganreport.h"
#include "report/pngwriter.h"
#include "report/reportoutput.h"
#include "report/runcharts.h"
#include "report/svgplot.h"
#include "run/runcolumns.h"
#include "run/runfolder.h"
#include "run/runsummary.h"
#include "sample/codesampling.h"

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

std::string fixed(double value, int decimals) {
  return fixedText(value, decimals);
}

// Both sets' errors as step outlines over shared bins (to the 99th percentile, so a few
// huge errors do not squash the rest), each as a share of its own set.
std::string errorHistogramSvg(const std::vector<float>& own, const std::vector<float>& other,
                              const std::string& ownName, const std::string& otherName) {
  std::vector<float> all(own);
  all.insert(all.end(), other.begin(), other.end());
  std::sort(all.begin(), all.end());
  const double high = all.empty() ? 1.0 : std::max(1e-12, double(all[std::size_t(0.99 * double(all.size() - 1))]));
  const int bins = 40;
  const auto series = [&](const std::vector<float>& values, const std::string& name) {
    std::vector<double> counts(bins, 0.0);
    for (const float value : values) counts[std::size_t(std::clamp(int(value / high * bins), 0, bins - 1))] += 1.0;
    LineSeries line{name, {}, {}};
    for (int b = 0; b < bins; ++b) {
      const double share = values.empty() ? 0.0 : 100.0 * counts[std::size_t(b)] / double(values.size());
      line.x.push_back(high * b / bins);
      line.y.push_back(share);
      line.x.push_back(high * (b + 1) / bins);
      line.y.push_back(share);
    }
    return line;
  };
  LineChart chart;
  chart.title = "Reconstruction error";
  chart.xTitle = "Mean squared error per pixel (last bin: 99th percentile and above)";
  chart.yTitle = "Share of the set (%)";
  chart.series = {series(own, ownName), series(other, otherName)};
  chart.height = 320;
  return lineChartSvg(chart);
}

}  // namespace

RunReportResult writeRunReport(RunReportRequest request, const JobContext& job) {
  const auto start = std::chrono::steady_clock::now();
  job.throwIfCancelled();
  checkReportOutputs(request);
  if (!looksLikeRunFolder(request.runDir))
    throw inputError(request.runDir.string() +
                     " is not a run folder (no spec.json, config.json, metrics.csv or "
                     "checkpoint); choose a folder written by train");
  if (request.mapPoints < 10) throw usageError("the latent map needs at least 10 points ({points})");

  RunReportResult result;
  ReportBuilder w(request, result);
  const RunFolder folder(request.runDir);

  // Run facts
  job.report(0.0, "Run");
  const RunSummary summary = summarizeRun(request.runDir);
  w.title("Lab report: " + summary.name());
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
    const auto config = parseJsonText(readTextFile(folder.configFile()));  // depth-limited, see jsontext.h
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
    // A GAN's plan keeps the autoencoder's sections: encoder = D's body, latent = D's head, decoder = G.
    auto part = [&](const std::string& section) -> std::string {
      if (!model.gan) return section;
      if (section == "encoder") return "discriminator";
      if (section == "latent") return "discriminator head";
      if (section == "decoder") return "generator";
      return section;
    };
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : model.rows)
      rows.push_back({part(row.section), row.layer, row.outputShape, withThousands(row.parameters)});
    rows.push_back({"", "Total trainable parameters", "", withThousands(model.totalParameters)});
    w.paragraph(model.gan
                    ? "Images " + model.inputShape + ", z of " + model.codeShape + "; generator " +
                          withThousands(model.generatorParameters) + " + discriminator " +
                          withThousands(model.discriminatorParameters) + " = " + withThousands(model.totalParameters) +
                          " trainable parameters. Output shapes are channels x height x width."
                    : "Input " + model.inputShape + ", code " + model.codeShape + ", " +
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
  if (isGanRun(request.runDir)) {
    addGanSections(w, request.runDir, metrics, metricsProblem, summary.seed, job);
    finishReport(request, result, start, job);
    return result;
  }
  w.section("Loss curves");
  if (metrics.empty()) {
    w.missing("Loss curves", metricsProblem);
  } else {
    w.svg("loss.svg", lineChartSvg(lossChart(metrics, summary.loss, "Training and validation loss")),
          "Loss per epoch: training (mean over the epoch's batches) and validation");
    w.writeText("metrics.csv", readTextFile(folder.metricsFile()));
    w.note("Table file: metrics.csv (every epoch's losses, quality, time and learning rate)");
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
              "Reconstructions after epoch " + std::to_string(epoch), true);
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
      w.note("t-SNE map left out (--no-tsne).");
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
          "Top row: test images; bottom row: their reconstructions", false);
    w.filled("Reconstructions");

    // Generated samples
    job.throwIfCancelled();
    job.report(0.92, "Generated samples");
    w.section("Generated samples");
    const CodeDistribution distribution = codeDistribution(model, &codes);
    w.paragraph(distribution.prior
                    ? "16 images decoded from codes drawn from the VAE's prior, a standard normal distribution."
                    : "16 images decoded from codes drawn from a Gaussian fitted to the test codes (each code "
                      "value's mean and standard deviation; a plain autoencoder has no prior to sample).");
    const std::vector<float> sampleCodes = drawCodes(distribution, 16, summary.seed + 1);
    const std::vector<float> samples = model.decode(sampleCodes.data(), 16);
    cells.clear();
    for (int n = 0; n < 16; ++n)
      cells.push_back(
          rasterFromPlanar(samples.data() + std::size_t(n) * out.pixelCount(), out.channels, out.height, out.width));
    w.png("samples.png", encodePng(imageGrid(cells, 8, scale, 4)), "Generated samples", false);
    w.filled("Generated samples");

    // What a denoising, inpainting or colorization run learned to undo.
    Corruption corruption;
    try {
      corruption = Corruption::parse(summary.corruption);
    } catch (const Error&) {
      // summarizeRun already reported a damaged config; the section is simply left out.
    }
    if (!corruption.empty()) {
      job.throwIfCancelled();
      const std::string task = corruptionTask(corruption);
      w.section(task);
      const CorruptionFigure figure =
          corruptionFigure(model, dataset, picked, items.indices, corruption, summary.seed, job.part(0.92, 0.95, task));
      w.paragraph("The run was trained to undo \"" + corruption.toString() + "\". On " +
                  std::to_string(figure.quality.count) + " test images corrupted the same way (seed " +
                  std::to_string(summary.seed) + "): the corrupted inputs score " +
                  fixed(figure.quality.corrupted.psnr, 2) + " dB PSNR and " + fixed(figure.quality.corrupted.ssim, 3) +
                  " SSIM against the clean images, the model's outputs " + fixed(figure.quality.output.psnr, 2) +
                  " dB and " + fixed(figure.quality.output.ssim, 3) + ".");
      std::string file = task;
      std::transform(file.begin(), file.end(), file.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      w.png(file + ".png", encodePng(figure.grid),
            "Top row: corrupted test images; middle: the model's outputs; bottom: the clean images", false);
      w.table({"Images", "PSNR (dB)", "SSIM", "MSE per pixel"},
              {{"Corrupted inputs", fixed(figure.quality.corrupted.psnr, 2), fixed(figure.quality.corrupted.ssim, 4),
                fixed(figure.quality.corrupted.mse, 6)},
               {"Model outputs", fixed(figure.quality.output.psnr, 2), fixed(figure.quality.output.ssim, 4),
                fixed(figure.quality.output.mse, 6)}},
              file + "-quality.csv", {false, true, true, true});
      w.filled(task);
    }

    // Anomaly detection: the reconstruction error of another dataset's images against the run's own.
    if (!request.anomalyWith.empty()) {
      job.throwIfCancelled();
      w.section("Anomaly detection");
      try {
        const OodScores scores = scoreOod(model, dataset, items.indices,
                                          OtherSet{request.anomalyWith, items.indices.size(), request.dataDir, 0},
                                          job.part(0.95, 0.97, "Anomaly detection"));
        w.paragraph("Reconstruction error as an anomaly score: " + std::to_string(scores.inlierErrors.size()) +
                    " test images of " + items.datasetName + " against " + std::to_string(scores.otherErrors.size()) +
                    " images of " + request.anomalyWith + " (converted to the model's input). ROC AUC " +
                    fixed(scores.roc.auc, 3) + " (1 separates them perfectly, 0.5 is chance).");
        w.svg("anomaly-errors.svg",
              errorHistogramSvg(scores.inlierErrors, scores.otherErrors, items.datasetName, request.anomalyWith),
              "Distribution of the reconstruction error of both sets");
        LineChart roc;
        roc.title = "ROC curve (AUC " + fixed(scores.roc.auc, 3) + ")";
        roc.xTitle = "False positive rate (share of " + items.datasetName + " flagged)";
        roc.yTitle = "True positive rate";
        roc.series = {{"Reconstruction error", scores.roc.falsePositiveRate, scores.roc.truePositiveRate},
                      {"Chance", {0.0, 1.0}, {0.0, 1.0}}};
        w.svg("anomaly-roc.svg", lineChartSvg(roc), "Share of the other set flagged against the share of the own set");
        w.filled("Anomaly detection");
      } catch (const Error& failure) {
        w.missing("Anomaly detection", failure.what());
      }
    }
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

  finishReport(request, result, start, job);
  return result;
}

}  // namespace latentlab
