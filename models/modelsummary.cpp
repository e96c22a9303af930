#include "modelsummary.h"

#include <algorithm>
#include <sstream>

namespace latentlab {

namespace {
std::string describe(const PlannedLayer& layer) {
  std::ostringstream out;
  out << describeOp(layer.op);
  switch (layer.op) {
    case PlanOp::Conv2d:
    case PlanOp::ConvTranspose2d:
      out << " " << layer.inShape.channels << "->" << layer.outShape.channels << ", " << layer.kernel << "x"
          << layer.kernel << ", stride " << layer.stride << ", pad " << layer.padding;
      if (layer.outputPadding) out << ", out-pad " << layer.outputPadding;
      break;
    case PlanOp::Linear:
      out << " " << layer.inShape.channels << "->" << layer.outShape.channels;
      break;
    case PlanOp::MaxPool2d:
    case PlanOp::AvgPool2d:
      out << " 2x2";
      break;
    case PlanOp::Upsample:
      out << " to " << layer.outShape.height << "x" << layer.outShape.width;
      break;
    case PlanOp::Unflatten:
      out << " to " << layer.outShape.toString();
      break;
    default:
      break;
  }
  return out.str();
}

std::string activationLabel(Activation activation, double negativeSlope) {
  switch (activation) {
    case Activation::ReLU:
      return "ReLU";
    case Activation::SELU:
      return "SELU";
    case Activation::LeakyReLU: {
      if (negativeSlope == 0.01) return "LeakyReLU";
      std::ostringstream out;
      out << "LeakyReLU(" << negativeSlope << ")";
      return out.str();
    }
    case Activation::Sigmoid:
      return "Sigmoid";
    case Activation::Tanh:
      return "Tanh";
    case Activation::None:
      return "";
  }
  return "";
}

void appendSection(ModelSummary& summary, const std::vector<PlannedLayer>& layers, const std::string& prefix = {}) {
  for (const auto& layer : layers) {
    const bool folds = layer.op == PlanOp::Activation || layer.op == PlanOp::Dropout;
    if (folds && !summary.rows.empty() && summary.rows.back().section == layer.section) {
      auto& row = summary.rows.back();
      row.layer += layer.op == PlanOp::Activation ? " + " + activationLabel(layer.activation, layer.negativeSlope)
                                                  : " + Dropout(" + std::to_string(layer.dropout).substr(0, 4) + ")";
      continue;
    }
    summary.rows.push_back(
        {layer.section, prefix + describe(layer), layer.outShape.toString(), layer.parameters, layer.specIndex});
  }
}
}  // namespace

std::string withThousands(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int at = int(digits.size()) - 3; at > 0; at -= 3) digits.insert(std::size_t(at), ",");
  return (value < 0 ? "-" : "") + digits;
}

ModelSummary summarizePlan(const ModelSpec& spec, const LayerPlan& plan) {
  ModelSummary summary;
  summary.inputShape = spec.input.toString();
  summary.codeShape = plan.codeShape.toString();
  summary.rows.push_back({"encoder", "Input", summary.inputShape, 0, -1});
  appendSection(summary, plan.encoder);
  if (spec.isVariational() && plan.latentHeads.size() == 2) {
    std::vector<PlannedLayer> mu{plan.latentHeads[0]}, logVariance{plan.latentHeads[1]};
    appendSection(summary, mu, "mu: ");
    appendSection(summary, logVariance, "log-variance: ");
  } else if (spec.isGan()) {
    appendSection(summary, plan.latentHeads, "D head: ");
  } else {
    appendSection(summary, plan.latentHeads, "code: ");
  }
  if (spec.isGan()) summary.rows.push_back({"decoder", "Latent z", summary.codeShape, 0, -1});
  appendSection(summary, plan.decoder);
  summary.totalParameters = plan.totalParameters();
  summary.gan = spec.isGan();
  if (summary.gan) {
    summary.generatorParameters = plan.generatorParameters();
    summary.discriminatorParameters = plan.discriminatorParameters();
    summary.generatorAverage = spec.generatorAverage;
  }
  return summary;
}

ModelSummary summarizeModel(const ModelSpec& spec) {
  return summarizePlan(spec, planModel(spec));
}

std::string formatSummaryTable(const ModelSummary& summary) {
  std::size_t layerWidth = 5, shapeWidth = 12;
  for (const auto& row : summary.rows) {
    layerWidth = std::max(layerWidth, row.layer.size());
    shapeWidth = std::max(shapeWidth, row.outputShape.size());
  }
  std::ostringstream out;
  auto line = [&](const std::string& section, const std::string& layer, const std::string& shape,
                  const std::string& params) {
    out << section;
    out << std::string(9 - std::min<std::size_t>(9, section.size()), ' ') << layer
        << std::string(layerWidth + 2 - layer.size(), ' ') << shape << std::string(shapeWidth + 2 - shape.size(), ' ')
        << params << "\n";
  };
  line("Section", "Layer", "Output shape", "Param #");
  const std::string rule(9 + layerWidth + 2 + shapeWidth + 2 + 10, '=');
  out << rule << "\n";
  for (const auto& row : summary.rows) line(row.section, row.layer, row.outputShape, withThousands(row.parameters));
  out << rule << "\n";
  out << "Total params: " << withThousands(summary.totalParameters) << "\n";
  if (summary.gan) {
    out << "Generator params: " << withThousands(summary.generatorParameters) << " (section decoder)\n";
    out << "Discriminator params: " << withThousands(summary.discriminatorParameters)
        << " (sections encoder and latent)\n";
    out << "Latent z: " << summary.codeShape << "\n";
    if (summary.generatorAverage > 0.0)
      out << "Samples from: a running average of the generator's weights (decay " << summary.generatorAverage
          << "; not trained, not counted above)\n";
    return out.str();
  }
  out << "Code: " << summary.codeShape << "\n";
  return out.str();
}

}  // namespace latentlab
