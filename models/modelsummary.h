#pragma once

#include "layerplan.h"

#include <string>
#include <vector>

namespace latentlab {

// One row of the summary table, like the tables in seed 001: a weighted or
// reshaping layer, with its activation and dropout folded into the description.
struct SummaryRow {
  std::string section;      // encoder, latent, decoder
  std::string layer;        // "Conv2d 1->24, 3x3, stride 2, pad 1 + ReLU"
  std::string outputShape;  // "24x14x14"
  long long parameters = 0;
  int specIndex = -1;
};

struct ModelSummary {
  std::vector<SummaryRow> rows;
  long long totalParameters = 0;
  std::string inputShape;
  std::string codeShape;
  bool gan = false;  // a GAN: the two networks' counts below (they add up to the total)
  long long generatorParameters = 0;
  double generatorAverage = 0.0;  // a GAN: the decay of its generator's weight average, 0 = none
  long long discriminatorParameters = 0;
};

ModelSummary summarizePlan(const ModelSpec& spec, const LayerPlan& plan);
ModelSummary summarizeModel(const ModelSpec& spec);  // throws ModelSpecError

// A fixed-width text table with a thousands-separated total.
std::string formatSummaryTable(const ModelSummary& summary);

std::string withThousands(long long value);  // 19383 -> "19,383"

}  // namespace latentlab
