#pragma once

#include "data/dataset.h"
#include "metrics/imagequality.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace latentlab {

// Plain values the trainer reports; safe to copy across threads (no tensors, no modules).

// A GAN's step or epoch figures; NaN for an autoencoder (isMeasured() false).
struct GanFigures {
  double generatorLoss = std::numeric_limits<double>::quiet_NaN();      // BCE of D(G(z)) against "real"
  double discriminatorLoss = std::numeric_limits<double>::quiet_NaN();  // BCE on real + fake, summed
  double realScore = std::numeric_limits<double>::quiet_NaN();          // mean D(x) on real images
  double fakeScore = std::numeric_limits<double>::quiet_NaN();          // mean D(G(z)) before G's step

  bool isMeasured() const { return generatorLoss == generatorLoss; }
};

struct BatchStats {
  int epoch = 0;  // 1-based
  int epochs = 0;
  int step = 0;  // 1-based within the epoch
  int stepsPerEpoch = 0;
  long long globalStep = 0;
  double loss = 0.0;
  double imagesPerSecond = 0.0;
  double elapsedSeconds = 0.0;  // since the run (or resume) started
  double etaSeconds = 0.0;      // to the last epoch
  GanFigures gan;               // a GAN's step (loss above is the generator's)
};

// One optimisation step's loss, kept in the run folder (batches.csv) so a reopened
// run shows its batch curve again.
struct BatchLoss {
  int epoch = 0;
  int step = 0;                                                         // 1-based within the epoch
  double loss = 0.0;                                                    // a GAN: the generator's
  double discriminatorLoss = std::numeric_limits<double>::quiet_NaN();  // a GAN only
};

// Originals (once) and this epoch's reconstructions of the fixed validation samples.
struct FilmFrame {
  int epoch = 0;
  ImageShape shape;                           // of one reconstruction
  ImageShape inputShape;                      // of one original as fed to the model
  std::vector<std::uint8_t> originals;        // count x inputShape, the model's inputs
  std::vector<std::uint8_t> targets;          // count x shape, the clean targets
  std::vector<std::uint8_t> reconstructions;  // count x shape
  int count = 0;
};

struct EpochStats {
  int epoch = 0;  // 1-based
  int epochs = 0;
  double trainLoss = 0.0;
  double validationLoss = 0.0;  // NaN when there is no validation split
  ImageQuality validation;      // reconstruction quality on the validation split
  double seconds = 0.0;
  double imagesPerSecond = 0.0;
  double learningRate = 0.0;
  bool improved = false;  // best validation loss so far (best.pt was written); a GAN: lowest FID
  double etaSeconds = 0.0;
  // A GAN (trainLoss is the generator's loss, validationLoss NaN): the epoch's mean step
  // figures, the domain FID of its samples (gan/domainfid.h) and how many of them the
  // domain classifier puts in each class (empty for an autoencoder).
  GanFigures gan;
  double fid = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::int64_t> classCounts;
};

enum class TrainingStatus { Finished, EarlyStopped, Cancelled, Diverged };

// What the user could change to get further; each front end words it ("raise
// --epochs" in the CLI, "raise Epochs" in the GUI).
enum class TrainingSuggestion {
  None,
  RaiseEpochs,        // the run already has the epochs asked for
  LowerLearningRate,  // it diverged: try suggestedLearningRate
};

struct TrainingResult {
  TrainingStatus status = TrainingStatus::Finished;
  int epochsCompleted = 0;
  int bestEpoch = 0;
  double bestValidationLoss = 0.0;
  // Where it stopped: the epoch (and, for a diverged training loss, the batch) it was in.
  int stoppedEpoch = 0;
  int stoppedStep = 0;
  double learningRate = 0.0;
  TrainingSuggestion suggestion = TrainingSuggestion::None;
  double suggestedLearningRate = 0.0;
  std::string message;  // what happened, settings named as {key} (see common/settingtext.h)
};

std::string statusName(TrainingStatus status);

}  // namespace latentlab
