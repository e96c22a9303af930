#pragma once

// Core messages name the setting a user can change as "{key}" (for example
// "lower the learning rate ({lr})"), never as a CLI flag or a GUI label: each
// front end renders the keys in its own words ("--lr" in the CLI, "Learning
// rate" in the GUI). Only the keys listed in settingKeys() are replaced, so a
// message that quotes JSON braces stays intact.

#include <functional>
#include <string>
#include <vector>

namespace latentlab {

// The keys a message may name, spelled as the CLI's option names without "--".
const std::vector<std::string>& settingKeys();

// Replaces every "{key}" of a known key by name(key).
std::string renderSettings(const std::string& text, const std::function<std::string(const std::string&)>& name);

// The CLI's words: "{lr}" becomes "--lr".
std::string renderForCli(const std::string& text);

}  // namespace latentlab
