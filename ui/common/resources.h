#pragma once

namespace latentlab {
// Registers the icons compiled into the static ui library (a static library's
// resources are not registered on their own). Safe to call more than once.
void initUiResources();
}  // namespace latentlab
