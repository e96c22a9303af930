// latentlab-cli sweep: a grid search as a resumable queue of ordinary runs in one folder.

#include "commands.h"
#include "common/error.h"
#include "common/settingtext.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "data/datasetcatalog.h"
#include "device/computedevice.h"
#include "run/runfolder.h"
#include "specsource.h"
#include "sweep/builtinsweeps.h"
#include "sweep/successivehalving.h"
#include "sweep/sweepestimate.h"
#include "sweep/sweeprunner.h"
#include "train/modelfit.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <optional>
#include <set>

namespace latentlab::cli {

namespace {
namespace fs = std::filesystem;

std::atomic<bool> gInterrupted{false};
extern "C" void onSweepInterrupt(int) {
  gInterrupted = true;
}

struct SweepOptions {
  std::string dataset;
  SpecSource source;
  std::string builtin;
  bool list = false;
  std::vector<std::string> grid;
  int epochs = 0;
  int halving = 0;
  std::size_t limit = 0;
  std::string out;
  std::string resume;
  bool json = false;
  bool yes = false;
  bool dryRun = false;
  bool quiet = false;
  std::string dataDir;
  int threads = 0;
  std::string device;
  int imageSize = 0;
  CLI::Option* epochsOption = nullptr;
  CLI::Option* limitOption = nullptr;
  CLI::Option* threadsOption = nullptr;
  CLI::Option* deviceOption = nullptr;
};

// Restores SIGINT's previous handler when the sweep ends, however it ends.
class InterruptScope {
public:
  InterruptScope() : mPrevious(std::signal(SIGINT, onSweepInterrupt)) { gInterrupted = false; }
  ~InterruptScope() { std::signal(SIGINT, mPrevious); }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

private:
  void (*mPrevious)(int);
};

std::string axesText(const std::vector<SweepAxis>& axes) {
  std::string text;
  for (const auto& axis : axes) text += (text.empty() ? "" : " x ") + axis.key;
  return text.empty() ? "no axes" : text;
}

std::string axisText(const SweepAxis& axis) {
  std::string text = axis.key + "=";
  for (std::size_t i = 0; i < axis.values.size(); ++i) text += (i ? "," : "") + axis.values[i];
  return text;
}

std::string epochsText(long long epochs) {
  return std::to_string(epochs) + (epochs == 1 ? " epoch" : " epochs");
}

std::string lossText(double value) {
  return std::isfinite(value) ? formatFixed(value, 5) : "-";
}

// Settings as JSON: numbers for numeric keys, text for names.
nlohmann::json settingsJson(const SweepSettings& settings) {
  static const std::set<std::string> textKeys = {"loss", "optimizer", "corruption"};
  static const std::set<std::string> wholeKeys = {"latent", "batch", "seed"};
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : settings) {
    if (textKeys.count(key))
      object[key] = value;
    else if (wholeKeys.count(key))
      object[key] = std::stoll(value);
    else
      object[key] = std::stod(value);
  }
  return object;
}

void printBuiltinSweeps(bool json) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& sweep : builtinSweeps()) {
    const long long runs = gridSize(sweep.axes);
    if (json) {
      nlohmann::json axes = nlohmann::json::array();
      for (const auto& axis : sweep.axes) axes.push_back({{"key", axis.key}, {"values", axis.values}});
      list.push_back({{"name", sweep.name},
                      {"description", sweep.description},
                      {"preset", sweep.preset},
                      {"dataset", sweep.dataset},
                      {"epochs", sweep.epochs},
                      {"runs", runs},
                      {"grid", axes}});
      continue;
    }
    std::cout << sweep.name << "\n    " << sweep.description << "\n    --preset " << sweep.preset << " --dataset "
              << sweep.dataset << " --epochs " << sweep.epochs;
    for (const auto& axis : sweep.axes) std::cout << " --grid " << axisText(axis);
    std::cout << "  (" << runs << " runs)\n";
  }
  if (json) std::cout << list.dump(2) << "\n";
}

DatasetPtr loadDataset(const TrainConfig& config, const SweepOptions& options, bool talk) {
  const DatasetCatalog catalog(options.dataDir);
  std::vector<std::string> warnings;
  auto dataset = std::make_shared<const Dataset>(catalog.load(config.dataset, datasetLoadOptions(config), &warnings));
  if (!options.quiet)
    for (const auto& warning : warnings) std::cerr << "warning: " << warning << "\n";
  if (talk)
    std::cout << "dataset " << dataset->name << ": " << formatCount(double(dataset->size())) << " images "
              << dataset->shape.toString() << " from " << dataset->source << "\n";
  return dataset;
}

// The options a resumed sweep takes from its sweep.json; giving one is a mistake.
void refuseResumeConflicts(const SweepOptions& options, const CLI::App& command) {
  for (const char* name : {"--out", "--dataset", "--preset", "--spec", "--latent", "--builtin", "--grid", "--epochs",
                           "--halving", "--limit", "--image-size"})
    if (command.count(name) > 0)
      throw usageError(std::string("--resume continues the sweep in ") + options.resume + " as it was planned; drop " +
                       name);
}

// A new sweep's plan from the options: built-in sweep, model, training defaults, grid.
SweepPlan planFromOptions(const SweepOptions& options) {
  std::optional<BuiltinSweep> builtin;
  if (!options.builtin.empty()) {
    builtin = findBuiltinSweep(options.builtin);
    if (!builtin) {
      std::string names;
      for (const auto& sweep : builtinSweeps()) names += (names.empty() ? "" : ", ") + sweep.name;
      throw usageError("unknown built-in sweep '" + options.builtin + "' ({builtin}): use " + names +
                       " (see latentlab-cli sweep --list)");
    }
  }
  if (options.out.empty() && !options.dryRun)
    throw usageError("sweep needs --out DIR, the sweep folder to create (or --resume DIR to continue one)");

  ModelSpec spec;
  std::string preset;
  if (options.source.given()) {
    spec = options.source.load();
    preset = options.source.preset;
  } else if (builtin) {
    SpecSource source = options.source;
    source.preset = builtin->preset;
    spec = source.load();
    preset = builtin->preset;
  } else {
    throw usageError("sweep needs a model: --preset NAME, --spec FILE or --builtin NAME");
  }
  TrainConfig config;
  applyTrainingDefaults(
      config, spec.trainingDefaultsJson,
      options.source.given() ? options.source.trainingSettingsSource() : "the training settings of preset " + preset);
  if (builtin) {
    config.dataset = builtin->dataset;
    config.epochs = builtin->epochs;
  }
  // A dataset path is kept absolute in sweep.json, so --resume works from any folder.
  if (!options.dataset.empty()) config.dataset = DatasetCatalog::storedReference(options.dataset);
  if (options.epochsOption->count()) config.epochs = options.epochs;
  if (options.limitOption->count()) config.limit = options.limit;
  if (options.threadsOption->count()) config.threads = options.threads;
  if (options.deviceOption->count()) config.device = options.device;
  if (options.imageSize > 0) config.imageSize = options.imageSize;
  config.split.seed = config.seed;

  // The built-in's axes, each replaced by a --grid of the same key; other keys are added.
  std::vector<SweepAxis> axes = builtin ? builtin->axes : std::vector<SweepAxis>{};
  std::set<std::string> given;
  for (const auto& text : options.grid) {
    const SweepAxis axis = parseSweepAxis(text);
    if (!given.insert(axis.key).second)
      throw usageError("the sweep key " + axis.key + " is given twice in {grid}; list all its values in one " +
                       axis.key + "=… instead");
    const auto same = std::find_if(axes.begin(), axes.end(), [&](const SweepAxis& a) { return a.key == axis.key; });
    if (same != axes.end())
      *same = axis;
    else
      axes.push_back(axis);
  }
  if (axes.empty())
    throw usageError("a sweep needs at least one axis: --grid KEY=V1,V2,… (for example --grid lr=0.001,0.01)");
  const long long runs = gridSize(axes);
  if (runs > kSweepRunsNeedingConfirmation && runs <= kMaxSweepRuns && !options.yes)
    throw usageError("the grid has " + formatCount(double(runs)) + " runs (more than " +
                     formatCount(double(kSweepRunsNeedingConfirmation)) + "); pass {yes} to start it anyway");
  if (options.halving < 0)
    throw usageError("the successive-halving epochs ({halving}) cannot be negative, not " +
                     std::to_string(options.halving));
  const std::string name = builtin ? builtin->name : fs::path(options.out).lexically_normal().filename().string();
  return planSweep(name.empty() ? std::string("sweep") : name, preset, std::move(spec), std::move(config), axes,
                   options.halving);
}

void describePlan(const SweepPlan& plan, const std::string& folder) {
  const int runs = int(plan.runs.size());
  const int epochs = plan.baseConfig.epochs;
  std::cout << "sweep " << plan.name << ": " << runs << " runs (" << axesText(plan.axes) << "), " << epochs
            << " epochs each, " << lossName(plan.baseConfig.loss) << " loss, "
            << optimizerName(plan.baseConfig.optimizer) << ", batch " << plan.baseConfig.batchSize << ", seed "
            << plan.baseConfig.seed << (folder.empty() ? "" : ", in " + folder) << "\n";
  for (const auto& axis : plan.axes) std::cout << "  " << axisText(axis) << "\n";
  if (plan.halvingRungEpochs > 0) {
    const auto schedule = halvingSchedule(runs, plan.halvingRungEpochs, epochs);
    std::cout << "successive halving:";
    for (std::size_t i = 0; i < schedule.size(); ++i)
      std::cout << (i ? ", " : " ") << schedule[i].runs << (schedule[i].runs == 1 ? " run" : " runs") << " to epoch "
                << schedule[i].epochs;
    std::cout << ": " << scheduleEpochs(schedule) << " epochs instead of " << (long long)runs * epochs << "\n";
  }
  std::cout << "model " << plan.baseSpec.name << " on " << describeDevice(resolveDevice(plan.baseConfig.device))
            << "\n";
}

// Reads the last epoch's metrics of a run folder; empty when it has none (or they are damaged).
std::optional<EpochStats> lastEpoch(const fs::path& runDir) {
  try {
    const auto rows = RunFolder(runDir).readMetrics();
    if (!rows.empty()) return rows.back();
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

nlohmann::json resultJson(const SweepResult& result, const fs::path& folder) {
  const SweepPlan& plan = result.plan;
  nlohmann::json root{{"sweep", plan.name},
                      {"folder", folder.string()},
                      {"dataset", plan.baseConfig.dataset},
                      {"preset", plan.preset},
                      {"model", plan.baseSpec.name},
                      {"epochs", plan.baseConfig.epochs},
                      {"halving", plan.halvingRungEpochs}};
  root["runs"] = nlohmann::json::array();
  for (const auto& run : plan.runs) {
    nlohmann::json metrics{{"best_val_loss", std::isfinite(run.bestValidationLoss)
                                                 ? nlohmann::json(run.bestValidationLoss)
                                                 : nlohmann::json(nullptr)}};
    if (const auto last = lastEpoch(folder / run.name)) {
      metrics["train_loss"] = last->trainLoss;
      metrics["val_loss"] = std::isfinite(last->validationLoss) ? nlohmann::json(last->validationLoss) : nullptr;
      metrics["psnr"] = last->validation.psnr;
      metrics["ssim"] = last->validation.ssim;
    }
    root["runs"].push_back({{"name", run.name},
                            {"settings", settingsJson(run.settings)},
                            {"status", sweepRunStateName(run.state)},
                            {"epochs", run.epochsDone},
                            {"target_epochs", run.targetEpochs},
                            {"metrics", metrics},
                            {"message", renderForCli(run.message)}});
  }
  root["best"] = result.best >= 0 ? nlohmann::json(plan.runs[std::size_t(result.best)].name) : nlohmann::json(nullptr);
  root["finished"] = result.finishedRuns;
  root["diverged"] = result.divergedRuns;
  root["failed"] = result.failedRuns;
  root["pruned"] = result.prunedRuns;
  root["epochs_trained"] = result.epochsTrained;
  root["epochs_without_halving"] = result.epochsWithoutHalving;
  root["epochs_saved"] = std::max(0LL, result.epochsWithoutHalving - result.epochsTrained);
  root["cancelled"] = result.cancelled;
  return root;
}

void printTable(const SweepResult& result) {
  const SweepPlan& plan = result.plan;
  std::vector<std::size_t> order(plan.runs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double la = plan.runs[a].bestValidationLoss, lb = plan.runs[b].bestValidationLoss;
    if (std::isfinite(la) != std::isfinite(lb)) return std::isfinite(la);
    return std::isfinite(la) && la < lb;
  });
  std::size_t width = 3;
  for (const auto& run : plan.runs) width = std::max(width, run.name.size());
  auto pad = [](const std::string& text, std::size_t size) {
    return text + std::string(size > text.size() ? size - text.size() : 0, ' ');
  };
  std::cout << "\n  " << pad("run", width) << "  " << pad("status", 9) << "  epochs  best val loss\n";
  for (const std::size_t i : order) {
    const auto& run = plan.runs[i];
    const bool best = int(i) == result.best;
    std::cout << (best ? "* " : "  ") << pad(run.name, width) << "  " << pad(sweepRunStateName(run.state), 9) << "  "
              << pad(std::to_string(run.epochsDone), 6) << "  " << lossText(run.bestValidationLoss) << "\n";
  }
}

void reportResult(const SweepResult& result, const fs::path& folder, const SweepOptions& options) {
  if (options.json) {
    std::cout << resultJson(result, folder).dump(2) << "\n";
  } else {
    printTable(result);
    if (result.best >= 0) {
      const auto& best = result.plan.runs[std::size_t(result.best)];
      std::cout << "best: " << best.name << " (best validation loss " << lossText(best.bestValidationLoss) << "), in "
                << (folder / best.name).string() << "\n";
    }
    if (result.plan.halvingRungEpochs > 0) {
      const long long saved = std::max(0LL, result.epochsWithoutHalving - result.epochsTrained);
      std::cout << "successive halving trained " << result.epochsTrained << " epochs instead of "
                << result.epochsWithoutHalving << " (saved " << saved << ", "
                << formatFixed(
                       result.epochsWithoutHalving ? 100.0 * double(saved) / double(result.epochsWithoutHalving) : 0.0,
                       0)
                << "%)\n";
    }
  }
  const std::string resume = "latentlab-cli sweep --resume " + folder.string() +
                             (options.dataDir.empty() ? std::string() : " --data-dir " + options.dataDir);
  if (result.cancelled)
    throw runtimeError(
        "the sweep was stopped; finished runs are kept and the stopped one resumes from its last "
        "epoch: continue with: " +
        resume);
  if (result.best < 0)
    throw runtimeError("no run of the sweep finished (" + std::to_string(result.divergedRuns) + " diverged, " +
                       std::to_string(result.failedRuns) + " failed); see sweep.json in " + folder.string());
  if (!options.json && !options.quiet) std::cout << "sweep saved in " << folder.string() << "\n";
}

std::string runLine(const SweepRun& run, int index, int total) {
  std::string line = "[" + std::to_string(index + 1) + "/" + std::to_string(total) + "] " + run.name + "  " +
                     sweepRunStateName(run.state) + "  " + epochsText(run.epochsDone);
  if (std::isfinite(run.bestValidationLoss)) line += "  best val " + lossText(run.bestValidationLoss);
  if (!run.message.empty() && run.state != SweepRunState::Finished) line += "  " + renderForCli(run.message);
  return line;
}

void executeSweep(const fs::path& folder, DatasetPtr dataset, const SweepOptions& options) {
  const bool live = !options.quiet && !options.json && stderrIsTerminal();
  std::ostream& lines = options.json ? std::cerr : std::cout;  // stdout holds only JSON with --json
  TrainingControl control;
  InterruptScope interrupts;
  std::string currentName;
  int total = 0;

  SweepCallbacks callbacks;
  callbacks.training.onBatch = [&](const BatchStats& stats) {
    if (gInterrupted) control.cancel();
    if (!live) return;
    std::cerr << "\r  " << currentName << "  epoch " << stats.epoch << "/" << stats.epochs << "  step " << stats.step
              << "/" << stats.stepsPerEpoch << "  loss " << formatFixed(stats.loss, 5) << "  ETA "
              << formatDuration(stats.etaSeconds) << "    " << std::flush;
  };
  callbacks.training.onEpoch = [&](const EpochStats&, const FilmFrame&, const ModelSnapshotPtr&) {
    if (gInterrupted) control.cancel();
  };
  callbacks.onProgress = [&](const SweepProgress& progress) {
    if (gInterrupted) control.cancel();
    total = progress.totalRuns;
    if (progress.current >= 0) currentName = progress.plan.runs[std::size_t(progress.current)].name;
  };
  callbacks.onRunEnded = [&](const SweepRun& run, int index) {
    if (live) std::cerr << "\r" << std::string(100, ' ') << "\r" << std::flush;
    if (!options.quiet) lines << runLine(run, index, total) << std::endl;
  };
  callbacks.onMessage = [&](const std::string& text) {
    if (!options.quiet) lines << renderForCli(text) << std::endl;
  };

  const SweepResult result = runSweep(folder, std::move(dataset), callbacks, control);
  if (live) std::cerr << "\r" << std::string(100, ' ') << "\r" << std::flush;
  reportResult(result, folder, options);
}

void printEstimate(const SweepPlan& plan, DatasetPtr dataset, const SweepOptions& options) {
  const bool live = !options.quiet && !options.json && stderrIsTerminal();
  const SweepEstimate estimate = estimateSweep(plan, std::move(dataset), terminalProgress(live));
  clearTerminalProgress(live);
  if (options.json) {
    nlohmann::json root{{"sweep", plan.name},
                        {"runs", plan.runs.size()},
                        {"epochs", estimate.epochs},
                        {"seconds", estimate.seconds},
                        {"seconds_per_epoch", estimate.secondsPerEpoch}};
    std::cout << root.dump(2) << "\n";
    return;
  }
  std::cout << "estimate: " << estimate.epochs << " epochs to train, about " << formatDuration(estimate.seconds) << " ("
            << formatDuration(estimate.secondsPerEpoch) << " per epoch); nothing was written\n";
}

void runSweepCommand(const SweepOptions& options, const CLI::App& command) {
  if (options.list) {
    printBuiltinSweeps(options.json);
    return;
  }
  const bool talk = !options.quiet && !options.json;
  if (!options.resume.empty()) {
    refuseResumeConflicts(options, command);
    const fs::path folder = options.resume;
    SweepPlan plan = readSweepPlan(folder);
    bool changed = false;
    if (options.threadsOption->count()) {
      plan.baseConfig.threads = options.threads;
      changed = true;
    }
    if (options.deviceOption->count()) {
      plan.baseConfig.device = options.device;
      changed = true;
    }
    if (changed) validateTrainConfig(plan.baseConfig);
    if (talk) describePlan(plan, folder.string());
    DatasetPtr dataset = loadDataset(plan.baseConfig, options, talk);
    checkModelFitsDataset(plan.baseSpec, *dataset);
    if (options.dryRun) {
      printEstimate(plan, dataset, options);
      return;
    }
    if (changed) writeSweepPlan(folder, plan);
    executeSweep(folder, std::move(dataset), options);
    return;
  }

  const SweepPlan plan = planFromOptions(options);
  const fs::path folder = options.out;
  if (!options.dryRun) checkNewSweepFolder(folder);  // before loading data: refuse fast, change nothing
  if (talk) describePlan(plan, options.dryRun ? std::string() : folder.string());
  DatasetPtr dataset = loadDataset(plan.baseConfig, options, talk);
  checkModelFitsDataset(plan.baseSpec, *dataset);
  if (options.dryRun) {
    printEstimate(plan, dataset, options);
    return;
  }
  createSweepFolder(folder, plan);
  executeSweep(folder, std::move(dataset), options);
}
}  // namespace

void addSweepCommand(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  auto* command = app.add_subcommand(
      "sweep", "Grid search: train one run per combination of settings into a resumable sweep folder");
  command->add_option("--dataset", options->dataset, "Dataset name (mnist, fashion-mnist, …) or path");
  options->source.addOptions(*command);
  command->add_option("--builtin", options->builtin, "Start from a built-in sweep (see --list)");
  command->add_flag("--list", options->list, "List the built-in sweeps");
  std::string keys;
  for (const auto& [key, description] : sweepKeys()) keys += (keys.empty() ? "" : ", ") + key;
  command
      ->add_option("--grid", options->grid, "KEY=V1,V2,… or KEY=LOW:HIGH:N[:log]; repeat for more axes (" + keys + ")")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  options->epochsOption = command->add_option("--epochs", options->epochs, "Epochs of every run");
  command->add_option("--halving", options->halving,
                      "Successive halving: after K epochs keep the better half, double, repeat");
  options->limitOption =
      command->add_option("--limit", options->limit, "Use at most N images")->check(nonNegativeCount());
  command->add_option("--out", options->out, "Sweep folder to create (never overwritten)");
  command->add_option("--resume", options->resume, "Continue the sweep in this folder");
  command->add_flag("--json", options->json, "Print only JSON on stdout (runs, settings, metrics, status, best)");
  command->add_flag("--yes", options->yes, "Start a grid of more than 1,000 runs");
  command->add_flag("--dry-run", options->dryRun, "Print the plan and a time estimate; write nothing");
  command->add_flag("--quiet", options->quiet, "Print only the result");
  command->add_option("--data-dir", options->dataDir, "Look here first for named datasets");
  options->threadsOption = command->add_option("--threads", options->threads, "Training threads (0 = all but one)");
  options->deviceOption = command->add_option("--device", options->device, "auto, cpu or cuda");
  command->add_option("--image-size", options->imageSize, "Image folders: resize images to N x N pixels")
      ->check(imageSide());
  command->callback([options, command] { runSweepCommand(*options, *command); });
}

}  // namespace latentlab::cli
