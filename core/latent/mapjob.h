#pragma once

// The latent map as one job: encode items with a snapshot, then project the
// codes (PCA, t-SNE, or the code itself when it is 2-D). A GAN, which has no
// encoder, maps as many z samples of its prior instead (latent/generatedset.h),
// coloured by its classifier's classes. The GUI's map and
// `latentlab-cli project` both call computeMap, so for the same weights, items,
// options and seed they give the same layout. Torch-free header.

#include "jobs/jobcontext.h"
#include "latent/datasetencoding.h"
#include "latent/latentmap.h"
#include "latent/pca.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

enum class MapMethod { Pca, Tsne, Direct };

// "pca", "tsne", "direct": the CLI's --method values.
std::string mapMethodKey(MapMethod method);

struct ProjectionOptions {
  MapMethod method = MapMethod::Pca;
  double perplexity = 30.0;  // t-SNE; lowered (with a note) when the points are too few for it
  int iterations = 1000;     // t-SNE
  std::uint64_t seed = 1;
  int threads = 0;  // t-SNE and encoding threads, 0 = all cores
};

// One computed map: the codes, the 2-D positions and the queries over them.
struct MapResult {
  std::shared_ptr<const EncodedSet> codes;
  std::shared_ptr<const LatentMap> map;
  std::optional<Pca> pca;
  MapMethod method = MapMethod::Pca;  // what was computed (PCA when t-SNE had under 4 points)
  double perplexity = 0.0;            // the one t-SNE used
  int epoch = 0;                      // of the snapshot
  ModelSnapshotPtr snapshot;          // the weights it was made with: replaying an epoch decodes with them
  double seconds = 0.0;
  std::vector<std::string> notes;  // adjustments a user should know of, settings as {key}
  // What the labels name: the dataset's classes (empty) or, for a GAN's generated map,
  // its classifier's (generatedClassNames).
  std::vector<std::string> classNames;
};
using MapResultPtr = std::shared_ptr<const MapResult>;

struct MapJobInput {
  ModelSnapshotPtr snapshot;
  DatasetPtr dataset;                // may be null for a GAN
  std::vector<std::size_t> indices;  // the items to encode and place; for a GAN only their count matters
  ProjectionOptions projection;
  bool reconstructionErrors = true;  // keep each item's reconstruction MSE (color by error)
  // The previous map of the same items: PCA keeps its axis signs, t-SNE regroups from its layout.
  MapResultPtr previous;
  // Called on the job's thread once the codes are in, before the projection (a GUI
  // colours the forming t-SNE layout with their labels).
  std::function<void(const EncodedSet&)> onCodes;
};

// t-SNE's layout while it forms (count x 2), every few iterations.
using LayoutSink = std::function<void(const std::vector<float>& positions)>;

// Encodes (the first part of the progress) and projects; for a GAN snapshot it samples
// and generates `indices.size()` z codes with the projection's seed instead (never
// encoding). Throws JobCancelled when
// the token is cancelled (checked between batches and t-SNE iterations), a usage
// Error when the model does not fit the dataset or Direct is asked of a code that
// is not 2-D.
MapResult computeMap(MapJobInput input, const JobContext& job = {}, const LayoutSink& onLayout = {});

// The projection step alone, on codes already encoded.
struct Projection {
  std::vector<float> positions;  // count x 2
  std::optional<Pca> pca;
  MapMethod method = MapMethod::Pca;
  double perplexity = 0.0;
  std::vector<std::string> notes;
};
Projection projectCodes(const EncodedSet& codes, const ProjectionOptions& options, const MapResult* previous = nullptr,
                        const JobContext& job = {}, const LayoutSink& onLayout = {});

}  // namespace latentlab
