#include "gan/domainfid.h"

namespace latentlab {

FeatureStatistics domainFeatureStatistics(const DomainClassifier& classifier, const float* images, std::size_t count) {
  const auto features = classifier.features(images, count);
  return featureStatistics(features.data(), count, DomainClassifier::kFeatureSize);
}

double domainFid(const DomainClassifier& classifier, const float* realImages, std::size_t realCount,
                 const float* generatedImages, std::size_t generatedCount) {
  return frechetDistance(domainFeatureStatistics(classifier, realImages, realCount),
                         domainFeatureStatistics(classifier, generatedImages, generatedCount));
}

GanQuality measureGanQuality(const DomainClassifier& classifier, const FeatureStatistics& real,
                             const float* generatedImages, std::size_t generatedCount) {
  const auto outputs = classifier.outputs(generatedImages, generatedCount);
  GanQuality quality;
  quality.fid =
      frechetDistance(real, featureStatistics(outputs.features.data(), generatedCount, DomainClassifier::kFeatureSize));
  quality.histogram = classHistogram(outputs.predictions, classifier.classNames());
  return quality;
}

}  // namespace latentlab
