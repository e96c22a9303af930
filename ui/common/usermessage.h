#pragma once

// Core's messages in the GUI's words: "{lr}" becomes “Learning rate” (the label
// of that setting in the Settings panel), LibTorch's text loses its backtrace.

#include "jobs/jobfailure.h"

#include <QString>

#include <string>

namespace latentlab {

// The GUI's name of a setting key (see common/settingtext.h), quoted: “Learning rate”.
QString guiSettingName(const std::string& key);

// A core message with its setting keys in the GUI's words.
QString userText(const std::string& coreMessage);

// One readable sentence for a failure (no backtrace), starting with a capital.
QString userMessage(const JobFailure& failure);

// The exception being handled, as one readable sentence: call inside a catch block.
QString currentErrorMessage();

// The same for a raw exception text (a library's, perhaps multi-line with a backtrace).
QString userMessage(const QString& exceptionText);

}  // namespace latentlab
