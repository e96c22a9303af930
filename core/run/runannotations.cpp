#include "run/runannotations.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "jsontext.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> cleanTags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const auto& tag : tags) {
    const std::string clean = trimmed(tag);
    if (!clean.empty() && std::find(out.begin(), out.end(), clean) == out.end()) out.push_back(clean);
  }
  return out;
}
}  // namespace

fs::path runAnnotationsFile(const fs::path& runDir) {
  return runDir / "annotations.json";
}

RunAnnotations readRunAnnotations(const fs::path& runDir) {
  const fs::path file = runAnnotationsFile(runDir);
  std::error_code error;
  if (!fs::exists(file, error)) return {};
  const std::string text = readTextFile(file);
  try {
    const auto root = parseJsonText(text);
    RunAnnotations annotations;
    annotations.displayName = root.value("display_name", std::string());
    annotations.note = root.value("note", std::string());
    if (root.contains("tags")) annotations.tags = cleanTags(root.at("tags").get<std::vector<std::string>>());
    return annotations;
  } catch (const std::exception& jsonError) {  // JsonTextError or nlohmann's type errors
    throw inputError(file.string() + " is damaged (" + jsonError.what() +
                     "); fix or delete it to get the run's name, tags and note back");
  }
}

void writeRunAnnotations(const fs::path& runDir, const RunAnnotations& annotations) {
  nlohmann::json root{{"display_name", trimmed(annotations.displayName)},
                      {"tags", cleanTags(annotations.tags)},
                      {"note", annotations.note}};
  writeTextFileAtomically(runAnnotationsFile(runDir), root.dump(2) + "\n");
}

std::vector<std::string> parseTagList(const std::string& text) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    tags.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cleanTags(tags);
}

}  // namespace latentlab
