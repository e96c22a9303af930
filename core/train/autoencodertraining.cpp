// An autoencoder as the trainer's TrainedModel: TrainingEngine's step and evaluation, the
// film of fixed validation images and their reconstructions.

#include "inference/snapshotaccess.h"
#include "planmodules.h"
#include "train/filmbytes.h"
#include "train/trainedmodel.h"
#include "train/trainingengine.h"

namespace latentlab {

namespace {
class AutoencoderTraining final : public TrainedModel {
public:
  explicit AutoencoderTraining(const TrainingSetup& setup)
      : mSplit(setup.split), mEngine(setup.spec, setup.config, setup.device) {
    const TrainConfig& config = setup.config;
    mValidationLoader = std::make_unique<BatchLoader>(setup.dataset, mSplit.validation, std::max(config.batchSize, 256),
                                                      false, config.seed, setup.recipe);
    // The film: the same validation images (and the same corruption) every epoch.
    const auto& filmPool = mSplit.validation.empty() ? mSplit.train : mSplit.validation;
    const auto items = pickAcrossClasses(*setup.dataset, filmPool, std::size_t(config.filmSamples));
    mFilmCount = int(items.size());
    if (mFilmCount > 0)
      mFilmBatch = assembleBatch(*setup.dataset, items.data(), items.size(), setup.recipe, config.seed ^ 0xF11AULL);
  }

  void prepare(const std::filesystem::path&, bool, const std::function<void(const std::string&)>&,
               const JobContext&) override {}

  double trainStep(const Batch& batch, GanFigures&) override { return mEngine.trainStep(batch); }

  EpochEvaluation evaluate(const JobContext& job) override {
    const EvaluationResult result = mEngine.evaluate(*mValidationLoader, job);
    EpochEvaluation evaluation;
    evaluation.validationLoss = result.loss;
    evaluation.validation = result.quality;
    if (!mSplit.validation.empty()) {
      evaluation.judged = result.loss;
      evaluation.diverged = !std::isfinite(result.loss);
    }
    return evaluation;
  }

  FilmFrame film(int epoch) override {
    FilmFrame film;
    film.epoch = epoch;
    film.count = mFilmCount;
    if (mFilmCount == 0) return film;
    torch::NoGradGuard noGrad;
    mEngine.model()->eval();
    const auto reconstruction = mEngine.model()->forward(mFilmBatch.input.to(mEngine.device())).reconstruction;
    film.shape = imageShapeOf(reconstruction);
    film.inputShape = imageShapeOf(mFilmBatch.input);
    film.reconstructions = imageBytes(reconstruction);
    film.originals = imageBytes(mFilmBatch.input);
    film.targets = imageBytes(mFilmBatch.target);
    return film;
  }

  ModelSnapshotPtr snapshot(int epoch) override { return makeSnapshot(mEngine.model(), epoch); }
  double learningRate() const override { return mEngine.learningRate(); }

  void save(const std::filesystem::path& path, bool withOptimizers, const CheckpointInfo& info,
            const EpochRecord* record) override {
    saveCheckpoint(path, mEngine.model(), withOptimizers ? &mEngine.optimizer() : nullptr, info, record);
  }
  CheckpointInfo load(const std::filesystem::path& path, std::optional<EpochRecord>* record) override {
    return loadCheckpoint(path, mEngine.model(), &mEngine.optimizer(), record);
  }

  void keepLastGood() override { mLastGood = cloneAutoencoder(mEngine.model(), torch::kCPU); }
  void restoreLastGood() override {
    if (mLastGood) copyModuleState(*mEngine.model(), *mLastGood);
  }

private:
  DatasetSplit mSplit;
  TrainingEngine mEngine;
  std::unique_ptr<BatchLoader> mValidationLoader;
  Batch mFilmBatch;
  int mFilmCount = 0;
  Autoencoder mLastGood{nullptr};
};
}  // namespace

std::unique_ptr<TrainedModel> makeAutoencoderTraining(const TrainingSetup& setup) {
  return std::make_unique<AutoencoderTraining>(setup);
}

std::unique_ptr<TrainedModel> makeTrainedModel(const TrainingSetup& setup) {
  return setup.spec.isGan() ? makeGanTraining(setup) : makeAutoencoderTraining(setup);
}

}  // namespace latentlab
