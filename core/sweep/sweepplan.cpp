#include "sweep/sweepplan.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "jsonsettings.h"
#include "jsontext.h"
#include "layerplan.h"
#include "run/runfolder.h"
#include "sweep/successivehalving.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace latentlab {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
const char* kFormat = "latentlab-sweep";
constexpr int kVersion = 1;
constexpr int kMaxEpochs = 100000;  // as TrainConfig allows

const std::vector<SweepRunState>& allStates() {
  static const std::vector<SweepRunState> states = {
      SweepRunState::Pending, SweepRunState::Running, SweepRunState::Finished, SweepRunState::Diverged,
      SweepRunState::Stopped, SweepRunState::Pruned,  SweepRunState::Failed};
  return states;
}

std::string describeSettings(const SweepSettings& settings) {
  std::string text;
  for (const auto& [key, value] : settings) text += (text.empty() ? "" : ", ") + key + "=" + value;
  return text.empty() ? "the base settings" : text;
}

// An input Error for a sweep.json that cannot be read, with the fix.
Error damaged(const std::string& source, const std::string& why) {
  return inputError(source + " " + why +
                    "; it may be damaged or hand-edited: restore it, or start a new sweep in another folder");
}
}  // namespace

std::string sweepRunStateName(SweepRunState state) {
  switch (state) {
    case SweepRunState::Pending:
      return "pending";
    case SweepRunState::Running:
      return "running";
    case SweepRunState::Finished:
      return "finished";
    case SweepRunState::Diverged:
      return "diverged";
    case SweepRunState::Stopped:
      return "stopped";
    case SweepRunState::Pruned:
      return "pruned";
    case SweepRunState::Failed:
      return "failed";
  }
  return "pending";
}

std::string SweepPlan::toJson() const {
  json root;
  root["format"] = kFormat;
  root["version"] = kVersion;
  root["name"] = name;
  root["preset"] = preset;
  root["halving_rung_epochs"] = halvingRungEpochs;
  root["rung"] = rung;
  root["axes"] = json::array();
  for (const auto& axis : axes) root["axes"].push_back({{"key", axis.key}, {"values", axis.values}});
  root["spec"] = json::parse(latentlab::toJson(baseSpec));
  root["config"] = json::parse(trainConfigToJson(baseConfig));
  root["runs"] = json::array();
  for (const auto& run : runs) {
    json settings = json::object();
    for (const auto& [key, value] : run.settings) settings[key] = value;
    json item{{"name", run.name},
              {"settings", settings},
              {"state", sweepRunStateName(run.state)},
              {"epochs_done", run.epochsDone},
              {"target_epochs", run.targetEpochs}};
    // NaN (no epoch yet) is written as null.
    item["best_val_loss"] = std::isfinite(run.bestValidationLoss) ? json(run.bestValidationLoss) : json(nullptr);
    if (!run.message.empty()) item["message"] = run.message;
    root["runs"].push_back(item);
  }
  return root.dump(2) + "\n";
}

SweepPlan SweepPlan::fromJson(const std::string& text, const std::string& source) {
  json root;
  try {
    root = parseJsonText(text);
  } catch (const JsonTextError& error) {
    throw damaged(source, std::string("is not valid JSON: ") + error.what());
  }
  if (!root.is_object()) throw damaged(source, "is not a JSON object");
  SweepPlan plan;
  try {
    if (root.value("format", std::string()) != kFormat) throw damaged(source, "is not a LatentLab sweep file");
    if (const long long version = wholeNumberSetting(root, "version", 0); version > kVersion)
      throw inputError(source + " was written by a newer LatentLab (sweep format " + std::to_string(version) +
                       "); update LatentLab to open it");
    plan.name = root.value("name", std::string());
    plan.preset = root.value("preset", std::string());
    plan.halvingRungEpochs = intSetting(root, "halving_rung_epochs", 0, 0, kMaxEpochs);
    plan.rung = intSetting(root, "rung", 0, 0, INT_MAX);
    if (!root.contains("spec") || !root.contains("config") || !root.contains("runs"))
      throw damaged(source, "lacks its spec, config or runs");
    try {
      plan.baseSpec = parseModelSpec(root.at("spec").dump(), source + " (its spec)");
    } catch (const ModelSpecError& error) {
      throw damaged(source, std::string("has a spec that cannot be read (") + error.what() + ")");
    }
    plan.baseConfig = trainConfigFromJson(root.at("config").dump(), source + " (its config)");
    for (const auto& item : root.value("axes", json::array())) {
      SweepAxis axis;
      axis.key = item.at("key").get<std::string>();
      axis.values = item.at("values").get<std::vector<std::string>>();
      try {
        plan.axes.push_back(checkedSweepAxis(axis));
      } catch (const Error& error) {
        throw damaged(source, std::string("has a bad axis (") + error.what() + ")");
      }
    }
    for (const auto& item : root.at("runs")) {
      SweepRun run;
      run.name = item.at("name").get<std::string>();
      if (run.name.empty() || run.name.find('/') != std::string::npos || run.name.find('\\') != std::string::npos ||
          run.name == "." || run.name == "..")
        throw damaged(source, "names a run '" + run.name + "' that is not a plain folder name");
      const json& settings = item.at("settings");
      if (!settings.is_object() || settings.size() != plan.axes.size())
        throw damaged(source, "gives run " + run.name + " settings that do not match the axes");
      for (const auto& axis : plan.axes) {
        if (!settings.contains(axis.key)) throw damaged(source, "gives run " + run.name + " no value for " + axis.key);
        const std::string value = settings.at(axis.key).get<std::string>();
        if (std::find(axis.values.begin(), axis.values.end(), value) == axis.values.end())
          throw damaged(
              source, "gives run " + run.name + " the value " + axis.key + "=" + value + ", which is not on its axis");
        run.settings.emplace_back(axis.key, value);
      }
      const std::string state = item.at("state").get<std::string>();
      bool known = false;
      for (auto candidate : allStates())
        if (sweepRunStateName(candidate) == state) {
          run.state = candidate;
          known = true;
        }
      if (!known) throw damaged(source, "gives run " + run.name + " an unknown state '" + state + "'");
      run.epochsDone = intSetting(item, "epochs_done", 0, 0, kMaxEpochs);
      run.targetEpochs = intSetting(item, "target_epochs", plan.baseConfig.epochs, 0, kMaxEpochs);
      const auto best = item.find("best_val_loss");
      run.bestValidationLoss =
          best != item.end() && best->is_number() ? best->get<double>() : std::numeric_limits<double>::quiet_NaN();
      run.message = item.value("message", std::string());
      plan.runs.push_back(std::move(run));
    }
  } catch (const json::exception& error) {
    throw damaged(source, std::string("has a value of the wrong type (") + error.what() + ")");
  } catch (const JsonSettingError& error) {
    throw damaged(source, std::string("has a bad value: ") + error.what());
  }
  std::map<std::string, int> names;
  for (const auto& run : plan.runs)
    if (++names[run.name] > 1) throw damaged(source, "lists the run " + run.name + " twice");
  return plan;
}

SweepPlan planSweep(std::string name, std::string preset, ModelSpec baseSpec, TrainConfig baseConfig,
                    std::vector<SweepAxis> axes, int halvingRungEpochs) {
  if (halvingRungEpochs < 0)
    throw usageError("the successive-halving epochs ({halving}) cannot be negative, not " +
                     std::to_string(halvingRungEpochs));
  if (baseSpec.isGan())
    throw usageError(baseSpec.name +
                     " is a GAN: sweeps rank autoencoders by their validation loss, which a GAN does not have; "
                     "train it on its own (Train, or latentlab-cli train --preset " +
                     (preset.empty() ? baseSpec.name : preset) + ")");
  validateTrainConfig(baseConfig);
  SweepPlan plan;
  plan.name = std::move(name);
  plan.preset = std::move(preset);
  plan.baseSpec = std::move(baseSpec);
  plan.baseConfig = std::move(baseConfig);
  plan.halvingRungEpochs = halvingRungEpochs >= plan.baseConfig.epochs ? 0 : halvingRungEpochs;
  for (const auto& axis : axes) plan.axes.push_back(checkedSweepAxis(axis));
  const auto grid = expandGrid(plan.axes);
  const auto schedule = halvingSchedule(int(grid.size()), plan.halvingRungEpochs, plan.baseConfig.epochs);
  const int firstTarget = schedule.empty() ? plan.baseConfig.epochs : schedule.front().epochs;
  std::map<std::string, bool> specsChecked;  // by spec JSON: a spec builds or not whatever the run
  for (std::size_t i = 0; i < grid.size(); ++i) {
    SweepRun run;
    run.name = sweepRunName(int(i), grid[i]);
    run.settings = grid[i];
    run.targetEpochs = firstTarget;
    ModelSpec spec;
    TrainConfig config;
    try {
      runSetup(plan, run, spec, config);
      validateTrainConfig(config);
      const std::string key = latentlab::toJson(spec);
      if (!specsChecked.count(key)) {
        planModel(spec);
        specsChecked[key] = true;
      }
    } catch (const ModelSpecError& error) {
      throw usageError("the model of the run " + describeSettings(run.settings) + " cannot be built: " + error.what());
    } catch (const Error& error) {
      throw Error(error.kind(), "the run " + describeSettings(run.settings) + ": " + error.what());
    }
    plan.runs.push_back(std::move(run));
  }
  return plan;
}

void runSetup(const SweepPlan& plan, const SweepRun& run, ModelSpec& spec, TrainConfig& config) {
  spec = plan.baseSpec;
  config = plan.baseConfig;
  for (const auto& [key, value] : run.settings) applySweepSetting(spec, config, key, value);
  if (run.targetEpochs > 0) config.epochs = run.targetEpochs;
  config.split.seed = config.seed;
}

fs::path sweepFile(const fs::path& sweepDir) {
  return sweepDir / "sweep.json";
}

bool isSweepFolder(const fs::path& dir) {
  std::error_code error;
  return fs::is_regular_file(sweepFile(dir), error);
}

void checkNewSweepFolder(const fs::path& sweepDir) {
  const std::string where = sweepDir.string();
  if (isSweepFolder(sweepDir))
    throw usageError(where +
                     " already holds a sweep; continue it ({resume}), or choose another folder ({out}) "
                     "(nothing was changed)");
  if (RunFolder(sweepDir).holdsRun())
    throw usageError(where +
                     " holds a training run; choose another folder for the sweep ({out}) (nothing was changed)");
  std::error_code error;
  if (fs::exists(sweepDir, error)) {
    if (!fs::is_directory(sweepDir, error))
      throw usageError(where + " is a file, not a folder; choose another folder for the sweep ({out})");
    if (!fs::is_empty(sweepDir, error))
      throw usageError(where +
                       " exists and is not empty; choose a new or empty folder for the sweep ({out}) "
                       "(nothing was changed)");
  }
}

void createSweepFolder(const fs::path& sweepDir, const SweepPlan& plan) {
  checkNewSweepFolder(sweepDir);
  std::error_code error;
  fs::create_directories(sweepDir, error);
  if (error) throw runtimeError("cannot create the sweep folder " + sweepDir.string() + ": " + error.message());
  writeSweepPlan(sweepDir, plan);
}

SweepPlan readSweepPlan(const fs::path& sweepDir) {
  if (!isSweepFolder(sweepDir))
    throw inputError("cannot resume " + sweepDir.string() +
                     ": it holds no sweep.json (not a sweep folder); start a new sweep there instead ({out})");
  return SweepPlan::fromJson(readTextFile(sweepFile(sweepDir)), sweepFile(sweepDir).string());
}

void writeSweepPlan(const fs::path& sweepDir, const SweepPlan& plan) {
  writeTextFileAtomically(sweepFile(sweepDir), plan.toJson());
}

int bestSweepRun(const SweepPlan& plan) {
  int best = -1;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& run = plan.runs[i];
    if (run.state != SweepRunState::Finished && run.state != SweepRunState::Stopped) continue;
    if (!std::isfinite(run.bestValidationLoss)) continue;
    if (best < 0 || run.bestValidationLoss < plan.runs[std::size_t(best)].bestValidationLoss) best = int(i);
  }
  return best;
}

}  // namespace latentlab
