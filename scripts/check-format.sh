#!/usr/bin/env bash
# Fails when a C++ file differs from the committed .clang-format (CI runs it first).
# Fix with: git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format is missing (scripts/setup.sh installs it)" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/latentlab-format.$$; then
  grep -E "^[^ ].*(error|warning):" /tmp/latentlab-format.$$ | sed 's/: error: code should be clang-formatted.*//' | sort -u | head -40 >&2
  rm -f /tmp/latentlab-format.$$
  echo "check-format: the files above are not formatted; run: git ls-files '*.cpp' '*.h' | xargs clang-format -i" >&2
  exit 1
fi
rm -f /tmp/latentlab-format.$$
echo "check-format: ${#files[@]} files formatted"
