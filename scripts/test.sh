#!/usr/bin/env bash
# Sets up what is missing, checks the formatting, builds with warnings as errors, and runs
# every test (core, CLI, GUI offscreen) through ctest; then the core and CLI tests again under
# ASan + UBSan (scripts/sanitize.sh, build-asan/) and every fuzz target briefly, a minute for
# all of them together (scripts/fuzz.sh, build-fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/check-format.sh
scripts/build.sh -DLATENTLAB_WERROR=ON
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)" "$@")
scripts/sanitize.sh
scripts/fuzz.sh --budget 60
