#include "common/settingtext.h"

#include <algorithm>

namespace latentlab {

const std::vector<std::string>& settingKeys() {
  static const std::vector<std::string> keys = {
      "lr",         "weight-decay",  "momentum",      "beta",      "batch",      "epochs",     "early-stop",
      "threads",    "device",        "loss",          "optimizer", "seed",       "corruption", "limit",
      "split",      "val-fraction",  "test-fraction", "data-dir",  "dataset",    "run",        "out",
      "resume",     "spec",          "preset",        "ood",       "perplexity", "iterations", "method",
      "image-size", "points",        "grid",          "halving",   "yes",        "latent",     "dropout",
      "builtin",    "label-fraction"};
  return keys;
}

std::string renderSettings(const std::string& text, const std::function<std::string(const std::string&)>& name) {
  const auto& keys = settingKeys();
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string::npos) break;
    const std::string key = text.substr(open + 1, close - open - 1);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      out.append(text, at, open + 1 - at);  // not a setting: keep the brace, look on after it
      at = open + 1;
      continue;
    }
    out.append(text, at, open - at);
    out += name(key);
    at = close + 1;
  }
  out.append(text, at, std::string::npos);
  return out;
}

std::string renderForCli(const std::string& text) {
  return renderSettings(text, [](const std::string& key) { return "--" + key; });
}

}  // namespace latentlab
