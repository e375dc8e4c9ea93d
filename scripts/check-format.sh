#!/usr/bin/env bash
# Fails when a C++ file is not formatted as .clang-format says (run `scripts/format.sh` to fix).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || true)
((${#files[@]} == 0)) && exit 0
clang-format --dry-run -Werror "${files[@]}"
