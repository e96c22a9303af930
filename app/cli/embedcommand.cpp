#include "commands.h"
#include "common/error.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "latent/datasetencoding.h"
#include "latent/projectorexport.h"
#include "run/runfolder.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>

namespace latentlab::cli {

namespace fs = std::filesystem;

void RunItemOptions::addOptions(CLI::App& command) {
  command.add_option("--run", run, "Run folder written by train")->required();
  command.add_option("--dataset", dataset, "Encode another dataset (name or path; default: the run's)");
  command.add_option("--split", split, "Which items: test, val, train or all (the run's seeded split)")
      ->check(CLI::IsMember({"test", "val", "train", "all"}))
      ->capture_default_str();
  command.add_option("--limit", limit, "At most N items, evenly spread over the split (0 = all)")
      ->check(nonNegativeCount());
  command.add_option("--data-dir", dataDir, "Look here first for named datasets");
  command.add_option("--image-size", imageSize, "Image folders: resize images to N x N (default: as the run)")
      ->check(imageSide());
}

void printLoadWarnings(const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings) std::cerr << "warning: " << warning << "\n";
}

void checkOutputFile(const fs::path& out, const fs::path& runDir) {
  if (out.empty()) throw usageError("--out needs a file name");
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(folder))
    throw usageError("the folder of --out " + out.string() + " does not exist; create it or choose another file");
  if (fs::is_directory(out)) throw usageError("--out " + out.string() + " is a folder; give a file name");
  // Never overwrite the run's own files.
  const RunFolder run(runDir);
  std::error_code error;
  const fs::path target = fs::weakly_canonical(out, error);
  for (const fs::path& file :
       {run.specFile(), run.configFile(), run.metricsFile(), run.checkpointFile(), run.bestFile()}) {
    std::error_code ignored;
    if (!error && target == fs::weakly_canonical(file, ignored))
      throw usageError("--out " + out.string() + " would overwrite the run's " + file.filename().string() +
                       "; choose another file");
  }
}

void addEmbedCommand(CLI::App& app) {
  struct Options {
    RunItemOptions items;
    std::string out;
    std::string projector;
    int batch = EncodeOptions{}.batchSize;  // the GUI's batch: a cancel lands within a second
    int threads = 0;
    bool json = false;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("embed", "Encode a dataset split with a run's encoder and write the codes as CSV");
  options->items.addOptions(*command);
  command->add_option("--out", options->out, "CSV file to write: index,label,z0,...,z{n-1}")->required();
  command->add_option("--projector", options->projector,
                      "Also write TensorBoard Embedding Projector files (tensors.tsv, metadata.tsv, sprite.png) here");
  command->add_option("--batch", options->batch, "Images per encoder batch")
      ->check(CLI::Range(1, 1 << 16))
      ->capture_default_str();
  command->add_option("--threads", options->threads, "Encoder threads (0 = all cores)")->check(nonNegativeCount());
  command->add_flag("--json", options->json, "Print JSON");
  command->add_flag("--quiet", options->quiet, "Print nothing but errors");
  command->callback([options] {
    const auto start = std::chrono::steady_clock::now();
    checkOutputFile(options->out, options->items.run);
    RunItemsRequest request;
    request.dataset = options->items.dataset;
    request.split = options->items.split;
    request.limit = options->items.limit;
    request.dataDir = options->items.dataDir;
    request.imageSize = options->items.imageSize;
    const RunItems items = loadRunItems(options->items.run, request);
    printLoadWarnings(items.warnings);

    EncodeOptions encode;
    encode.batchSize = options->batch;
    encode.threads = options->threads;
    encode.reconstructionErrors = false;
    const bool live = !options->quiet && !options->json && stderrIsTerminal();
    const EncodedSet encoded = encodeDataset(*items.model, *items.dataset, items.indices, encode,
                                             terminalProgress(live).part(0, 1, "encoding"));
    clearTerminalProgress(live);
    writeCodesCsv(options->out, encoded);
    std::vector<std::string> warnings;
    if (!options->projector.empty())
      exportProjector(options->projector, encoded, *items.dataset, items.dataset->classNames, &warnings);
    for (const auto& warning : warnings) std::cerr << "warning: " << warning << "\n";
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options->json) {
      nlohmann::json root{{"run", options->items.run},
                          {"dataset", items.datasetName},
                          {"split", options->items.split},
                          {"count", encoded.count()},
                          {"code_size", encoded.codeSize},
                          {"epoch", items.model->epoch()},
                          {"seconds", seconds},
                          {"out", options->out}};
      if (!options->projector.empty()) root["projector"] = options->projector;
      std::cout << root.dump(2) << "\n";
    } else if (!options->quiet) {
      std::cout << "encoded " << formatCount(double(encoded.count())) << " images of " << items.datasetName << " ("
                << options->items.split << " split) into codes of " << encoded.codeSize << " values in "
                << formatFixed(seconds, 2) << " s; wrote " << options->out
                << (options->projector.empty() ? "" : " and projector files in " + options->projector) << "\n";
    }
  });
}

}  // namespace latentlab::cli
