// probe.json: the probe's result in the run folder (the runs library reads its "accuracy").

#include "common/atomicfile.h"
#include "common/error.h"
#include "jsonsettings.h"
#include "jsontext.h"
#include "probe/linearprobe.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latentlab {

namespace {
using nlohmann::json;
using nlohmann::ordered_json;  // written in this order: the summary first, the per-item lists last
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ordered_json number(double value) {
  return std::isfinite(value) ? ordered_json(value) : ordered_json(nullptr);
}

// Indented JSON in which a list or object of plain values stays on one line: a row of the
// confusion matrix, an epoch of the history, the 10,000 predictions.
void writeReadable(const ordered_json& value, int depth, std::string& out) {
  const bool flat =
      std::none_of(value.begin(), value.end(), [](const ordered_json& item) { return item.is_structured(); });
  if (!value.is_structured() || value.empty() || flat) {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  const std::string pad(std::size_t(2 * (depth + 1)), ' ');
  out += value.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto item = value.begin(); item != value.end(); ++item) {
    if (!first) out += ",\n";
    first = false;
    out += pad;
    if (value.is_object())
      out += ordered_json(item.key()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ": ";
    writeReadable(*item, depth + 1, out);
  }
  out += "\n" + std::string(std::size_t(2 * depth), ' ') + (value.is_object() ? "}" : "]");
}

double numberOf(const json& value) {
  return value.is_null() ? kNaN : value.get<double>();
}

// A list of whole numbers in [min, max]; empty when the key is absent. Each entry is checked:
// nlohmann's get<std::vector<int>>() converts 1e99 without a range check.
template <typename T>
std::vector<T> wholeNumbers(const json& list, const std::string& name, long long min, long long max) {
  if (!list.is_array()) throw JsonSettingError("'" + name + "' must be a list");
  std::vector<T> numbers;
  numbers.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i)
    numbers.push_back(T(wholeNumberValue(list[i], name + "[" + std::to_string(i) + "]", min, max)));
  return numbers;
}

template <typename T>
std::vector<T> listOf(const json& root, const std::string& key, long long min, long long max) {
  const auto found = root.find(key);
  return found == root.end() ? std::vector<T>() : wholeNumbers<T>(*found, key, min, max);
}
}  // namespace

std::filesystem::path probeFile(const std::filesystem::path& runDir) {
  return runDir / "probe.json";
}

std::string probeResultToJson(const ProbeResult& result, bool withItems) {
  ordered_json perClass = ordered_json::object();
  for (std::size_t c = 0; c < result.classNames.size(); ++c)
    perClass[result.classNames[c]] = number(c < result.perClassAccuracy.size() ? result.perClassAccuracy[c] : kNaN);
  ordered_json history = ordered_json::array();
  for (const ProbeEpoch& epoch : result.history)
    history.push_back({{"epoch", epoch.epoch},
                       {"fine_tune", epoch.fineTune},
                       {"train_loss", number(epoch.trainLoss)},
                       {"val_loss", number(epoch.validationLoss)},
                       {"train_accuracy", number(epoch.trainAccuracy)},
                       {"val_accuracy", number(epoch.validationAccuracy)}});
  ordered_json root{{"accuracy", number(result.accuracy)},
                    {"frozen_accuracy", number(result.frozenAccuracy)},
                    {"knn_accuracy", number(result.knnAccuracy)},
                    {"knn_k", result.knnK},
                    {"label_fraction", number(result.labelFraction)},
                    {"train_items", result.trainItems},
                    {"test_count", result.testItems.size()},
                    {"fine_tuned", result.fineTuned},
                    {"code_size", result.codeSize},
                    {"epoch", result.epoch},
                    {"class_names", result.classNames},
                    {"per_class", perClass},
                    {"confusion", result.confusion},
                    {"history", history}};
  if (withItems) {  // which test item is which cell of the confusion matrix
    root["test_items"] = result.testItems;
    root["truth"] = result.truth;
    root["predicted"] = result.predicted;
  }
  std::string text;
  writeReadable(root, 0, text);
  return text + "\n";
}

ProbeResult probeResultFromJson(const std::string& text, const std::string& source) {
  ProbeResult result;
  try {
    const json root = parseJsonText(text);
    result.accuracy = numberOf(root.at("accuracy"));
    result.frozenAccuracy = root.contains("frozen_accuracy") ? numberOf(root.at("frozen_accuracy")) : result.accuracy;
    result.knnAccuracy = numberOf(root.at("knn_accuracy"));
    result.knnK = requiredIntSetting(root, "knn_k", 0, INT_MAX);
    result.classNames = root.at("class_names").get<std::vector<std::string>>();
    const std::size_t classes = result.classNames.size();
    const json& perClass = root.at("per_class");
    for (std::size_t c = 0; c < classes; ++c) {
      const auto found = perClass.find(result.classNames[c]);
      result.perClassAccuracy.push_back(found == perClass.end() ? kNaN : numberOf(*found));
    }
    const json& confusion = requiredSetting(root, "confusion");
    if (!confusion.is_array()) throw JsonSettingError("'confusion' must be a list of rows");
    for (std::size_t row = 0; row < confusion.size(); ++row)
      result.confusion.push_back(
          wholeNumbers<long long>(confusion[row], "confusion[" + std::to_string(row) + "]", 0, LLONG_MAX));
    if (result.confusion.size() != classes)
      throw inputError(source + " is damaged: its confusion matrix has " + std::to_string(result.confusion.size()) +
                       " rows for " + std::to_string(classes) + " classes; run the probe again");
    for (const auto& row : result.confusion)
      if (row.size() != classes)
        throw inputError(source + " is damaged: a row of its confusion matrix has " + std::to_string(row.size()) +
                         " counts for " + std::to_string(classes) + " classes; run the probe again");
    for (const json& epoch : root.at("history"))
      result.history.push_back(ProbeEpoch{requiredIntSetting(epoch, "epoch", 0, INT_MAX),
                                          epoch.value("fine_tune", false), numberOf(epoch.at("train_loss")),
                                          numberOf(epoch.at("val_loss")), numberOf(epoch.at("train_accuracy")),
                                          numberOf(epoch.at("val_accuracy"))});
    result.trainItems = std::size_t(requiredWholeNumberSetting(root, "train_items", 0, LLONG_MAX));
    result.labelFraction = numberOf(root.at("label_fraction"));
    result.fineTuned = root.at("fine_tuned").get<bool>();
    result.codeSize = requiredIntSetting(root, "code_size", 0, INT_MAX);
    result.epoch = requiredIntSetting(root, "epoch", 0, INT_MAX);
    result.testItems = listOf<std::size_t>(root, "test_items", 0, LLONG_MAX);
    result.truth = listOf<int>(root, "truth", INT_MIN, INT_MAX);
    result.predicted = listOf<int>(root, "predicted", INT_MIN, INT_MAX);
    if (result.truth.size() != result.testItems.size() || result.predicted.size() != result.testItems.size())
      throw inputError(source + " is damaged: it lists " + std::to_string(result.testItems.size()) +
                       " test items but " + std::to_string(result.truth.size()) + " true labels and " +
                       std::to_string(result.predicted.size()) + " predictions; run the probe again");
  } catch (const json::exception& error) {
    throw inputError(source + " is damaged (" + error.what() + "); run the probe again");
  } catch (const JsonTextError& error) {
    throw inputError(source + " is damaged (" + error.what() + "); run the probe again");
  } catch (const JsonSettingError& error) {
    throw inputError(source + " is damaged (" + error.what() + "); run the probe again");
  }
  return result;
}

void writeProbeResult(const std::filesystem::path& runDir, const ProbeResult& result) {
  writeTextFileAtomically(probeFile(runDir), probeResultToJson(result, /*withItems=*/true));
}

std::optional<ProbeResult> readProbeResult(const std::filesystem::path& runDir) {
  const std::filesystem::path file = probeFile(runDir);
  std::error_code error;
  if (!std::filesystem::exists(file, error)) return std::nullopt;
  return probeResultFromJson(readTextFile(file), file.string());
}

}  // namespace latentlab
