#pragma once

// The domain FID: the Fréchet distance in the feature space of LatentLab's small classifier
// trained on the same dataset (domainclassifier.h: its last convolution's pooled
// activations), instead of Inception's, so it needs no download; divided by the real
// features' mean variance, so it has no unit. Comparable between epochs and runs on the same
// dataset and the same classifier file (classifier.pt), NOT to published FID numbers (those
// use Inception features).
// Torch-free.

#include "gan/classhistogram.h"
#include "gan/domainclassifier.h"
#include "gan/frechetdistance.h"

#include <cstddef>

namespace latentlab {

// Feature statistics of `count` images (floats in [0, 1], the classifier's shape); compute
// the real images' once per run and reuse them for every epoch.
FeatureStatistics domainFeatureStatistics(const DomainClassifier& classifier, const float* images, std::size_t count);

double domainFid(const DomainClassifier& classifier, const float* realImages, std::size_t realCount,
                 const float* generatedImages, std::size_t generatedCount);

// One epoch's quality figures from one pass of the classifier over the generated images.
struct GanQuality {
  double fid = 0.0;          // domain FID against the real statistics
  ClassHistogram histogram;  // generated images per predicted class
};

GanQuality measureGanQuality(const DomainClassifier& classifier, const FeatureStatistics& real,
                             const float* generatedImages, std::size_t generatedCount);

}  // namespace latentlab
