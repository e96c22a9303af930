#!/usr/bin/env bash
# Builds core + CLI and their tests with AddressSanitizer + UBSan (LATENTLAB_SANITIZE) into
# build-asan/ (no GUI; ccache shares nothing with build/, the flags differ) and runs the core and
# CLI tests (each test binary sharded over the cores). Any ASan or UBSan report fails the test
# that caused it. Extra arguments run that subset through ctest instead, e.g. scripts/sanitize.sh -R Neighbors
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# -O1 with line tables: readable stacks at a fraction of -O2 -g's compile time and cache size.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DLATENTLAB_BUILD_GUI=OFF -DLATENTLAB_BUILD_TESTS=ON -DLATENTLAB_SANITIZE=ON >/dev/null
ninja -C build-asan -j "$(nproc)" latentlab-cli latentlab-core-tests latentlab-cli-tests
# Why each suppression exists: tools/sanitizers/README.md.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/tools/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tools/sanitizers/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
cd build-asan
if (($#)); then  # a chosen subset through ctest, e.g. -R Neighbors
  exec ctest --output-on-failure -j "$(nproc)" -L 'core|cli' "$@"
fi
# Each test binary runs as one process per core (GoogleTest shards) rather than one process per
# test: LibTorch's start-up under ASan costs about 1.5 s, which over 350 tests was most of the time.
# Left out here (they run in the normal build): the MNIST classifier's accuracy (a minute under
# ASan, no memory-safety content of its own) and the kill -9 timings (they time a real process).
skip='-*ReachesNinetyFivePercentOnMnist*:CliKillResume.KillNineAtSeveralMoments*'
mkdir -p logs
shards=$(nproc)
status=0
for binary in latentlab-core-tests latentlab-cli-tests; do
  pids=()
  for ((shard = 0; shard < shards; ++shard)); do
    GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$shard "bin/$binary" --gtest_filter="$skip" \
      >"logs/$binary-$shard.log" 2>&1 &
    pids+=($!)
  done
  for ((shard = 0; shard < shards; ++shard)); do
    log="logs/$binary-$shard.log"
    if wait "${pids[$shard]}"; then
      echo "sanitize: $binary shard $shard: $(grep -E '^\[  PASSED  \]' "$log" || echo passed)"
    else
      status=1
      echo "sanitize: $binary shard $shard FAILED; its log (build-asan/$log) ends:" >&2
      grep -E '^\[  FAILED  \]|ERROR: (Address|Leak)Sanitizer|runtime error' "$log" | head -20 >&2 || true
      tail -40 "$log" >&2
    fi
  done
done
exit $status
