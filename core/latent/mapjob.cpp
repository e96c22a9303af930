#include "latent/mapjob.h"

#include "common/error.h"
#include "latent/generatedset.h"
#include "latent/tsne.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace latentlab {

namespace {
std::string oneDecimal(double value) {
  std::ostringstream text;
  text.precision(1);
  text << std::fixed << value;
  return text.str();
}

// The largest perplexity t-SNE accepts for `count` points is (count - 1) / 3; a
// larger one is lowered just below it, so a small map still comes out.
double fittingPerplexity(double wanted, std::size_t count, std::vector<std::string>& notes) {
  const double largest = (double(count) - 1.0) / 3.0;
  if (wanted <= largest) return wanted;
  const double used = std::max(1.0, largest - 0.5);
  notes.push_back(std::to_string(count) + " points allow a perplexity below " + oneDecimal(largest) + "; used " +
                  oneDecimal(used) + " instead of " + oneDecimal(wanted) + " ({perplexity})");
  return used;
}

// A 1-value code lies along x.
std::vector<float> spreadAlongX(const std::vector<float>& values) {
  std::vector<float> positions(2 * values.size(), 0.0f);
  for (std::size_t i = 0; i < values.size(); ++i) positions[2 * i] = values[i];
  return positions;
}
}  // namespace

std::string mapMethodKey(MapMethod method) {
  switch (method) {
    case MapMethod::Pca:
      return "pca";
    case MapMethod::Tsne:
      return "tsne";
    case MapMethod::Direct:
      return "direct";
  }
  return "pca";
}

Projection projectCodes(const EncodedSet& codes, const ProjectionOptions& options, const MapResult* previous,
                        const JobContext& job, const LayoutSink& onLayout) {
  const std::size_t count = codes.count();
  const int dim = codes.codeSize;
  Projection out;
  const bool samePoints = previous && previous->codes && previous->codes->indices == codes.indices &&
                          previous->codes->generated == codes.generated;

  if (options.method == MapMethod::Direct) {
    if (dim != 2)
      throw usageError("the 2-D code method needs a model with a 2-dimensional code; this one has " +
                       std::to_string(dim) + ": choose PCA or t-SNE ({method})");
    out.positions = codes.codes;
    out.method = MapMethod::Direct;
    return out;
  }
  if (options.method == MapMethod::Tsne && count < 4)
    out.notes.push_back("t-SNE needs at least 4 points; " + std::to_string(count) + " were mapped with PCA");
  if (options.method == MapMethod::Tsne && count >= 4) {
    TsneOptions tsne;
    tsne.perplexity = fittingPerplexity(options.perplexity, count, out.notes);
    tsne.iterations = options.iterations;
    tsne.seed = options.seed;
    tsne.threads = options.threads;
    // Each epoch's map regroups from the last one: same arrangement, but clusters an
    // early epoch split apart can merge (a plain warm start keeps the fragments).
    tsne.regroup = true;
    std::vector<float> initial;
    if (samePoints && previous->method == MapMethod::Tsne && previous->map) initial = previous->map->positions();
    out.positions = runTsne(codes.codes.data(), count, dim, tsne, initial.empty() ? nullptr : &initial, job,
                            [&](const TsneProgress& step) {
                              if (!onLayout) return;
                              onLayout(std::vector<float>(step.layout, step.layout + step.count * std::size_t(2)));
                            });
    out.method = MapMethod::Tsne;
    out.perplexity = tsne.perplexity;
    return out;
  }
  if (count < 2) throw usageError("a map needs at least 2 points; map more items ({points})");
  // PCA keeps the previous map's axes (no flips between epochs) when the codes have the same size.
  const Pca* align = previous && previous->pca && previous->pca->dim() == dim ? &*previous->pca : nullptr;
  Pca pca = Pca::fit(codes.codes.data(), count, dim, std::min(2, dim), align);
  out.positions = pca.transform(codes.codes.data(), count);
  if (pca.components() == 1) out.positions = spreadAlongX(out.positions);
  out.pca = std::move(pca);
  out.method = MapMethod::Pca;
  job.report(1.0);
  return out;
}

MapResult computeMap(MapJobInput input, const JobContext& job, const LayoutSink& onLayout) {
  const auto start = std::chrono::steady_clock::now();
  const bool gan = input.snapshot && input.snapshot->isGan();
  if (!input.snapshot || (!gan && !input.dataset)) throw usageError("a map needs a trained model and a dataset");
  const bool tsne = input.projection.method == MapMethod::Tsne;
  // Encoding is quick next to t-SNE; it gets the whole bar only for PCA and 2-D codes.
  const double encodeShare = tsne ? 0.15 : 0.9;
  std::shared_ptr<const EncodedSet> codes;
  if (gan) {
    // Fitting z to every item would take about a second each: map the generator's own samples.
    GenerateOptions generate;
    generate.threads = input.projection.threads;
    codes = std::make_shared<const EncodedSet>(sampleGeneratedSet(*input.snapshot, input.indices.size(),
                                                                  input.projection.seed, generate,
                                                                  job.part(0.0, encodeShare, "Generating")));
  } else {
    EncodeOptions encode;
    encode.threads = input.projection.threads;
    encode.reconstructionErrors = input.reconstructionErrors;
    codes = std::make_shared<const EncodedSet>(
        encodeDataset(*input.snapshot, *input.dataset, input.indices, encode, job.part(0.0, encodeShare, "Encoding")));
  }
  if (input.onCodes) input.onCodes(*codes);
  Projection projection = projectCodes(*codes, input.projection, input.previous.get(),
                                       job.part(encodeShare, 1.0, tsne ? "t-SNE" : "PCA"), onLayout);
  job.throwIfCancelled();

  MapResult result;
  const ProjectionKind kind = projection.method == MapMethod::Tsne     ? ProjectionKind::Tsne
                              : projection.method == MapMethod::Direct ? ProjectionKind::Direct
                                                                       : ProjectionKind::Pca;
  result.map = std::make_shared<const LatentMap>(codes->codes, codes->codeSize, std::move(projection.positions), kind,
                                                 projection.pca);
  result.codes = std::move(codes);
  result.pca = std::move(projection.pca);
  result.method = projection.method;
  result.perplexity = projection.perplexity;
  result.notes = std::move(projection.notes);
  result.epoch = input.snapshot->epoch();
  result.snapshot = input.snapshot;
  if (gan) result.classNames = generatedClassNames(*input.snapshot);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace latentlab
