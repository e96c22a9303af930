#pragma once

// The one way LatentLab parses JSON it reads from disk (specs, configs, sweeps, sidecars).
// Header-only so that both models and core use it (models cannot link core).

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace latentlab {

// Deeper nesting is refused before nlohmann builds anything: its dump() and destructor
// recurse once per level, so a hand-made file nesting 100,000 arrays overflows the stack.
// LatentLab's own files nest at most 5 levels.
constexpr int kMaxJsonDepth = 64;

// Why a text is not JSON LatentLab reads, without the file name (the caller adds it).
class JsonTextError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// True when [ and { nest deeper than `limit` anywhere outside strings.
inline bool jsonNestsDeeperThan(const std::string& text, int limit) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;  // skips the escaped character, which may be a quote
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

namespace jsontext_detail {
// nlohmann's messages start with "[json.exception.parse_error.101] "; the tag helps no user.
inline std::string withoutTag(const std::string& message) {
  const auto end = message.find("] ");
  return message.rfind("[json.exception.", 0) == 0 && end != std::string::npos ? message.substr(end + 2) : message;
}
}  // namespace jsontext_detail

// Parses `text`, refusing nesting deeper than kMaxJsonDepth. Every problem (bad syntax, a
// number too large for a double, too deep) throws JsonTextError, naming the key being read
// when there is one, e.g. "number overflow parsing '1e400' (reading "latent")".
inline nlohmann::json parseJsonText(const std::string& text) {
  if (jsonNestsDeeperThan(text, kMaxJsonDepth))
    throw JsonTextError("nests arrays or objects more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  std::string lastKey;
  const nlohmann::json::parser_callback_t trackKeys = [&lastKey](int, nlohmann::json::parse_event_t event,
                                                                 nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && parsed.is_string()) lastKey = parsed.get<std::string>();
    return true;
  };
  try {
    return nlohmann::json::parse(text, trackKeys);
  } catch (const nlohmann::json::exception& error) {
    throw JsonTextError(jsontext_detail::withoutTag(error.what()) +
                        (lastKey.empty() ? std::string() : " (reading \"" + lastKey + "\")"));
  }
}

}  // namespace latentlab
