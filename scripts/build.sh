#!/usr/bin/env bash
# Configures and builds LatentLab into build/ (binaries in build/bin/).
# Extra arguments go to cmake, e.g. scripts/build.sh -DLATENTLAB_BUILD_GUI=OFF
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
# Each torch translation unit needs ~1 GB to compile; one job per core is safe on 2 GB/core.
ninja -C build -j "$(nproc)"
