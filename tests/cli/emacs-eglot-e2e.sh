#!/usr/bin/env bash
# End-to-end: a real Emacs (28.2 and eglot 1.9 from Debian 12, or later) loads
# editors/emacs/session-lsp-eglot.el and drives the real server on a scratch copy of
# examples/llm-study; tests/e2e/eglot_e2e.el does the checks.
# Skips when emacs or eglot is missing, unless SESSION_LSP_REQUIRE_EMACS is set (CI installs
# emacs-nox and elpa-eglot).
# Usage: emacs-eglot-e2e.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
source_dir=$(realpath "$2")

skip() {
  if [[ -n ${SESSION_LSP_REQUIRE_EMACS:-} ]]; then
    echo "FAIL: $1 but SESSION_LSP_REQUIRE_EMACS is set (scripts/install-deps.sh installs it)"
    exit 1
  fi
  echo "SKIP: $1; the Emacs eglot end-to-end test did not run"
  exit 0
}

command -v emacs >/dev/null 2>&1 || skip "emacs is not installed"
# eglot is built in from Emacs 29; on 28 it comes from elpa-eglot (outside -Q's load path).
has_eglot='(progn (unless (locate-library "eglot")
  (setq package-directory-list (list "/usr/share/emacs/site-lisp/elpa")) (package-initialize))
  (kill-emacs (if (locate-library "eglot") 0 1)))'
emacs --batch -Q --eval "$has_eglot" </dev/null >/dev/null 2>&1 || skip "eglot is not installed"
echo "eglot e2e: $(emacs --version | head -n 1)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -R "$source_dir/examples/llm-study" "$scratch/workspace"
mkdir -p "$scratch/home"

# A private HOME keeps the user's init files, package folder and eglot state out of the run.
# stdin is closed so Emacs never waits on it; timeout bounds a hung server or editor.
cd "$scratch/workspace" || exit 1
HOME="$scratch/home" SESSION_LSP_BINARY="$binary" SESSION_LSP_WORKSPACE="$scratch/workspace" \
  SESSION_LSP_EGLOT_CONFIG="$source_dir/editors/emacs/session-lsp-eglot.el" \
  timeout 30 emacs --batch -Q -l "$source_dir/tests/e2e/eglot_e2e.el" </dev/null 2>"$scratch/stderr"
code=$?
if ((code != 0)); then
  echo "--- emacs stderr (last 30 lines):"
  tail -n 30 "$scratch/stderr"
fi
if ((code == 124)); then
  echo "FAIL: emacs did not finish within 30 s"
elif ((code != 0)); then
  echo "FAIL: emacs exited with code $code"
fi
exit "$code"
