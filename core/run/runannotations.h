#pragma once

// What a user writes about a run: a display name, tags and a note, kept in the run
// folder (annotations.json) so they travel with it.

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

struct RunAnnotations {
  std::string displayName;  // empty: the folder's name
  std::vector<std::string> tags;
  std::string note;

  bool empty() const { return displayName.empty() && tags.empty() && note.empty(); }
};

std::filesystem::path runAnnotationsFile(const std::filesystem::path& runDir);
// Defaults when there is no file; an input Error naming the file when it is damaged.
RunAnnotations readRunAnnotations(const std::filesystem::path& runDir);
// Atomic; tags are trimmed, de-duplicated and empty ones dropped.
void writeRunAnnotations(const std::filesystem::path& runDir, const RunAnnotations& annotations);
// "a, b ,c" -> {"a", "b", "c"}
std::vector<std::string> parseTagList(const std::string& text);

}  // namespace latentlab
