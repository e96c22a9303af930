#!/usr/bin/env bash
# Sets up what is missing, builds, and opens LatentLab on the MNIST digits.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run: no display; starting LatentLab under Xvfb (screenshots: build/bin/latentlab --screenshot DIR)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/latentlab --dataset mnist "$@"
fi
exec build/bin/latentlab --dataset mnist "$@"
