#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, LATENTLAB_BUILD_FUZZERS) with clang into build-fuzz/,
# writes their seed corpora and runs each target in turn on one core, then prints each one's
# executions and crashes. Exits 1 when any target crashed (the reproducer is in
# build-fuzz/crashes/<target>/; replay it with build-fuzz/bin/latentlab-fuzz-<target> <file>).
#
#   scripts/fuzz.sh [--seconds N | --budget N] [--runs N] [target...]
#     --seconds N  run each target N seconds (default 60)
#     --budget N   N seconds for all the chosen targets together, split evenly (CI: --budget 60)
#     --runs N     stop a target after N executions (with --seconds as the time limit)
#     target       idx cifar svhn npmdigits imagefolder modelspec trainconfig sweepplan runcsv
#                  sidecars checkpoint (default: all)
# The grown corpus stays in build-fuzz/corpus/<target>/ and is reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
all=(idx cifar svhn npmdigits imagefolder modelspec trainconfig sweepplan runcsv sidecars checkpoint)
seconds=60 budget= runs=0 targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=("${all[@]}")
for target in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target (known: ${all[*]})" >&2; exit 2; }
done
if [[ -n "$budget" ]]; then
  seconds=$((budget / ${#targets[@]}))
  ((seconds >= 1)) || seconds=1
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DLATENTLAB_BUILD_GUI=OFF -DLATENTLAB_BUILD_TESTS=OFF \
  -DLATENTLAB_BUILD_FUZZERS=ON >/dev/null
ninja -C build-fuzz -j "$(nproc)" latentlab-fuzzers
cd build-fuzz
rm -rf seeds
bin/latentlab-fuzz-seeds seeds >/dev/null

# Why each suppression exists: tools/sanitizers/README.md.
# allocator_may_return_null: an allocation no machine could satisfy (a header claiming 200 GB,
# inside libmatio or OpenCV) returns NULL as it does outside ASan, and the reader must turn that
# into an error; one that succeeds above -rss_limit_mb is still reported as out-of-memory.
export ASAN_OPTIONS="strict_string_checks=1:allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/tools/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$root/tools/sanitizers/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
mkdir -p logs
failed=0
printf '%-12s %12s %8s %8s  %s\n' target executions seconds crashes result
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "crashes/$target"
  log="logs/$target.log"
  start=$SECONDS
  status=0
  limits=(-rss_limit_mb=2048)
  # OpenCV sizes its image from the file's header before reading a pixel (up to its own 2^30
  # pixels: fuzz/crashes-found/imagefolder-ppm-header-gigapixel-malloc.ppm, 20 bytes, mallocs
  # gigabytes); untouched, that costs nothing outside ASan (the CLI reads that folder in 207 MB
  # and skips the file), so for image folders only memory really used counts, via -rss_limit_mb.
  [[ "$target" == imagefolder ]] && limits+=(-malloc_limit_mb=1048576)
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: 2 GB is an out-of-memory finding.
  "bin/latentlab-fuzz-$target" -max_total_time="$seconds" -runs="$((runs > 0 ? runs : -1))" -timeout=10 \
    "${limits[@]}" -print_final_stats=1 -artifact_prefix="crashes/$target/" \
    "corpus/$target" "seeds/$target" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(find "crashes/$target" -type f | wc -l)
  result=ok
  if ((status != 0 || crashes > 0)); then
    result="FAILED (exit $status; log build-fuzz/$log)"
    failed=1
  fi
  printf '%-12s %12s %8s %8s  %s\n' "$target" "${executions:-?}" "$((SECONDS - start))" "$crashes" "$result"
  if ((status != 0)); then grep -m1 -A25 '==ERROR\|runtime error\|terminate called\|deadly signal' "$log" >&2 || tail -30 "$log" >&2; fi
done
exit "$failed"
