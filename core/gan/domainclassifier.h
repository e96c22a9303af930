#pragma once

// LatentLab's small domain classifier: a little CNN (conv 32 3x3, pool, conv 64 3x3, pool,
// linear 128, linear to the classes) trained on the GAN's own dataset. Its features are the
// 64 activations of the last convolution averaged over the image, as the usual FID takes
// Inception's pooled last-convolution features: they describe strokes and shapes, where the
// layers next to the logits mostly say which class an image is (on those, noisy samples
// of the right classes scored better than clean ones). They give the domain FID
// (domainfid.h); its predictions give the class histogram of generated images
// (classhistogram.h). CPU only, seeded without touching
// LibTorch's global generator, so two trainings with the same inputs give the same weights.
// Torch-free header; the network lives behind a pimpl.

#include "data/dataset.h"
#include "jobs/jobcontext.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace latentlab {

struct DomainClassifierOptions {
  int epochs = 2;
  std::size_t maxItems = 10000;  // trains on at most this many of the given items (evenly spread)
  int batchSize = 32;
  double learningRate = 1e-3;  // Adam
  std::uint64_t seed = 1;      // weights and the order of the items
};

// A usage error naming the setting when an option is out of range.
void validateDomainClassifierOptions(const DomainClassifierOptions& options);

// The classifier's output for a set of images from one forward pass.
struct ClassifierOutputs {
  std::vector<float> features;   // count x featureSize
  std::vector<int> predictions;  // count class indices
};

class DomainClassifier {
public:
  static constexpr int kFeatureSize = 64;  // the FID's features: channels of the last convolution
  static constexpr int kHiddenSize = 128;  // the layer between the convolutions and the class logits
  // The file a run folder keeps its classifier in, so every epoch's FID (and `eval`) uses the same one.
  static constexpr const char* kFileName = "classifier.pt";

  DomainClassifier();  // empty: isReady() is false until trained or loaded
  ~DomainClassifier();
  DomainClassifier(DomainClassifier&&) noexcept;
  DomainClassifier& operator=(DomainClassifier&&) noexcept;
  DomainClassifier(const DomainClassifier&) = delete;
  DomainClassifier& operator=(const DomainClassifier&) = delete;

  bool isReady() const;
  ImageShape shape() const;  // of the images it takes
  const std::vector<std::string>& classNames() const;
  int classCount() const { return int(classNames().size()); }
  std::size_t trainedItems() const;  // how many items it learned from

  // `images`: count images of shape(), channel-planar floats in [0, 1] (a generator's
  // sigmoid output, or dataset bytes / 255). Thread-safe for concurrent calls.
  std::vector<float> features(const float* images, std::size_t count) const;
  std::vector<int> predict(const float* images, std::size_t count) const;
  ClassifierOutputs outputs(const float* images, std::size_t count) const;

  // Share of `indices` of `dataset` it labels correctly (NaN when none).
  double accuracy(const Dataset& dataset, const std::vector<std::size_t>& indices) const;

  // Checkpoint container (run/checkpointfile.h) with a checksum, written atomically.
  void save(const std::filesystem::path& path) const;
  // An input error naming the file when it is missing, damaged or not a classifier.
  static DomainClassifier load(const std::filesystem::path& path);

  struct Impl;

private:
  explicit DomainClassifier(std::unique_ptr<Impl> impl);
  friend DomainClassifier trainDomainClassifier(const Dataset&, const std::vector<std::size_t>&,
                                                const DomainClassifierOptions&, const JobContext&);
  std::unique_ptr<Impl> mImpl;
};

// Trains on `indices` of `dataset` (all items when empty). Reports progress and stops
// with JobCancelled between batches when asked.
DomainClassifier trainDomainClassifier(const Dataset& dataset, const std::vector<std::size_t>& indices,
                                       const DomainClassifierOptions& options, const JobContext& job = {});

// Items of `dataset` as floats in [0, 1], channel-planar, in the order of `indices`
// (all items when empty): the form features() takes.
std::vector<float> datasetImagesAsFloats(const Dataset& dataset, const std::vector<std::size_t>& indices);

}  // namespace latentlab
