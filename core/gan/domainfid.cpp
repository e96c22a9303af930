#include "gan/domainfid.h"

namespace latentlab {

namespace {
// In units of the real features' mean variance: raw distances are around 0.01 because the
// pooled activations are small, and a scale-free number reads the same for any classifier.
double scaledDistance(const FeatureStatistics& real, const FeatureStatistics& generated) {
  double trace = 0.0;
  for (int i = 0; i < real.dim; ++i) trace += real.covariance[std::size_t(i) * std::size_t(real.dim) + std::size_t(i)];
  const double meanVariance = real.dim > 0 ? trace / real.dim : 0.0;
  const double distance = frechetDistance(real, generated);
  return meanVariance > 0.0 ? distance / meanVariance : distance;
}
}  // namespace

FeatureStatistics domainFeatureStatistics(const DomainClassifier& classifier, const float* images, std::size_t count) {
  const auto features = classifier.features(images, count);
  return featureStatistics(features.data(), count, DomainClassifier::kFeatureSize);
}

double domainFid(const DomainClassifier& classifier, const float* realImages, std::size_t realCount,
                 const float* generatedImages, std::size_t generatedCount) {
  return scaledDistance(domainFeatureStatistics(classifier, realImages, realCount),
                        domainFeatureStatistics(classifier, generatedImages, generatedCount));
}

GanQuality measureGanQuality(const DomainClassifier& classifier, const FeatureStatistics& real,
                             const float* generatedImages, std::size_t generatedCount) {
  const auto outputs = classifier.outputs(generatedImages, generatedCount);
  GanQuality quality;
  quality.fid =
      scaledDistance(real, featureStatistics(outputs.features.data(), generatedCount, DomainClassifier::kFeatureSize));
  quality.histogram = classHistogram(outputs.predictions, classifier.classNames());
  return quality;
}

}  // namespace latentlab
