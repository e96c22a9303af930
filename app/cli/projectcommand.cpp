#include "commands.h"
#include "common/atomicfile.h"
#include "common/error.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "latent/datasetencoding.h"
#include "latent/pca.h"
#include "latent/trustworthiness.h"
#include "latent/tsne.h"

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
  int iterations = 750;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
  bool quiet = false;
};

void writeMapCsv(const std::string& file, const EncodedSet& codes, const std::vector<float>& positions) {
  writeFileAtomically(file, [&](std::ostream& out) {
    out.precision(std::numeric_limits<float>::max_digits10);
    out << "index,label,x,y\n";
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
  const RunItems items = loadRunItems(options.items.run, request);
  const bool live = !options.quiet && !options.json && stderrIsTerminal();

  EncodeOptions encode;
  encode.threads = options.threads;
  encode.reconstructionErrors = false;
  const auto encoded = encodeDataset(*items.model, *items.dataset, items.indices, encode, [live](double fraction) {
    if (live) std::cerr << "\r  encoding " << formatFixed(100.0 * fraction, 0) << "%   " << std::flush;
    return true;
  });
  const double encodeSeconds = secondsSince(start);
  const EncodedSet& codes = *encoded;
  const std::size_t count = codes.count();
  const int dim = codes.codeSize;

  const auto projectStart = Clock::now();
  std::vector<float> positions;
  nlohmann::json details;
  if (tsne) {
    TsneOptions tsneOptions;
    tsneOptions.perplexity = options.perplexity;
    tsneOptions.iterations = options.iterations;
    tsneOptions.seed = options.seed;
    tsneOptions.threads = options.threads;
    const double largest = (double(count) - 1.0) / 3.0;
    if (!options.perplexityOption->count() && tsneOptions.perplexity >= largest && largest >= 1.0) {
      tsneOptions.perplexity = std::max(1.0, largest - 0.5);
      if (!options.quiet)
        std::cerr << "note: " << count << " points allow a perplexity below " << formatFixed(largest, 1) << "; using "
                  << formatFixed(tsneOptions.perplexity, 1) << "\n";
    }
    positions = runTsne(codes.codes.data(), count, dim, tsneOptions, nullptr, [&](const TsneProgress& step) {
      if (live) std::cerr << "\r  t-SNE iteration " << step.iteration << "/" << step.iterations << "   " << std::flush;
      return true;
    });
    details["perplexity"] = tsneOptions.perplexity;
    details["iterations"] = tsneOptions.iterations;
    details["seed"] = tsneOptions.seed;
  } else {
    const Pca pca = Pca::fit(codes.codes.data(), count, dim, std::min(2, dim));
    positions = pca.transform(codes.codes.data(), count);
    if (pca.components() == 1) {  // a 1-value code lies along x
      std::vector<float> spread(2 * count, 0.0f);
      for (std::size_t i = 0; i < count; ++i) spread[2 * i] = positions[i];
      positions.swap(spread);
    }
    details["explained_variance"] = pca.explainedVarianceRatio();
  }
  const double projectSeconds = secondsSince(projectStart);
  if (live) std::cerr << "\r" << std::string(40, ' ') << "\r";
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
                        {"encode_seconds", encodeSeconds},
                        {"seconds", projectSeconds},
                        {"total_seconds", secondsSince(start)},
                        {"trustworthiness_k", kNeighbours},
                        {"trustworthiness_sample", trust ? sample : 0},
                        {"out", options.out}};
    root["trustworthiness"] = trust ? nlohmann::json(*trust) : nlohmann::json(nullptr);
    root.update(details);
    std::cout << root.dump(2) << "\n";
  } else if (!options.quiet) {
    std::cout << (tsne ? "t-SNE" : "PCA") << " map of " << formatCount(double(count)) << " codes (" << dim
              << " values) from " << items.datasetName << " in " << formatFixed(projectSeconds, 2) << " s";
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
