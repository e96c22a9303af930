#include "sweep/sweepgrid.h"

#include "common/error.h"
#include "corrupt/corruption.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>

namespace latentlab {

namespace {

enum class KeyType { Real, Whole, Loss, Optimizer, Corruption };

struct KeyInfo {
  const char* key;
  KeyType type;
  double low;           // numbers: the smallest value allowed
  double high;          // numbers: the largest value allowed
  bool lowOpen;         // low itself is not allowed
  bool highOpen;        // high itself is not allowed
  const char* example;  // shown in error messages
};

// The valid ranges mirror validateTrainConfig's, so a grid is refused before any run starts.
const std::vector<KeyInfo>& keyInfos() {
  static const std::vector<KeyInfo> infos = {
      {"lr", KeyType::Real, 0.0, 10.0, true, false, "lr=0.001,0.02 or lr=1e-4:1e-2:3:log"},
      {"weight-decay", KeyType::Real, 0.0, 1.0, false, true, "weight-decay=0,0.0001,0.005"},
      {"latent", KeyType::Whole, 0.0, 100000.0, false, false, "latent=2,10,100"},
      {"loss", KeyType::Loss, 0, 0, false, false, "loss=mse,bce,l1"},
      {"batch", KeyType::Whole, 1.0, 65536.0, false, false, "batch=32,64,128 or batch=32:128:3"},
      {"corruption", KeyType::Corruption, 0, 0, false, false, "corruption=none,gaussian:0.3,occlude:8"},
      {"beta", KeyType::Real, 0.0, 1000.0, false, false, "beta=0.5,1,4"},
      {"dropout", KeyType::Real, 0.0, 1.0, false, true, "dropout=0,0.1,0.3"},
      {"optimizer", KeyType::Optimizer, 0, 0, false, false, "optimizer=adam,adamw,sgd"},
      {"momentum", KeyType::Real, 0.0, 1.0, false, true, "momentum=0.8,0.9,0.99"},
      {"seed", KeyType::Whole, 0.0, 9007199254740992.0, false, false, "seed=1,2,3"},
  };
  return infos;
}

std::string keyList() {
  std::string list;
  for (const auto& info : keyInfos()) list += (list.empty() ? "" : ", ") + std::string(info.key);
  return list;
}

const KeyInfo& keyInfo(const std::string& key) {
  for (const auto& info : keyInfos())
    if (key == info.key) return info;
  throw usageError("unknown sweep key '" + key + "' in {grid}: use " + keyList());
}

bool isNumeric(KeyType type) {
  return type == KeyType::Real || type == KeyType::Whole;
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> splitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (true) {
    const auto next = text.find(separator, at);
    parts.push_back(trim(text.substr(at, next == std::string::npos ? std::string::npos : next - at)));
    if (next == std::string::npos) break;
    at = next + 1;
  }
  return parts;
}

// The shortest text that reads back as the same double: "0.001", "1e-05", "20".
std::string shortestText(double value) {
  char buffer[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

// Rounded to `digits` significant digits, so generated ranges give short names.
double roundSignificant(double value, int digits) {
  if (value == 0.0 || !std::isfinite(value)) return value;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return std::strtod(buffer, nullptr);
}

std::string badValue(const KeyInfo& info, const std::string& value, const std::string& why) {
  return std::string(info.key) + "=" + value + " in {grid}: " + why + " (for example " + info.example + ")";
}

// A number of the key, or a usage Error naming key and value.
double parseNumber(const KeyInfo& info, const std::string& text) {
  if (text.empty()) throw usageError(badValue(info, text, "a value is empty"));
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value))
    throw usageError(badValue(info, text, "'" + text + "' is not a number"));
  return value;
}

std::string rangeText(const KeyInfo& info) {
  auto bound = [](double value) { return shortestText(value); };
  return std::string(info.lowOpen ? "(" : "[") + bound(info.low) + ", " + bound(info.high) +
         (info.highOpen ? ")" : "]");
}

// Checks one value of the key and returns its canonical text.
std::string canonicalValue(const KeyInfo& info, const std::string& raw) {
  const std::string text = trim(raw);
  switch (info.type) {
    case KeyType::Real:
    case KeyType::Whole: {
      const double value = parseNumber(info, text);
      if (info.type == KeyType::Whole && value != std::floor(value))
        throw usageError(badValue(info, text, std::string(info.key) + " takes whole numbers, not '" + text + "'"));
      const bool aboveLow = info.lowOpen ? value > info.low : value >= info.low;
      const bool belowHigh = info.highOpen ? value < info.high : value <= info.high;
      if (!aboveLow || !belowHigh)
        throw usageError(badValue(info, text, std::string(info.key) + " must be in " + rangeText(info)));
      if (info.type == KeyType::Whole) return std::to_string((long long)value);
      return shortestText(value);
    }
    case KeyType::Loss:
      try {
        return lossName(parseLoss(text));
      } catch (const Error&) {
        throw usageError(badValue(info, text, "unknown loss '" + text + "'; use mse, bce or l1"));
      }
    case KeyType::Optimizer:
      try {
        return optimizerName(parseOptimizer(text));
      } catch (const Error&) {
        throw usageError(badValue(info, text, "unknown optimizer '" + text + "'; use adam, adamw or sgd"));
      }
    case KeyType::Corruption:
      try {
        return Corruption::parse(text).toString();
      } catch (const Error& error) {
        throw usageError(badValue(info, text, error.what()));
      }
  }
  return text;
}

// "low:high:count" or "low:high:count:log" of a numeric key; nothing when `text` is a list.
std::vector<std::string> expandRange(const KeyInfo& info, const std::string& text) {
  const auto parts = splitOn(text, ':');
  const bool log = parts.size() == 4 && parts[3] == "log";
  if (parts.size() != 3 && !log)
    throw usageError(badValue(info, text, "a range is LOW:HIGH:COUNT or LOW:HIGH:COUNT:log"));
  const double low = parseNumber(info, parts[0]);
  const double high = parseNumber(info, parts[1]);
  const double countValue = parseNumber(info, parts[2]);
  if (countValue < 1 || countValue > 1000 || countValue != std::floor(countValue))
    throw usageError(badValue(info, text, "the COUNT of a range must be a whole number from 1 to 1000"));
  const int count = int(countValue);
  if (log && (low <= 0 || high <= 0)) throw usageError(badValue(info, text, "a log range needs LOW and HIGH above 0"));
  std::vector<std::string> values;
  for (int i = 0; i < count; ++i) {
    const double t = count == 1 ? 0.0 : double(i) / double(count - 1);
    double value = log ? std::exp(std::log(low) + t * (std::log(high) - std::log(low))) : low + t * (high - low);
    if (i == count - 1) value = high;  // exactly, not low + (high - low)
    value = info.type == KeyType::Whole ? std::round(value) : roundSignificant(value, 4);
    const std::string canonical = canonicalValue(info, shortestText(value));
    if (std::find(values.begin(), values.end(), canonical) == values.end()) values.push_back(canonical);
  }
  return values;
}

double numberOf(const std::string& key, const std::string& value) {
  return parseNumber(keyInfo(key), value);
}

std::string safeForFolder(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '-' || c == '+' || c == '_';
    out += plain ? c : '_';
  }
  return out;
}
}  // namespace

const std::vector<std::pair<std::string, std::string>>& sweepKeys() {
  static const std::vector<std::pair<std::string, std::string>> keys = {
      {"lr", "learning rate, in (0, 10]"},
      {"weight-decay", "weight decay, in [0, 1)"},
      {"latent", "latent size (whole number; 0 = the encoder's feature map)"},
      {"loss", "mse, bce or l1"},
      {"batch", "batch size (whole number)"},
      {"corruption", "input corruption, e.g. none, gaussian:0.3, occlude:8"},
      {"beta", "VAE: weight of the KL term, in [0, 1000]"},
      {"dropout", "dropout probability, in [0, 1)"},
      {"optimizer", "adam, adamw or sgd"},
      {"momentum", "SGD momentum, in [0, 1)"},
      {"seed", "random seed (whole number)"},
  };
  return keys;
}

SweepAxis parseSweepAxis(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos)
    throw usageError("'" + text + "' in {grid} is not KEY=VALUES; for example lr=0.001,0.02 (keys: " + keyList() + ")");
  SweepAxis axis;
  axis.key = trim(text.substr(0, equals));
  const KeyInfo& info = keyInfo(axis.key);
  const std::string values = trim(text.substr(equals + 1));
  if (values.empty()) throw usageError(badValue(info, values, "the list of values is empty"));
  if (isNumeric(info.type) && values.find(':') != std::string::npos) {
    if (values.find(',') != std::string::npos)
      throw usageError(badValue(info, values, "give either a list (a,b,c) or one range (LOW:HIGH:COUNT)"));
    axis.values = expandRange(info, values);
    return axis;
  }
  axis.values = splitOn(values, ',');
  return checkedSweepAxis(axis);
}

SweepAxis checkedSweepAxis(const SweepAxis& axis) {
  const KeyInfo& info = keyInfo(axis.key);
  if (axis.values.empty()) throw usageError(badValue(info, "", "the list of values is empty"));
  SweepAxis checked;
  checked.key = axis.key;
  for (const auto& value : axis.values) {
    const std::string canonical = canonicalValue(info, value);
    if (std::find(checked.values.begin(), checked.values.end(), canonical) != checked.values.end())
      throw usageError(badValue(info, value, "the value " + canonical + " is listed twice"));
    checked.values.push_back(canonical);
  }
  return checked;
}

long long gridSize(const std::vector<SweepAxis>& axes) {
  const long long limit = std::numeric_limits<long long>::max();
  long long size = 1;
  for (const auto& axis : axes) {
    const auto count = (long long)axis.values.size();
    if (count == 0) return 0;
    size = size > limit / count ? limit : size * count;
  }
  return size;
}

std::vector<SweepSettings> expandGrid(const std::vector<SweepAxis>& axes) {
  std::set<std::string> keys;
  for (const auto& axis : axes) {
    if (!keys.insert(axis.key).second)
      throw usageError("the sweep key " + axis.key + " is given twice in {grid}; list all its values in one " +
                       axis.key + "=… instead");
    if (axis.values.empty()) throw usageError("the sweep key " + axis.key + " has no values in {grid}");
  }
  const long long size = gridSize(axes);
  if (size > kMaxSweepRuns)
    throw usageError("the grid has " + std::to_string(size) + " runs; a sweep can have at most " +
                     std::to_string(kMaxSweepRuns) + " (use fewer values in {grid})");
  std::vector<SweepSettings> grid;
  grid.reserve(std::size_t(size));
  std::vector<std::size_t> at(axes.size(), 0);
  for (long long index = 0; index < size; ++index) {
    SweepSettings settings;
    for (std::size_t a = 0; a < axes.size(); ++a) settings.emplace_back(axes[a].key, axes[a].values[at[a]]);
    grid.push_back(std::move(settings));
    // The last axis varies fastest.
    for (std::size_t a = axes.size(); a-- > 0;) {
      if (++at[a] < axes[a].values.size()) break;
      at[a] = 0;
    }
  }
  return grid;
}

void applySweepSetting(ModelSpec& spec, TrainConfig& config, const std::string& key, const std::string& value) {
  const KeyInfo& info = keyInfo(key);
  const std::string canonical = canonicalValue(info, value);
  if (key == "lr") {
    config.learningRate = numberOf(key, canonical);
  } else if (key == "weight-decay") {
    config.weightDecay = numberOf(key, canonical);
  } else if (key == "momentum") {
    config.momentum = numberOf(key, canonical);
  } else if (key == "beta") {
    config.beta = numberOf(key, canonical);
  } else if (key == "batch") {
    config.batchSize = int(numberOf(key, canonical));
  } else if (key == "seed") {
    config.seed = std::uint64_t(numberOf(key, canonical));
    config.split.seed = config.seed;
  } else if (key == "loss") {
    config.loss = parseLoss(canonical);
  } else if (key == "optimizer") {
    config.optimizer = parseOptimizer(canonical);
  } else if (key == "corruption") {
    config.corruption = canonical == "none" ? std::string() : canonical;
  } else if (key == "dropout") {
    spec.dropout = numberOf(key, canonical);
  } else if (key == "latent") {
    const int latent = int(numberOf(key, canonical));
    if (latent == 0 && spec.isVariational())
      throw usageError("latent=0 in {grid}: a VAE needs a latent size of at least 1");
    spec.latent = latent;
  }
}

std::string sweepRunName(int index, const SweepSettings& settings) {
  char number[32];
  std::snprintf(number, sizeof number, "%03d", index + 1);
  std::string name = number;
  for (const auto& [key, value] : settings) name += "-" + key + safeForFolder(value);
  // Folder names stay well below the 255 bytes file systems allow.
  if (name.size() > 120) name.resize(120);
  return name;
}

}  // namespace latentlab
