#!/usr/bin/env bash
# End-to-end: a real Neovim (0.7.2 from Debian 12, or later) runs the editors/nvim plugin against
# the real server on a scratch copy of examples/llm-study; tests/e2e/nvim_e2e.lua does the checks.
# Skips when nvim is missing, unless SESSION_LSP_REQUIRE_NVIM is set (CI installs neovim).
# Usage: nvim-e2e.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
source_dir=$(realpath "$2")

if ! command -v nvim >/dev/null 2>&1; then
  if [[ -n ${SESSION_LSP_REQUIRE_NVIM:-} ]]; then
    echo "FAIL: nvim is not installed but SESSION_LSP_REQUIRE_NVIM is set" \
      "(scripts/install-deps.sh installs it)"
    exit 1
  fi
  echo "SKIP: nvim is not installed; the Neovim end-to-end test did not run"
  exit 0
fi
echo "nvim e2e: $(nvim --version | head -n 1)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -R "$source_dir/examples/llm-study" "$scratch/workspace"
mkdir -p "$scratch/home" "$scratch/state"

# A private HOME and XDG folders keep the user's config, shada and LSP log out of the run.
# stdin is closed so nvim never waits on it; timeout bounds a hung server or editor.
cd "$scratch/workspace" || exit 1
HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" \
  XDG_DATA_HOME="$scratch/home/.local/share" XDG_STATE_HOME="$scratch/state" \
  XDG_CACHE_HOME="$scratch/home/.cache" \
  SESSION_LSP_BINARY="$binary" SESSION_LSP_PLUGIN="$source_dir/editors/nvim" \
  SESSION_LSP_WORKSPACE="$scratch/workspace" \
  SESSION_LSP_E2E_SCRIPT="$source_dir/tests/e2e/nvim_e2e.lua" \
  timeout 60 nvim --headless --clean -u NONE -i NONE -n \
  -c 'lua dofile(os.getenv("SESSION_LSP_E2E_SCRIPT"))' </dev/null
code=$?
if ((code == 124)); then
  echo "FAIL: nvim did not finish within 60 s"
elif ((code != 0)); then
  echo "FAIL: nvim exited with code $code"
fi
exit "$code"
