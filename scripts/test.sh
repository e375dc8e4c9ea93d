#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test twice —
# in a normal build and in a build with AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/check-format.sh"
# install-deps.sh brings Neovim, Emacs, pre-commit, Chromium and npm: their tests must run, not
# skip.
export SESSION_LSP_REQUIRE_NVIM=1 SESSION_LSP_REQUIRE_EMACS=1 SESSION_LSP_REQUIRE_PRECOMMIT=1
export SESSION_LSP_REQUIRE_CHROMIUM=1 SESSION_LSP_REQUIRE_NODE=1
echo "tools: node $(node --version 2>/dev/null || echo missing), $(nvim --version | head -n 1)," \
  "$(emacs --version | head -n 1), $(chromium --version 2>/dev/null || echo 'chromium missing')"

echo "== build and test (RelWithDebInfo)"
BUILD_DIR=$root/build "$root/scripts/build.sh"
ctest --test-dir "$root/build" --output-on-failure --parallel "$(nproc)"

if [[ ${SESSION_LSP_SKIP_SANITIZERS:-0} != 1 ]]; then
  echo "== build and test (ASan + UBSan)"
  BUILD_DIR=$root/build-asan "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Debug -DSESSION_LSP_SANITIZE=ON
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$root/build-asan" --output-on-failure --parallel "$(nproc)"
  # The transcripts once more with LeakSanitizer: the server must free everything it made
  # (in --lit-test mode it returns from main, so LSan runs at exit).
  echo "== transcripts under LeakSanitizer"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$root/build-asan" --output-on-failure --parallel "$(nproc)" -R '^lsp:'
fi

if [[ ${SESSION_LSP_SKIP_FUZZ:-0} != 1 ]]; then
  # A smoke run of every fuzz target (docs/ROBUSTNESS.md has the long runs).
  seconds=${FUZZ_SMOKE_SECONDS:-15}
  echo "== fuzz smoke (libFuzzer + ASan + UBSan, $seconds s per target)"
  log=$(mktemp)
  for target in FuzzJsonRpc FuzzMetadata FuzzDocument FuzzIncremental; do
    if ! FUZZ_BUILD_DIR=$root/build-fuzz "$root/scripts/fuzz.sh" "$target" "$seconds" >"$log" 2>&1; then
      tail -n 60 "$log"
      echo "fuzz smoke: $target found a problem (input in build-fuzz/crashes/$target/)"
      exit 1
    fi
    echo "$target: $(grep -E '^Done' "$log" || echo 'no summary')"
  done
  rm -f "$log"
fi
