// A GAN as the trainer's TrainedModel: alternating discriminator and generator steps
// (the non-saturating BCE loss of Goodfellow et al. on D's logits), two Adam optimizers,
// and per epoch the domain FID and class histogram of a fixed set of samples.

#include "train/gantraining.h"
#include "common/error.h"
#include "gan/domainfid.h"
#include "inference/snapshotaccess.h"
#include "planmodules.h"
#include "train/filmbytes.h"
#include "train/trainedmodel.h"
#include "train/trainingengine.h"

#include <cmath>

namespace latentlab {

namespace {
constexpr std::size_t kRealImages = 2000;   // real images whose classifier features are the FID's reference
constexpr int kChunk = 500;                 // samples generated at once while measuring
constexpr int kCalibrationSamples = 10000;  // z codes for the generator average's batch-norm statistics

torch::Tensor fixedLatents(int64_t count, int64_t latent, std::uint64_t seed) {
  auto generator = at::Generator(at::detail::createCPUGenerator(seed));
  return torch::randn({count, latent}, generator, torch::TensorOptions().dtype(torch::kFloat32));
}

class GanTraining final : public TrainedModel {
public:
  explicit GanTraining(const TrainingSetup& setup) : mSetup(setup), mGan(setup.spec) {
    const TrainConfig& config = setup.config;
    mGan->to(setup.device);
    mGeneratorOptimizer = makeOptimizer(config, mGan->generator()->parameters());
    mDiscriminatorOptimizer = makeOptimizer(config, mGan->discriminator()->parameters());
    const int64_t latent = setup.spec.latent;
    const int film = config.filmSamples == 0 ? 0 : std::max(config.filmSamples, kGanFilmSamples);
    mFilmLatents = fixedLatents(film, latent, config.seed ^ 0xF11AULL);
    mQualityLatents = fixedLatents(kGanQualitySamples, latent, config.seed ^ 0xF1DULL);
    if (mGan->hasGeneratorAverage())
      mCalibrationLatents = fixedLatents(kCalibrationSamples, latent, config.seed ^ 0xCA1ULL);
  }

  void prepare(const std::filesystem::path& runDir, bool resumed, const std::function<void(const std::string&)>& say,
               const JobContext& job) override {
    const Dataset& dataset = *mSetup.dataset;
    const auto classifierFile = runDir.empty() ? std::filesystem::path() : runDir / DomainClassifier::kFileName;
    if (resumed && std::filesystem::exists(classifierFile)) {
      mClassifier = std::make_shared<const DomainClassifier>(DomainClassifier::load(classifierFile));
    } else {
      DomainClassifierOptions options;
      options.seed = mSetup.config.seed;
      say("training the domain classifier for the FID and the class histogram on " +
          std::to_string(std::min(options.maxItems, mSetup.split.train.size())) + " images of " + dataset.name);
      mClassifier =
          std::make_shared<const DomainClassifier>(trainDomainClassifier(dataset, mSetup.split.train, options, job));
      if (!classifierFile.empty()) mClassifier->save(classifierFile);
    }
    // The FID's reference: held-out images when there are any, else training images.
    const auto& pool = mSetup.split.validation.empty() ? mSetup.split.train : mSetup.split.validation;
    const auto real = spreadItems(pool, kRealImages);
    if (real.size() < 2) {
      say("too few images for a FID (" + std::to_string(real.size()) + "); the class histogram is still measured");
      return;
    }
    const auto images = datasetImagesAsFloats(dataset, real);
    mRealStatistics = domainFeatureStatistics(*mClassifier, images.data(), real.size());
    say("domain classifier ready: " + std::to_string(int(std::lround(100 * mClassifier->accuracy(dataset, real)))) +
        "% of the reference images classified right");
  }

  double trainStep(const Batch& batch, GanFigures& figures) override {
    const GanStepResult step = ganTrainStep(mGan, *mGeneratorOptimizer, *mDiscriminatorOptimizer,
                                            batch.target.to(mSetup.device, /*non_blocking=*/true));
    figures = step.figures;
    return step.figures.generatorLoss;
  }

  EpochEvaluation evaluate(const JobContext& job) override {
    EpochEvaluation evaluation;
    // No reconstructions to measure: the quality columns stay empty in metrics.csv.
    evaluation.validation = ImageQuality{std::nan(""), std::nan(""), std::nan(""), std::nan(""), std::nan(""), 0};
    // Before anything samples this epoch's weights: the film, the snapshot and the checkpoints too.
    mGan->calibrateGeneratorAverage(mCalibrationLatents);
    if (!mClassifier) return evaluation;
    const auto samples = generateAll(mQualityLatents, job);
    const GanQuality quality = measureQuality(samples);
    evaluation.fid = quality.fid;
    evaluation.classCounts = quality.histogram.counts;
    evaluation.judged = quality.fid;
    return evaluation;
  }

  FilmFrame film(int epoch) override {
    FilmFrame film;
    film.epoch = epoch;
    film.count = int(mFilmLatents.size(0));
    if (film.count == 0) return film;
    torch::NoGradGuard noGrad;
    mGan->eval();
    const auto samples = mGan->generate(mFilmLatents.to(mSetup.device));
    film.shape = imageShapeOf(samples);
    film.inputShape = film.shape;
    film.reconstructions = imageBytes(samples);
    return film;
  }

  ModelSnapshotPtr snapshot(int epoch) override { return makeSnapshot(mGan, epoch, mClassifier); }
  double learningRate() const override { return mSetup.config.learningRate; }

  void save(const std::filesystem::path& path, bool withOptimizers, const CheckpointInfo& info,
            const EpochRecord* record) override {
    saveGanCheckpoint(path, mGan, withOptimizers ? mGeneratorOptimizer.get() : nullptr,
                      withOptimizers ? mDiscriminatorOptimizer.get() : nullptr, info, record);
  }
  CheckpointInfo load(const std::filesystem::path& path, std::optional<EpochRecord>* record) override {
    return loadGanCheckpoint(path, mGan, mGeneratorOptimizer.get(), mDiscriminatorOptimizer.get(), record);
  }

  void keepLastGood() override { mLastGood = cloneGan(mGan, torch::kCPU); }
  void restoreLastGood() override {
    if (mLastGood) copyModuleState(*mGan, *mLastGood);
  }

private:
  static std::vector<std::size_t> spreadItems(const std::vector<std::size_t>& pool, std::size_t limit) {
    if (pool.size() <= limit) return pool;
    std::vector<std::size_t> picked;
    for (std::size_t i = 0; i < limit; ++i) picked.push_back(pool[i * pool.size() / limit]);
    return picked;
  }

  // Samples of `latents` as CPU floats in [0, 1], generated in eval mode.
  std::vector<float> generateAll(const torch::Tensor& latents, const JobContext& job) {
    torch::NoGradGuard noGrad;
    mGan->eval();
    std::vector<float> all;
    for (int64_t start = 0; start < latents.size(0); start += kChunk) {
      job.throwIfCancelled();
      const auto chunk = latents.slice(0, start, std::min<int64_t>(start + kChunk, latents.size(0)));
      const auto images = mGan->generate(chunk.to(mSetup.device)).to(torch::kCPU).contiguous();
      all.insert(all.end(), images.data_ptr<float>(), images.data_ptr<float>() + images.numel());
    }
    return all;
  }

  GanQuality measureQuality(const std::vector<float>& samples) const {
    const std::size_t count = std::size_t(mQualityLatents.size(0));
    if (mRealStatistics.count >= 2) return measureGanQuality(*mClassifier, mRealStatistics, samples.data(), count);
    GanQuality quality;
    quality.fid = std::nan("");
    quality.histogram = classHistogram(mClassifier->predict(samples.data(), count), mClassifier->classNames());
    return quality;
  }

  TrainingSetup mSetup;
  Gan mGan;
  std::unique_ptr<torch::optim::Optimizer> mGeneratorOptimizer, mDiscriminatorOptimizer;
  torch::Tensor mFilmLatents, mQualityLatents, mCalibrationLatents;
  std::shared_ptr<const DomainClassifier> mClassifier;
  FeatureStatistics mRealStatistics;
  Gan mLastGood{nullptr};
};
}  // namespace

GanStepResult ganTrainStep(Gan& gan, torch::optim::Optimizer& generatorOptimizer,
                           torch::optim::Optimizer& discriminatorOptimizer, const torch::Tensor& real) {
  gan->train();
  GanStepResult result;
  const int64_t count = real.size(0);
  const auto ones = torch::ones({count}, real.options());
  const auto zeros = torch::zeros({count}, real.options());
  const auto fake = gan->generateForTraining(gan->sampleLatent(count, real.device()));

  // Discriminator: real images towards 1, generated ones towards 0.
  discriminatorOptimizer.zero_grad();
  const auto realLogits = gan->discriminateLogits(real);
  const auto fakeLogits = gan->discriminateLogits(fake.detach());
  const auto discriminatorLoss = torch::binary_cross_entropy_with_logits(realLogits, ones) +
                                 torch::binary_cross_entropy_with_logits(fakeLogits, zeros);
  result.figures.discriminatorLoss = discriminatorLoss.item<double>();
  result.figures.realScore = torch::sigmoid(realLogits).mean().item<double>();
  result.figures.fakeScore = torch::sigmoid(fakeLogits).mean().item<double>();
  if (!std::isfinite(result.figures.discriminatorLoss)) {
    result.figures.generatorLoss = result.figures.discriminatorLoss;  // never step on a diverged loss
    return result;
  }
  discriminatorLoss.backward();
  discriminatorOptimizer.step();

  // Generator: make the updated discriminator call its images real (the non-saturating loss).
  generatorOptimizer.zero_grad();
  const auto generatorLoss = torch::binary_cross_entropy_with_logits(gan->discriminateLogits(fake), ones);
  result.figures.generatorLoss = generatorLoss.item<double>();
  if (!std::isfinite(result.figures.generatorLoss)) return result;
  generatorLoss.backward();
  generatorOptimizer.step();
  gan->updateGeneratorAverage();
  return result;
}

std::unique_ptr<TrainedModel> makeGanTraining(const TrainingSetup& setup) {
  return std::make_unique<GanTraining>(setup);
}

}  // namespace latentlab
