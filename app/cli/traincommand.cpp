#include "commands.h"
#include "common/error.h"
#include "common/settingtext.h"
#include "consoleformat.h"
#include "countvalidator.h"
#include "data/datasetcatalog.h"
#include "device/computedevice.h"
#include "gan/classhistogram.h"
#include "run/runfolder.h"
#include "specsource.h"
#include "train/trainer.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <sstream>

namespace latentlab::cli {

namespace {
std::atomic<bool> gInterrupted{false};
extern "C" void onInterrupt(int) {
  gInterrupted = true;
}

struct TrainOptions {
  std::string dataset;
  SpecSource source;
  std::string out;
  std::string dataDir;
  bool resume = false;
  bool quiet = false;
  TrainConfig overrides;
  bool ignoreOfficialSplit = false;
  std::string loss, optimizer;
  std::vector<CLI::Option*> given;  // options whose values override the preset / the resumed run
  CLI::Option* lossOption = nullptr;
  CLI::Option* optimizerOption = nullptr;
  CLI::Option* ignoreSplitOption = nullptr;
};

// Copies every option the user typed onto `config`.
void applyOverrides(const TrainOptions& options, TrainConfig& config) {
  const TrainConfig& o = options.overrides;
  for (const CLI::Option* option : options.given) {
    if (option->count() == 0) continue;
    const std::string name = option->get_name();
    if (name == "--epochs")
      config.epochs = o.epochs;
    else if (name == "--batch")
      config.batchSize = o.batchSize;
    else if (name == "--lr")
      config.learningRate = o.learningRate;
    else if (name == "--weight-decay")
      config.weightDecay = o.weightDecay;
    else if (name == "--momentum")
      config.momentum = o.momentum;
    else if (name == "--beta")
      config.beta = o.beta;
    else if (name == "--early-stop")
      config.earlyStopPatience = o.earlyStopPatience;
    else if (name == "--corrupt")
      config.corruption = o.corruption;
    else if (name == "--limit")
      config.limit = o.limit;
    else if (name == "--val-fraction")
      config.split.validationFraction = o.split.validationFraction;
    else if (name == "--test-fraction")
      config.split.testFraction = o.split.testFraction;
    else if (name == "--seed")
      config.seed = o.seed;
    else if (name == "--device")
      config.device = o.device;
    else if (name == "--threads")
      config.threads = o.threads;
    else if (name == "--image-size")
      config.imageSize = o.imageSize;
  }
  if (options.lossOption->count()) config.loss = parseLoss(options.loss);
  if (options.optimizerOption->count()) config.optimizer = parseOptimizer(options.optimizer);
  if (options.ignoreSplitOption->count()) config.split.useOfficialTest = false;
  if (!options.dataset.empty()) config.dataset = DatasetCatalog::storedReference(options.dataset);
}

// A GAN's epoch: both losses, D's two scores, the domain FID and the classes it never makes.
std::string ganFigures(const EpochStats& stats) {
  std::string line = "G " + formatFixed(stats.gan.generatorLoss, 3) + "  D " +
                     formatFixed(stats.gan.discriminatorLoss, 3) + "  D(x) " + formatFixed(stats.gan.realScore, 2) +
                     "  D(G(z)) " + formatFixed(stats.gan.fakeScore, 2);
  if (std::isfinite(stats.fid)) line += "  FID " + formatFixed(stats.fid, 2);
  if (!stats.classCounts.empty()) {
    ClassHistogram histogram;
    histogram.counts = stats.classCounts;
    histogram.classNames.resize(stats.classCounts.size());
    const auto missing = classesNeverGenerated(histogram);
    line += "  classes " + std::to_string(stats.classCounts.size() - missing.size()) + "/" +
            std::to_string(stats.classCounts.size());
  }
  return line;
}

std::string epochLine(const EpochStats& stats) {
  std::string line = "epoch " + std::to_string(stats.epoch) + "/" + std::to_string(stats.epochs) + "  " +
                     (stats.gan.isMeasured() ? ganFigures(stats) : "loss " + formatFixed(stats.trainLoss, 5));
  if (std::isfinite(stats.validationLoss))
    line += "  val " + formatFixed(stats.validationLoss, 5) + "  psnr " + formatFixed(stats.validation.psnr, 2) +
            " dB  ssim " + formatFixed(stats.validation.ssim, 3);
  line += "  " + formatCount(stats.imagesPerSecond) + " img/s  " + formatDuration(stats.seconds) + "  ETA " +
          formatDuration(stats.etaSeconds);
  return line + (stats.improved ? "  *" : "");
}

void runTraining(TrainOptions& options) {
  if (options.out.empty()) throw usageError("train needs --out DIR, the run folder to write");
  TrainingJob job;
  job.runDir = options.out;
  job.resume = options.resume;
  if (options.resume) {
    const RunFolder run(options.out);
    run.checkResumable();
    if (options.source.given())
      throw usageError("--resume continues the model in " + options.out + "; drop --preset/--spec");
    job.spec = run.readSpec();
    job.config = run.readConfig();
  } else {
    if (RunFolder(options.out).holdsRun())
      throw usageError(options.out +
                       " already holds a run; pass --resume to continue it, or choose another --out "
                       "folder (nothing was changed)");
    if (!options.source.given()) throw usageError("train needs a model: --preset NAME or --spec FILE");
    job.spec = options.source.load();
    applyTrainingDefaults(job.config, job.spec.trainingDefaultsJson, options.source.trainingSettingsSource());
  }
  applyOverrides(options, job.config);
  job.config.split.seed = job.config.seed;
  validateTrainConfig(job.config);

  const DatasetCatalog catalog(options.dataDir);
  const DatasetLoadOptions loadOptions = datasetLoadOptions(job.config);
  std::vector<std::string> warnings;
  job.dataset = std::make_shared<const Dataset>(catalog.load(job.config.dataset, loadOptions, &warnings));
  for (const auto& warning : warnings) std::cerr << "warning: " << warning << "\n";
  const auto& dataset = *job.dataset;
  // --quiet keeps stdout to the final line (scripts parse it); warnings still go to stderr.
  std::ostringstream discarded;
  std::ostream& talk = options.quiet ? discarded : std::cout;
  talk << "dataset " << dataset.name << ": " << formatCount(double(dataset.size())) << " images "
       << dataset.shape.toString() << " from " << dataset.source << "\n";
  talk << "model " << job.spec.name << " on " << describeDevice(resolveDevice(job.config.device)) << ", "
       << lossName(job.config.loss) << " loss, " << optimizerName(job.config.optimizer) << " lr "
       << job.config.learningRate << ", batch " << job.config.batchSize
       << (job.config.corruption.empty() ? "" : ", inputs corrupted with " + job.config.corruption) << "\n";

  TrainingControl control;
  gInterrupted = false;
  auto previous = std::signal(SIGINT, onInterrupt);
  const bool live = !options.quiet && stderrIsTerminal();
  TrainingCallbacks callbacks;
  callbacks.onBatch = [&](const BatchStats& stats) {
    if (gInterrupted) control.cancel();
    if (!live) return;
    std::cerr << "\r  epoch " << stats.epoch << "/" << stats.epochs << "  step " << stats.step << "/"
              << stats.stepsPerEpoch << "  "
              << (stats.gan.isMeasured() ? "G " + formatFixed(stats.gan.generatorLoss, 3) + "  D " +
                                               formatFixed(stats.gan.discriminatorLoss, 3)
                                         : "loss " + formatFixed(stats.loss, 5))
              << "  " << formatCount(stats.imagesPerSecond) << " img/s  ETA " << formatDuration(stats.etaSeconds)
              << "    " << std::flush;
  };
  callbacks.onEpoch = [&](const EpochStats& stats, const FilmFrame&, const ModelSnapshotPtr&) {
    if (live) std::cerr << "\r" << std::string(90, ' ') << "\r";
    if (!options.quiet) std::cout << epochLine(stats) << std::endl;
  };
  callbacks.onMessage = [&](const std::string& text) { talk << text << "\n"; };

  Trainer trainer(job);
  TrainingResult result;
  try {
    result = trainer.run(callbacks, control);
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);
  switch (result.status) {
    case TrainingStatus::Finished:
    case TrainingStatus::EarlyStopped:
      if (!result.message.empty()) (options.quiet ? std::cerr : std::cout) << renderForCli(result.message) << "\n";
      std::cout << "done: " << result.epochsCompleted << " epochs, best "
                << (job.spec.isGan() ? "domain FID " : "loss ") << formatFixed(result.bestValidationLoss, 5)
                << " at epoch " << result.bestEpoch << "; run saved in " << options.out << "\n";
      return;
    case TrainingStatus::Cancelled:
      throw runtimeError(result.message + "; continue with: latentlab-cli train --out " + options.out + " --resume");
    case TrainingStatus::Diverged:
      throw runtimeError(result.message);
  }
}
}  // namespace

void addTrainCommand(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  auto& o = options->overrides;
  auto* command = app.add_subcommand("train", "Train a model and write a run folder");
  command->add_option("--dataset", options->dataset, "Dataset name (mnist, fashion-mnist, …) or path");
  options->source.addOptions(*command);
  command->add_option("--out", options->out, "Run folder to create (or to continue with --resume)");
  command->add_option("--data-dir", options->dataDir, "Look here first for named datasets");
  command->add_flag("--resume", options->resume, "Continue the run in --out from its checkpoint");
  command->add_flag("--quiet", options->quiet, "Print only the final line");
  auto& given = options->given;
  given.push_back(command->add_option("--epochs", o.epochs, "Epochs to train (in total, when resuming)"));
  given.push_back(command->add_option("--batch", o.batchSize, "Batch size"));
  given.push_back(command->add_option("--lr", o.learningRate, "Learning rate"));
  given.push_back(command->add_option("--weight-decay", o.weightDecay, "Weight decay"));
  given.push_back(command->add_option("--momentum", o.momentum, "SGD momentum"));
  given.push_back(command->add_option("--beta", o.beta, "VAE: weight of the KL term"));
  given.push_back(command->add_option("--early-stop", o.earlyStopPatience, "Stop after N epochs without improvement"));
  given.push_back(command->add_option("--corrupt", o.corruption, "Input corruption, e.g. gaussian:0.5+occlude:8"));
  given.push_back(command->add_option("--limit", o.limit, "Use at most N images")->check(nonNegativeCount()));
  given.push_back(
      command->add_option("--val-fraction", o.split.validationFraction, "Validation share of the training part"));
  given.push_back(
      command->add_option("--test-fraction", o.split.testFraction, "Test share when the set has no test part"));
  given.push_back(command->add_option("--seed", o.seed, "Random seed"));
  given.push_back(command->add_option("--device", o.device, "auto, cpu or cuda"));
  given.push_back(command->add_option("--threads", o.threads, "Training threads (0 = all cores but one)"));
  given.push_back(command->add_option("--image-size", o.imageSize, "Image folders: resize images to N x N pixels")
                      ->check(imageSide()));
  options->lossOption = command->add_option("--loss", options->loss, "mse, bce or l1");
  options->optimizerOption = command->add_option("--optimizer", options->optimizer, "adam, adamw or sgd");
  options->ignoreSplitOption = command->add_flag("--pool-test", options->ignoreOfficialSplit,
                                                 "Ignore the set's own test part and split all items");
  command->callback([options] { runTraining(*options); });
}

}  // namespace latentlab::cli
