#pragma once

// Typed reads of one setting of a JSON object. nlohmann's get<int>() bends 1.5 and true
// into 1 and wraps 2^40; these refuse such values with a message naming the key.
// Header-only so that models (spec files) and core (configs, sweeps) share it.

#include <nlohmann/json.hpp>

#include <climits>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace latentlab {

// What is wrong with one setting, e.g. "'latent' must be a whole number, not 1.5"; the
// caller adds the file name.
class JsonSettingError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

namespace jsonsettings_detail {
inline std::string shown(const nlohmann::json& value) {
  std::string text = value.dump();
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}
[[noreturn]] inline void refuse(const std::string& key, const std::string& what, const nlohmann::json& value) {
  throw JsonSettingError("'" + key + "' must be " + what + ", not " + shown(value));
}
}  // namespace jsonsettings_detail

// One JSON value that must be a whole number in [min, max]; `name` is what the message calls it
// (a key, or e.g. "truth[3]" for an entry of a list). 7962269646.5, 1e99 and true are refused
// here instead of reaching nlohmann's unchecked conversion.
inline long long wholeNumberValue(const nlohmann::json& value, const std::string& name, long long min = LLONG_MIN,
                                  long long max = LLONG_MAX) {
  if (!value.is_number_integer()) jsonsettings_detail::refuse(name, "a whole number", value);
  const bool fitsLongLong = !value.is_number_unsigned() || value.get<std::uint64_t>() <= std::uint64_t(LLONG_MAX);
  const long long number = fitsLongLong ? value.get<long long>() : LLONG_MAX;
  if (fitsLongLong && number >= min && number <= max) return number;
  const bool typeLimits = (min == LLONG_MIN || min == INT_MIN) && (max == LLONG_MAX || max == INT_MAX);
  if (typeLimits) throw JsonSettingError("'" + name + "' is out of range: " + jsonsettings_detail::shown(value));
  jsonsettings_detail::refuse(name, "between " + std::to_string(min) + " and " + std::to_string(max), value);
}

// A whole number in [min, max]; `fallback` when the key is absent.
inline long long wholeNumberSetting(const nlohmann::json& object, const std::string& key, long long fallback,
                                    long long min = LLONG_MIN, long long max = LLONG_MAX) {
  if (!object.contains(key)) return fallback;
  return wholeNumberValue(object.at(key), key, min, max);
}

inline int intSetting(const nlohmann::json& object, const std::string& key, int fallback, int min = INT_MIN,
                      int max = INT_MAX) {
  return int(wholeNumberSetting(object, key, fallback, min, max));
}

// Non-negative whole numbers up to 2^64 - 1 (seeds).
inline std::uint64_t unsignedSetting(const nlohmann::json& object, const std::string& key, std::uint64_t fallback) {
  if (!object.contains(key)) return fallback;
  const nlohmann::json& value = object.at(key);
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<long long>() >= 0) return std::uint64_t(value.get<long long>());
  jsonsettings_detail::refuse(key, "a whole number of at least 0", value);
}

// Any number (booleans refused); a whole number written as 3 is fine.
inline double numberSetting(const nlohmann::json& object, const std::string& key, double fallback) {
  if (!object.contains(key)) return fallback;
  const nlohmann::json& value = object.at(key);
  if (!value.is_number()) jsonsettings_detail::refuse(key, "a number", value);
  return value.get<double>();
}

// For keys that must be present (files the program writes itself: probe.json, the runs cache).
inline const nlohmann::json& requiredSetting(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key)) throw JsonSettingError("'" + key + "' is missing");
  return object.at(key);
}

inline long long requiredWholeNumberSetting(const nlohmann::json& object, const std::string& key,
                                            long long min = LLONG_MIN, long long max = LLONG_MAX) {
  return wholeNumberValue(requiredSetting(object, key), key, min, max);
}

inline int requiredIntSetting(const nlohmann::json& object, const std::string& key, int min = INT_MIN,
                              int max = INT_MAX) {
  return int(wholeNumberValue(requiredSetting(object, key), key, min, max));
}

inline std::uint64_t requiredUnsignedSetting(const nlohmann::json& object, const std::string& key) {
  requiredSetting(object, key);
  return unsignedSetting(object, key, 0);
}

inline bool boolSetting(const nlohmann::json& object, const std::string& key, bool fallback) {
  if (!object.contains(key)) return fallback;
  const nlohmann::json& value = object.at(key);
  if (!value.is_boolean()) jsonsettings_detail::refuse(key, "true or false", value);
  return value.get<bool>();
}

inline std::string stringSetting(const nlohmann::json& object, const std::string& key, const std::string& fallback) {
  if (!object.contains(key)) return fallback;
  const nlohmann::json& value = object.at(key);
  if (!value.is_string()) jsonsettings_detail::refuse(key, "a string", value);
  return value.get<std::string>();
}

}  // namespace latentlab
