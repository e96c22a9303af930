#include "anomaly/anomalyscores.h"

#include "common/error.h"
#include "corrupt/applycorruption.h"
#include "images/imageconversion.h"
#include "inference/snapshotaccess.h"
#include "metrics/imagemetrics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace latentlab {

namespace {
constexpr std::size_t kBatchSize = 256;

// Items as a float batch of `shape`, converted (channels, then size) when the dataset differs.
torch::Tensor loadItems(const Dataset& dataset, const std::size_t* indices, std::size_t count, ImageShape shape) {
  torch::Tensor bytes = torch::empty({std::int64_t(count), shape.channels, shape.height, shape.width}, torch::kUInt8);
  auto* data = bytes.data_ptr<std::uint8_t>();
  for (std::size_t item = 0; item < count; ++item) {
    if (indices[item] >= dataset.size())
      throw usageError("item " + std::to_string(indices[item]) + " is outside " + dataset.name + " (" +
                       std::to_string(dataset.size()) + " items)");
    const std::uint8_t* image = dataset.image(indices[item]);
    std::uint8_t* out = data + item * shape.pixelCount();
    if (dataset.shape == shape)
      std::memcpy(out, image, shape.pixelCount());
    else
      std::memcpy(out, convertImage(image, dataset.shape, shape).data(), shape.pixelCount());
  }
  return bytes.to(torch::kFloat).div_(255.0f);
}

// NaN (a broken reconstruction) sorts as the most anomalous score instead of breaking the sort.
float orderable(float score) {
  return std::isnan(score) ? std::numeric_limits<float>::infinity() : score;
}
}  // namespace

std::vector<float> reconstructionErrors(const ModelSnapshot& model, const Dataset& dataset,
                                        const std::vector<std::size_t>& indices, const JobContext& job) {
  const ImageShape inputShape = model.inputShape();
  const ImageShape outputShape = model.outputShape();
  // A colorization model sees the luminance of its RGB target, as in training.
  const bool grayOfTarget = inputShape.channels == 1 && outputShape.channels == 3 &&
                            inputShape.height == outputShape.height && inputShape.width == outputShape.width;
  Autoencoder module = snapshotModule(model, "anomaly scoring");
  torch::NoGradGuard noGrad;
  std::vector<float> errors;
  errors.reserve(indices.size());
  for (std::size_t begin = 0; begin < indices.size(); begin += kBatchSize) {
    job.throwIfCancelled();
    const std::size_t count = std::min(kBatchSize, indices.size() - begin);
    const torch::Tensor target = loadItems(dataset, indices.data() + begin, count, outputShape);
    torch::Tensor input = target;
    if (grayOfTarget)
      input = toGray(target);
    else if (inputShape != outputShape)
      input = loadItems(dataset, indices.data() + begin, count, inputShape);
    const torch::Tensor mse = perImageMse(module->forward(input).reconstruction, target).contiguous();
    errors.insert(errors.end(), mse.data_ptr<float>(), mse.data_ptr<float>() + mse.numel());
    job.report(double(begin + count) / double(indices.size()));
  }
  return errors;
}

RocCurve rocCurve(const std::vector<float>& inlierScores, const std::vector<float>& outlierScores) {
  if (inlierScores.empty() || outlierScores.empty())
    throw usageError("a ROC curve needs scores of both sets; got " + std::to_string(inlierScores.size()) +
                     " inliers and " + std::to_string(outlierScores.size()) + " outliers");
  struct Scored {
    float score;
    bool outlier;
  };
  std::vector<Scored> all;
  all.reserve(inlierScores.size() + outlierScores.size());
  for (float score : inlierScores) all.push_back({orderable(score), false});
  for (float score : outlierScores) all.push_back({orderable(score), true});
  std::sort(all.begin(), all.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });

  const double positives = double(outlierScores.size()), negatives = double(inlierScores.size());
  RocCurve curve;
  curve.falsePositiveRate.push_back(0.0);
  curve.truePositiveRate.push_back(0.0);
  curve.thresholds.push_back(std::numeric_limits<double>::infinity());  // flags nothing
  double truePositives = 0.0, falsePositives = 0.0, area = 0.0;
  for (std::size_t i = 0; i < all.size();) {
    // All items at one score move together: a diagonal step, which the trapezoid counts half.
    const float threshold = all[i].score;
    double stepTrue = 0.0, stepFalse = 0.0;
    for (; i < all.size() && all[i].score == threshold; ++i) (all[i].outlier ? stepTrue : stepFalse) += 1.0;
    area += stepFalse * (2.0 * truePositives + stepTrue);
    truePositives += stepTrue;
    falsePositives += stepFalse;
    curve.falsePositiveRate.push_back(falsePositives / negatives);
    curve.truePositiveRate.push_back(truePositives / positives);
    curve.thresholds.push_back(double(threshold));
  }
  curve.auc = area / (2.0 * positives * negatives);
  return curve;
}

ThresholdRates ratesAtThreshold(const std::vector<float>& inlierScores, const std::vector<float>& outlierScores,
                                double threshold) {
  auto flaggedFraction = [threshold](const std::vector<float>& scores) {
    if (scores.empty()) return 0.0;
    const auto flagged = std::count_if(scores.begin(), scores.end(),
                                       [threshold](float score) { return double(orderable(score)) >= threshold; });
    return double(flagged) / double(scores.size());
  };
  ThresholdRates rates;
  rates.truePositiveRate = flaggedFraction(outlierScores);
  rates.falsePositiveRate = flaggedFraction(inlierScores);
  return rates;
}

}  // namespace latentlab
