#include "commands.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "common/settingtext.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "latent/mapjob.h"
#include "latent/trustworthiness.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <limits>

namespace latentlab::cli {

namespace {
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct ProjectOptions {
  RunItemOptions items;
  std::string method;
  std::string out;
  double perplexity = 30.0;
  CLI::Option* perplexityOption = nullptr;
  int iterations = ProjectionOptions{}.iterations;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
  bool quiet = false;
};

void writeMapCsv(const std::string& file, const EncodedSet& codes, const std::vector<float>& positions) {
  writeFileAtomically(file, [&](std::ostream& out) {
    out.precision(std::numeric_limits<float>::max_digits10);
    // A GAN's points are z samples, numbered, not dataset items.
    out << (codes.generated ? "sample,label,x,y\n" : "index,label,x,y\n");
    for (std::size_t i = 0; i < codes.count(); ++i)
      out << codes.indices[i] << "," << codes.labels[i] << "," << positions[2 * i] << "," << positions[2 * i + 1]
          << "\n";
  });
}

void runProject(const ProjectOptions& options) {
  const auto start = Clock::now();
  checkOutputFile(options.out, options.items.run);
  const bool tsne = options.method == "tsne";
  RunItemsRequest request;
  request.dataset = options.items.dataset;
  request.split = options.items.split;
  request.limit = options.items.limit;
  request.dataDir = options.items.dataDir;
  request.imageSize = options.items.imageSize;
  const RunItems items = loadRunItems(options.items.run, request);
  printLoadWarnings(items.warnings);
  const bool live = !options.quiet && !options.json && stderrIsTerminal();

  // The GUI's map job, blocking: the same layout for the same run, items, options and seed.
  MapJobInput input;
  input.snapshot = items.model;
  input.dataset = items.dataset;
  input.indices = items.indices;
  input.reconstructionErrors = false;
  input.projection.method = tsne ? MapMethod::Tsne : MapMethod::Pca;
  input.projection.perplexity = options.perplexity;
  input.projection.iterations = options.iterations;
  input.projection.seed = options.seed;
  input.projection.threads = options.threads;
  const auto projectStart = Clock::now();
  const MapResult map = computeMap(std::move(input), terminalProgress(live));
  clearTerminalProgress(live);
  const EncodedSet& codes = *map.codes;
  const std::size_t count = codes.count();
  const int dim = codes.codeSize;
  const std::vector<float>& positions = map.map->positions();
  if (!options.quiet) {
    for (const auto& note : map.notes) std::cerr << "note: " << renderForCli(note) << "\n";
    if (codes.generated)
      std::cerr << "note: a GAN has no encoder; mapped " << count << " z samples of its generator, labelled by "
                << (map.snapshot && map.snapshot->hasClassifier() ? "its classifier" : "none (no classifier.pt)")
                << "\n";
  }
  nlohmann::json details;
  if (map.method == MapMethod::Tsne) {
    details["perplexity"] = map.perplexity;
    details["iterations"] = options.iterations;
    details["seed"] = options.seed;
  } else if (map.pca) {
    details["explained_variance"] = map.pca->explainedVarianceRatio();
  }
  const double projectSeconds = secondsSince(projectStart);
  writeMapCsv(options.out, codes, positions);

  // Neighbourhood preservation on up to 1,000 seeded points (against all points).
  constexpr int kNeighbours = 10;
  const std::size_t sample = std::min<std::size_t>(count, 1000);
  std::optional<double> trust;
  if (count > 2 * std::size_t(kNeighbours))
    trust = trustworthiness(codes.codes.data(), dim, positions.data(), 2, count, kNeighbours, sample, options.seed);

  if (options.json) {
    nlohmann::json root{{"run", options.items.run},
                        {"dataset", items.datasetName},
                        {"split", options.items.split},
                        {"method", options.method},
                        {"count", count},
                        {"code_size", dim},
                        {"generated", codes.generated},
                        {"seconds", projectSeconds},
                        {"total_seconds", secondsSince(start)},
                        {"trustworthiness_k", kNeighbours},
                        {"trustworthiness_sample", trust ? sample : 0},
                        {"out", options.out}};
    root["trustworthiness"] = trust ? nlohmann::json(*trust) : nlohmann::json(nullptr);
    root.update(details);
    std::cout << root.dump(2) << "\n";
  } else if (!options.quiet) {
    std::cout << (map.method == MapMethod::Tsne ? "t-SNE" : "PCA") << " map of " << formatCount(double(count))
              << (codes.generated ? " generated codes (" : " codes (") << dim << " values) from "
              << (codes.generated ? std::string("the generator") : items.datasetName) << " in "
              << formatFixed(projectSeconds, 2) << " s";
    if (trust) std::cout << ", trustworthiness@" << kNeighbours << " " << formatFixed(*trust, 4);
    std::cout << "; wrote " << options.out << "\n";
  }
}
}  // namespace

void addProjectCommand(CLI::App& app) {
  auto options = std::make_shared<ProjectOptions>();
  auto* command =
      app.add_subcommand("project", "Encode a run's dataset split and write a 2-D map (PCA or t-SNE) as CSV");
  options->items.addOptions(*command);
  command->add_option("--method", options->method, "pca or tsne")->required()->check(CLI::IsMember({"pca", "tsne"}));
  command->add_option("--out", options->out, "CSV file to write: index,label,x,y")->required();
  options->perplexityOption = command
                                  ->add_option("--perplexity", options->perplexity,
                                               "t-SNE perplexity (at least 1, below a third of the points)")
                                  ->capture_default_str();
  command->add_option("--iterations", options->iterations, "t-SNE iterations")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  command->add_option("--seed", options->seed, "t-SNE random seed")->capture_default_str();
  command->add_option("--threads", options->threads, "Threads (0 = all cores)")->check(nonNegativeCount());
  command->add_flag("--json", options->json, "Print JSON: seconds, trustworthiness@10 on a sample, …");
  command->add_flag("--quiet", options->quiet, "Print nothing but errors");
  command->callback([options] {
    if (options->method != "tsne" && options->perplexityOption->count())
      throw usageError("--perplexity applies to --method tsne only");
    if (options->perplexityOption->count() && !(options->perplexity >= 1.0))
      throw usageError("--perplexity must be at least 1 (typical: 5 to 50), not " +
                       formatFixed(options->perplexity, 2));
    runProject(*options);
  });
}

}  // namespace latentlab::cli
