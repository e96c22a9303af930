#include "run/optimizerstate.h"

#include "common/error.h"

#include <map>

namespace latentlab {

namespace {
// The key LibTorch's optimizers file a parameter's state under.
std::string stateKey(const torch::Tensor& parameter) {
  return c10::guts::to_string(parameter.unsafeGetTensorImpl());
}

std::vector<torch::Tensor> allParameters(torch::optim::Optimizer& optimizer) {
  std::vector<torch::Tensor> parameters;
  for (auto& group : optimizer.param_groups())
    for (auto& parameter : group.params()) parameters.push_back(parameter);
  return parameters;
}

// "adam", "adamw" or "sgd": a prefix of every key, so state of another optimizer is noticed.
std::string kindOf(torch::optim::Optimizer& optimizer) {
  if (dynamic_cast<torch::optim::AdamW*>(&optimizer)) return "adamw";
  if (dynamic_cast<torch::optim::Adam*>(&optimizer)) return "adam";
  if (dynamic_cast<torch::optim::SGD*>(&optimizer)) return "sgd";
  throw runtimeError("saving the state of this optimizer is not supported; use Adam, AdamW or SGD");
}

torch::Tensor cpuCopy(const torch::Tensor& tensor) {
  return tensor.detach().to(torch::kCPU).contiguous().clone();
}

template <typename AdamState>
void addAdamState(NamedTensors& out, const std::string& prefix, const AdamState& state) {
  out.emplace_back(prefix + "step", torch::tensor(std::int64_t(state.step()), torch::kInt64));
  out.emplace_back(prefix + "exp_avg", cpuCopy(state.exp_avg()));
  out.emplace_back(prefix + "exp_avg_sq", cpuCopy(state.exp_avg_sq()));
  if (state.max_exp_avg_sq().defined()) out.emplace_back(prefix + "max_exp_avg_sq", cpuCopy(state.max_exp_avg_sq()));
}
}  // namespace

NamedTensors optimizerState(torch::optim::Optimizer& optimizer) {
  const std::string kind = kindOf(optimizer);
  NamedTensors out;
  const auto parameters = allParameters(optimizer);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const auto found = optimizer.state().find(stateKey(parameters[i]));
    if (found == optimizer.state().end()) continue;  // no step taken for it yet
    const std::string prefix = kind + "." + std::to_string(i) + ".";
    if (kind == "adamw")
      addAdamState(out, prefix, static_cast<const torch::optim::AdamWParamState&>(*found->second));
    else if (kind == "adam")
      addAdamState(out, prefix, static_cast<const torch::optim::AdamParamState&>(*found->second));
    else if (const auto& state = static_cast<const torch::optim::SGDParamState&>(*found->second);
             state.momentum_buffer().defined())
      out.emplace_back(prefix + "momentum_buffer", cpuCopy(state.momentum_buffer()));
  }
  return out;
}

void restoreOptimizerState(torch::optim::Optimizer& optimizer, const NamedTensors& state, const std::string& source) {
  const std::string kind = kindOf(optimizer);
  const auto parameters = allParameters(optimizer);
  auto refuse = [&](const std::string& what) {
    throw inputError(source + " has optimizer state that does not fit (" + what +
                     "); resume with the run's own optimizer and spec.json, or train again");
  };
  // Parameter index -> its saved tensors by field name.
  std::map<std::size_t, std::map<std::string, torch::Tensor>> byParameter;
  for (const auto& [name, tensor] : state) {
    const auto firstDot = name.find('.');
    const auto secondDot = firstDot == std::string::npos ? firstDot : name.find('.', firstDot + 1);
    if (secondDot == std::string::npos || name.substr(0, firstDot) != kind)
      refuse("entry " + name + " is not " + kind + " state");
    std::size_t index = 0;
    try {
      index = std::stoul(name.substr(firstDot + 1, secondDot - firstDot - 1));
    } catch (const std::exception&) {
      refuse("entry " + name + " names no parameter");
    }
    if (index >= parameters.size()) refuse("entry " + name + " names parameter " + std::to_string(index));
    byParameter[index][name.substr(secondDot + 1)] = tensor;
  }

  auto fitting = [&](std::map<std::string, torch::Tensor>& fields, const std::string& field, std::size_t index,
                     bool required) -> torch::Tensor {
    const auto found = fields.find(field);
    if (found == fields.end()) {
      if (required) refuse("parameter " + std::to_string(index) + " lacks " + field);
      return {};
    }
    const torch::Tensor& parameter = parameters[index];
    if (found->second.sizes() != parameter.sizes() || found->second.scalar_type() != parameter.scalar_type())
      refuse(field + " of parameter " + std::to_string(index) + " has another shape than the parameter");
    return found->second.to(parameter.device()).clone();
  };
  auto step = [&](std::map<std::string, torch::Tensor>& fields, std::size_t index) {
    const auto found = fields.find("step");
    if (found == fields.end() || found->second.numel() != 1 || found->second.scalar_type() != torch::kInt64)
      refuse("parameter " + std::to_string(index) + " lacks its step count");
    const std::int64_t value = found->second.item<std::int64_t>();
    if (value < 0) refuse("parameter " + std::to_string(index) + " has a negative step count");
    return value;
  };

  // Built aside first, so a refusal leaves the optimizer as it was.
  std::vector<std::pair<std::string, std::unique_ptr<torch::optim::OptimizerParamState>>> restored;
  for (auto& [index, fields] : byParameter) {
    const std::string key = stateKey(parameters[index]);
    if (kind == "sgd") {
      auto saved = std::make_unique<torch::optim::SGDParamState>();
      saved->momentum_buffer(fitting(fields, "momentum_buffer", index, true));
      restored.emplace_back(key, std::move(saved));
    } else if (kind == "adamw") {
      auto saved = std::make_unique<torch::optim::AdamWParamState>();
      saved->step(step(fields, index));
      saved->exp_avg(fitting(fields, "exp_avg", index, true));
      saved->exp_avg_sq(fitting(fields, "exp_avg_sq", index, true));
      saved->max_exp_avg_sq(fitting(fields, "max_exp_avg_sq", index, false));
      restored.emplace_back(key, std::move(saved));
    } else {
      auto saved = std::make_unique<torch::optim::AdamParamState>();
      saved->step(step(fields, index));
      saved->exp_avg(fitting(fields, "exp_avg", index, true));
      saved->exp_avg_sq(fitting(fields, "exp_avg_sq", index, true));
      saved->max_exp_avg_sq(fitting(fields, "max_exp_avg_sq", index, false));
      restored.emplace_back(key, std::move(saved));
    }
  }
  optimizer.state().clear();
  for (auto& [key, saved] : restored) optimizer.state()[key] = std::move(saved);
}

}  // namespace latentlab
