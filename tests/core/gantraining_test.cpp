#include "train/gantraining.h"
#include "common/error.h"
#include "evaluate/ganevaluation.h"
#include "fixtures.h"
#include "gan.h"
#include "gan/latentfit.h"
#include "inference/snapshotaccess.h"
#include "quickruns.h"
#include "run/checkpoint.h"
#include "run/optimizerstate.h"
#include "run/runfolder.h"
#include "tempdir.h"
#include "train/trainer.h"
#include "train/trainingengine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace latentlab {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

// A small GAN on 1x16x16 images: z 8, linear + deconv generator, two-conv discriminator.
ModelSpec tinyGan() {
  return parseModelSpec(R"({"name": "tiny-gan", "kind": "gan", "input": [1, 16, 16], "latent": 8,
    "activation": "relu", "output_activation": "sigmoid", "discriminator_activation": "leaky_relu",
    "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1},
                {"conv": 16, "kernel": 3, "stride": 2, "padding": 1}],
    "decoder": [{"linear": 512}, {"reshape": [32, 4, 4]},
                {"deconv": 16, "kernel": 4, "stride": 2, "padding": 1},
                {"deconv": 1, "kernel": 4, "stride": 2, "padding": 1}]})",
                        "tiny-gan");
}

// The same with batch norm in the generator and a generator weight average (decay 0.9).
ModelSpec tinyAveragedGan() {
  ModelSpec spec = tinyGan();
  spec.name = "tiny-averaged-gan";
  spec.batchNorm = true;
  spec.generatorAverage = 0.9;
  return spec;
}

TrainConfig ganConfig(int epochs) {
  TrainConfig config = test::quickConfig(epochs);
  config.batchSize = 16;
  config.learningRate = 2e-3;
  config.adamBeta1 = 0.5;
  config.filmSamples = 4;  // a GAN shows at least kGanFilmSamples
  config.split.validationFraction = 0.25;
  config.split.testFraction = 0.0;
  config.seed = 5;
  return config;
}

TrainingJob ganJob(int epochs, const fs::path& runDir = {}) {
  TrainingJob job;
  job.spec = tinyGan();
  job.config = ganConfig(epochs);
  job.dataset = std::make_shared<const Dataset>(test::makeBlobDataset(96, ImageShape{1, 16, 16}, 4, 3));
  job.runDir = runDir;
  return job;
}

std::vector<torch::Tensor> copies(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> out;
  for (const auto& tensor : tensors) out.push_back(tensor.detach().clone());
  return out;
}

bool changed(const std::vector<torch::Tensor>& before, const std::vector<torch::Tensor>& after) {
  for (std::size_t i = 0; i < before.size(); ++i)
    if (!torch::equal(before[i], after[i])) return true;
  return false;
}

bool sameTensors(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!torch::equal(a[i], b[i])) return false;
  return true;
}

// A GAN with the two optimizers a trainer gives it (ganConfig's Adam).
struct TrainableGan {
  explicit TrainableGan(const ModelSpec& spec)
      : gan(spec),
        generator(makeOptimizer(ganConfig(1), gan->generator()->parameters())),
        discriminator(makeOptimizer(ganConfig(1), gan->discriminator()->parameters())) {}
  GanStepResult step(const torch::Tensor& real) { return ganTrainStep(gan, *generator, *discriminator, real); }
  void steps(int count, int batch = 8) {
    for (int i = 0; i < count; ++i) step(torch::rand({batch, 1, 16, 16}));
  }
  void save(const fs::path& path, const CheckpointInfo& info) {
    saveGanCheckpoint(path, gan, generator.get(), discriminator.get(), info);
  }
  CheckpointInfo load(const fs::path& path) {
    return loadGanCheckpoint(path, gan, generator.get(), discriminator.get());
  }

  Gan gan;
  std::unique_ptr<torch::optim::Optimizer> generator, discriminator;
};

// What loading `path` into `gan` refuses with; empty when it loaded.
std::string ganLoadError(const fs::path& path, Gan& gan) {
  try {
    loadGanCheckpoint(path, gan);
  } catch (const Error& error) {
    return error.what();
  }
  return {};
}

// One more step on each, with the same images and the same random z.
void stepBothAlike(TrainableGan& first, TrainableGan& second) {
  const auto real = torch::rand({8, 1, 16, 16});
  torch::manual_seed(11);
  first.step(real);
  torch::manual_seed(11);
  second.step(real);
}

TEST(GanTraining, AStepChangesBothNetworksAndReportsItsFigures) {
  torch::manual_seed(3);
  TrainableGan trainable(tinyGan());
  Gan& gan = trainable.gan;
  const auto generatorBefore = copies(gan->generator()->parameters());
  const auto discriminatorBefore = copies(gan->discriminator()->parameters());

  const auto real = torch::rand({16, 1, 16, 16});
  const GanStepResult step = trainable.step(real);

  EXPECT_TRUE(changed(generatorBefore, gan->generator()->parameters())) << "the generator did not step";
  EXPECT_TRUE(changed(discriminatorBefore, gan->discriminator()->parameters())) << "the discriminator did not step";
  EXPECT_TRUE(step.figures.isMeasured());
  EXPECT_TRUE(std::isfinite(step.figures.generatorLoss));
  EXPECT_GT(step.figures.discriminatorLoss, 0.0);
  EXPECT_GT(step.figures.realScore, 0.0);
  EXPECT_LT(step.figures.realScore, 1.0);
  EXPECT_GT(step.figures.fakeScore, 0.0);
  EXPECT_LT(step.figures.fakeScore, 1.0);
  // Untrained, D cannot tell real from fake: its loss is near 2 ln 2.
  EXPECT_NEAR(step.figures.discriminatorLoss, 2 * std::log(2.0), 0.3);
}

TEST(GanTraining, CheckpointRoundTripsBothNetworksAndBothOptimizers) {
  TempDir dir;
  torch::manual_seed(4);
  TrainableGan original(tinyGan());
  original.steps(3);
  original.save(dir.path() / "checkpoint.pt", CheckpointInfo{3, 2, 41.5});

  torch::manual_seed(99);  // different initial weights
  TrainableGan restored(tinyGan());
  const CheckpointInfo read = restored.load(dir.path() / "checkpoint.pt");
  Gan& gan = original.gan;
  Gan& loaded = restored.gan;
  EXPECT_EQ(read.epoch, 3);
  EXPECT_EQ(read.bestEpoch, 2);
  EXPECT_DOUBLE_EQ(read.bestValidationLoss, 41.5);
  EXPECT_TRUE(sameTensors(gan->generator()->parameters(), loaded->generator()->parameters()));
  EXPECT_TRUE(sameTensors(gan->discriminator()->parameters(), loaded->discriminator()->parameters()));
  for (auto [before, after] : {std::pair{original.generator.get(), restored.generator.get()},
                               std::pair{original.discriminator.get(), restored.discriminator.get()}}) {
    const auto a = optimizerState(*before);
    const auto b = optimizerState(*after);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_FALSE(a.empty()) << "Adam's moments were not saved";
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].first, b[i].first);
      EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
    }
  }
  // The same next step from both: resume continues exactly.
  stepBothAlike(original, restored);
  EXPECT_TRUE(sameTensors(gan->generator()->parameters(), loaded->generator()->parameters()));
  EXPECT_TRUE(sameTensors(gan->discriminator()->parameters(), loaded->discriminator()->parameters()));
}

TEST(GeneratorAverage, FollowsTheGeneratorWithAWarmedUpDecayAndIsWhatGenerates) {
  torch::manual_seed(6);
  TrainableGan trainable(tinyAveragedGan());
  Gan& gan = trainable.gan;
  ASSERT_TRUE(gan->hasGeneratorAverage());
  // It starts as the generator, and nothing trains it.
  EXPECT_TRUE(sameTensors(gan->generatorAverage()->parameters(), gan->generator()->parameters()));
  for (const auto& parameter : gan->generatorAverage()->parameters()) EXPECT_FALSE(parameter.requires_grad());

  std::vector<torch::Tensor> expected = copies(gan->generatorAverage()->parameters());
  for (int step = 0; step < 3; ++step) {
    trainable.steps(1, 16);
    // decay = min(0.9, (1 + n) / (10 + n)) after n earlier updates: 0.1, 0.18.., 0.25
    const double decay = std::min(0.9, (1.0 + step) / (10.0 + step));
    const auto current = gan->generator()->parameters();
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = decay * expected[i] + (1 - decay) * current[i];
    const auto average = gan->generatorAverage()->parameters();
    for (std::size_t i = 0; i < expected.size(); ++i)
      EXPECT_TRUE(torch::allclose(average[i], expected[i], 1e-5, 1e-6)) << "step " << step << " tensor " << i;
  }
  EXPECT_EQ(gan->generatorAverage()->named_buffers()["updates"].item<int64_t>(), 3);
  EXPECT_FALSE(sameTensors(gan->generatorAverage()->parameters(), gan->generator()->parameters()));

  // generate() samples from the average, generateForTraining() from the generator.
  gan->calibrateGeneratorAverage(torch::randn({64, 8}));
  gan->eval();
  torch::NoGradGuard noGrad;
  const auto z = torch::randn({4, 8});
  EXPECT_TRUE(torch::equal(gan->generate(z), gan->generatorAverage()->forward(z)));
  EXPECT_FALSE(torch::allclose(gan->generate(z), gan->generateForTraining(z)));
}

TEST(GeneratorAverage, CalibrationGivesTheBatchNormTheAveragesOwnStatistics) {
  torch::manual_seed(7);
  TrainableGan trainable(tinyAveragedGan());
  trainable.steps(5, 16);
  Gan& gan = trainable.gan;
  const auto latents = torch::randn({400, 8});
  const auto generatorBuffers = copies(gan->generator()->buffers());
  torch::NoGradGuard noGrad;
  // The reference: the average in training mode on the whole set normalises by the set's own statistics.
  const auto reference = [&] {
    Gan copy = cloneGan(gan, torch::kCPU);  // forward in train mode would move the running stats
    copy->generatorAverage()->train();
    return copy->generatorAverage()->forward(latents);
  }();
  gan->eval();
  const auto uncalibrated = gan->generate(latents);
  EXPECT_GT((uncalibrated - reference).abs().max().item<double>(), 1e-2) << "nothing to calibrate";

  gan->calibrateGeneratorAverage(latents, /*chunk=*/400);  // one chunk: the set's exact statistics
  EXPECT_TRUE(gan->generatorAverage()->is_training() == false) << "calibration changed the mode";
  EXPECT_TRUE(torch::allclose(gan->generate(latents), reference, 1e-3, 1e-3));
  gan->calibrateGeneratorAverage(latents, /*chunk=*/100);  // four chunks: their averaged statistics
  EXPECT_TRUE(torch::allclose(gan->generate(latents), reference, 1e-2, 2e-2));
  // The generator's own statistics, and the momentum of later training steps, are untouched.
  EXPECT_TRUE(sameTensors(generatorBuffers, gan->generator()->buffers()));
  for (const auto& module : gan->generatorAverage()->modules(false)) {
    if (auto* norm = dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get())) {
      ASSERT_TRUE(norm->options.momentum().has_value());
      EXPECT_DOUBLE_EQ(*norm->options.momentum(), 0.1);
    }
  }
}

TEST(GeneratorAverage, CheckpointsKeepTheAverageAndItsScheduleSoResumeContinuesExactly) {
  TempDir dir;
  torch::manual_seed(9);
  TrainableGan original(tinyAveragedGan());
  original.steps(4);
  original.gan->calibrateGeneratorAverage(torch::randn({32, 8}));
  original.save(dir.path() / "checkpoint.pt", CheckpointInfo{1, 1, 3.0});

  torch::manual_seed(98);
  TrainableGan restored(tinyAveragedGan());
  restored.load(dir.path() / "checkpoint.pt");
  Gan& gan = original.gan;
  Gan& loaded = restored.gan;
  EXPECT_TRUE(sameTensors(gan->generatorAverage()->parameters(), loaded->generatorAverage()->parameters()));
  EXPECT_TRUE(sameTensors(gan->generatorAverage()->buffers(), loaded->generatorAverage()->buffers()))
      << "the batch-norm statistics or the update count were lost";
  stepBothAlike(original, restored);
  EXPECT_TRUE(sameTensors(gan->generatorAverage()->parameters(), loaded->generatorAverage()->parameters()));

  // A checkpoint of a GAN without an average does not load into one that keeps it.
  ModelSpec withoutAverage = tinyAveragedGan();
  withoutAverage.generatorAverage = 0.0;
  Gan plain(withoutAverage);
  saveGanCheckpoint(dir.path() / "plain.pt", plain, nullptr, nullptr, CheckpointInfo{1, 1, 3.0});
  const std::string error = ganLoadError(dir.path() / "plain.pt", loaded);
  EXPECT_NE(error.find("generator_average"), std::string::npos) << "loaded, or: " << error;
  EXPECT_EQ(error.find("autoencoder"), std::string::npos) << error;
}

TEST(GanTraining, CheckpointLoadRefusesAnAutoencodersFileAndLeavesTheGanUnchanged) {
  TempDir dir;
  Autoencoder autoencoder(parseModelSpec(R"({"name": "ae", "input": [1, 16, 16], "latent": 8,
    "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1}], "decoder": "mirror"})"));
  saveCheckpoint(dir.path() / "ae.pt", autoencoder, nullptr, CheckpointInfo{1, 1, 0.5});
  Gan gan(tinyGan());
  const auto before = copies(gan->parameters());
  const std::string error = ganLoadError(dir.path() / "ae.pt", gan);
  EXPECT_NE(error.find("ae.pt"), std::string::npos) << "loaded, or: " << error;
  EXPECT_NE(error.find("generator"), std::string::npos) << error;
  EXPECT_TRUE(sameTensors(before, gan->parameters()));
}

TEST(GanTraining, TrainsARunFolderWithFidHistogramFilmAndResumes) {
  TempDir dir;
  const fs::path runDir = dir.path() / "gan-run";
  std::vector<std::string> messages;
  std::vector<FilmFrame> films;
  std::vector<BatchStats> batches;
  ModelSnapshotPtr lastSnapshot;
  TrainingCallbacks callbacks;
  callbacks.onMessage = [&](const std::string& text) { messages.push_back(text); };
  callbacks.onBatch = [&](const BatchStats& stats) { batches.push_back(stats); };
  callbacks.onEpoch = [&](const EpochStats&, const FilmFrame& film, const ModelSnapshotPtr& snapshot) {
    films.push_back(film);
    lastSnapshot = snapshot;
  };
  {
    Trainer trainer(ganJob(2, runDir));
    TrainingControl control;
    const TrainingResult result = trainer.run(callbacks, control);
    ASSERT_EQ(result.status, TrainingStatus::Finished) << result.message;
    ASSERT_EQ(trainer.history().size(), 2u);
    for (const auto& epoch : trainer.history()) {
      EXPECT_TRUE(epoch.gan.isMeasured());
      EXPECT_TRUE(std::isfinite(epoch.fid)) << "epoch " << epoch.epoch;
      EXPECT_GE(epoch.fid, 0.0);
      ASSERT_EQ(epoch.classCounts.size(), 4u);  // the blob set's classes
      EXPECT_EQ(std::accumulate(epoch.classCounts.begin(), epoch.classCounts.end(), std::int64_t(0)),
                kGanQualitySamples);
      EXPECT_DOUBLE_EQ(epoch.trainLoss, epoch.gan.generatorLoss);
      EXPECT_TRUE(std::isnan(epoch.validationLoss));
    }
  }
  ASSERT_FALSE(batches.empty());
  EXPECT_TRUE(batches.back().gan.isMeasured());
  EXPECT_TRUE(std::any_of(messages.begin(), messages.end(),
                          [](const std::string& text) { return text.find("domain classifier") != std::string::npos; }));
  ASSERT_EQ(films.size(), 2u);
  EXPECT_EQ(films.back().count, kGanFilmSamples);
  EXPECT_TRUE(films.back().originals.empty());
  EXPECT_EQ(films.back().reconstructions.size(), std::size_t(kGanFilmSamples) * 16 * 16);
  EXPECT_TRUE(fs::exists(runDir / "classifier.pt"));
  EXPECT_TRUE(fs::exists(runDir / "samples" / "epoch-0002.png"));

  // The snapshot generates from z and classifies what it made.
  ASSERT_TRUE(lastSnapshot);
  EXPECT_TRUE(lastSnapshot->isGan());
  EXPECT_EQ(lastSnapshot->codeSize(), 8);
  const std::vector<float> z(3 * 8, 0.5f);
  const auto images = lastSnapshot->decode(z.data(), 3);
  ASSERT_EQ(images.size(), 3u * 16 * 16);
  ASSERT_TRUE(lastSnapshot->hasClassifier());
  EXPECT_EQ(lastSnapshot->classify(images.data(), 3).size(), 3u);

  // batches.csv keeps both networks' losses per step.
  const auto steps = RunFolder(runDir).readBatchLosses();
  ASSERT_FALSE(steps.empty());
  for (const auto& step : steps) {
    EXPECT_TRUE(std::isfinite(step.loss));
    EXPECT_TRUE(std::isfinite(step.discriminatorLoss));
  }

  // metrics.csv keeps the GAN columns, and eval reads them back.
  const auto rows = RunFolder(runDir).readMetrics();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NEAR(rows[1].fid, rows[1].fid, 0.0);
  const GanRunEvaluation evaluation = evaluateGanRun(runDir);
  EXPECT_EQ(evaluation.epochs, 2);
  ASSERT_EQ(evaluation.fidPerEpoch.size(), 2u);
  EXPECT_NEAR(evaluation.fid, evaluation.fidPerEpoch[1], 1e-3);
  EXPECT_EQ(evaluation.histogram.total(), kGanQualitySamples);

  // Resume to epoch 3: both networks and both optimizers come back, the classifier is reused.
  messages.clear();
  TrainingJob resumed = ganJob(3, runDir);
  resumed.resume = true;
  Trainer trainer(resumed);
  TrainingControl control;
  const TrainingResult result = trainer.run(callbacks, control);
  ASSERT_EQ(result.status, TrainingStatus::Finished) << result.message;
  ASSERT_EQ(trainer.history().size(), 3u);
  EXPECT_NEAR(trainer.history()[0].fid, rows[0].fid, 1e-3 * std::max(1.0, rows[0].fid));
  EXPECT_FALSE(std::any_of(messages.begin(), messages.end(), [](const std::string& text) {
    return text.find("training the domain classifier") != std::string::npos;
  })) << "resume retrained the classifier instead of loading classifier.pt";
  EXPECT_EQ(RunFolder(runDir).readMetrics().size(), 3u);
  // The run's weights open as a GAN snapshot.
  const auto snapshot = loadRunSnapshot(runDir, /*preferBest=*/false);
  EXPECT_TRUE(snapshot->isGan());
  EXPECT_EQ(snapshot->epoch(), 3);
  EXPECT_TRUE(snapshot->hasClassifier());
}

TEST(GanTraining, AGanSnapshotRefusesAutoencoderOnlyWork) {
  Gan gan(tinyGan());
  const auto snapshot = makeSnapshot(gan, 1, nullptr);
  EXPECT_FALSE(snapshot->hasClassifier());
  try {
    snapshotModule(*snapshot, "inpainting");
    FAIL() << "a GAN gave an autoencoder module";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("inpainting needs an autoencoder"), std::string::npos) << error.what();
  }
}

TEST(LatentFit, FindsAzWhoseImageMatchesAGeneratedOne) {
  torch::manual_seed(8);
  Gan gan(tinyGan());
  gan->eval();
  torch::Tensor target;
  {
    torch::NoGradGuard noGrad;
    // Untrained, G makes nearly the same grey image for every z: larger weights make z matter.
    for (auto& parameter : gan->generator()->parameters()) parameter.mul_(3.0);
    target = gan->generate(torch::randn({2, 8}));
  }
  const auto randomError = [&] {
    torch::NoGradGuard noGrad;
    return (gan->generate(torch::randn({2, 8})) - target).pow(2).mean().item<double>();
  }();
  const LatentFit fit = fitLatent(gan, target);
  ASSERT_EQ(fit.codes.sizes(), (torch::IntArrayRef{2, 8}));
  EXPECT_LT(fit.errors.max().item<double>(), randomError / 4) << "random z error " << randomError;
  // Only z was optimised: the generator's weights have no gradients.
  for (const auto& parameter : gan->parameters()) EXPECT_FALSE(parameter.grad().defined());
}

TEST(LatentFit, ReportsProgressAndStopsWhenCancelled) {
  Gan gan(tinyGan());
  gan->eval();
  const auto images = torch::rand({1, 1, 16, 16});
  std::vector<double> fractions;
  CancellationToken token;
  const JobContext job([&](double fraction, const std::string&) { fractions.push_back(fraction); }, token);
  fitLatent(gan, images, LatentFitOptions{}, job);
  ASSERT_GE(fractions.size(), 10u);
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  token.cancel();
  EXPECT_THROW(fitLatent(gan, images, LatentFitOptions{}, job), JobCancelled);
  // The snapshot's worker-side fit goes through the same contract.
  const auto snapshot = makeSnapshot(gan, 1, nullptr);
  EXPECT_THROW(snapshot->fitCodes(images.data_ptr<float>(), 1, job), JobCancelled);
}

}  // namespace
}  // namespace latentlab
