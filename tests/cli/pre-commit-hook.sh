#!/usr/bin/env bash
# The `session-lsp-check` hook of .pre-commit-hooks.yaml, run by the real `pre-commit` in a
# scratch study repository: a commit that stages a session with an error is refused and prints
# the finding; the fixed session commits; a commit without session files skips the hook.
# The hooks file is taken from SOURCE_DIR's working tree (committed into a scratch hook repo), so
# the test does not depend on what is committed in the checkout.
# Skips when pre-commit is missing, unless SESSION_LSP_REQUIRE_PRECOMMIT is set (CI installs the
# Debian package pre-commit).
# Usage: pre-commit-hook.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
source_dir=$(realpath "$2")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! command -v pre-commit >/dev/null 2>&1; then
  if [[ -n ${SESSION_LSP_REQUIRE_PRECOMMIT:-} ]]; then
    echo "FAIL: pre-commit is not installed but SESSION_LSP_REQUIRE_PRECOMMIT is set" \
      "(scripts/install-deps.sh installs it)"
    exit 1
  fi
  echo "SKIP: pre-commit is not installed; the pre-commit hook test did not run"
  exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The user's git and pre-commit configuration stay out: no global hooksPath, no shared cache.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null PRE_COMMIT_HOME=$scratch/cache
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
# `language: system`: pre-commit runs the `session-lsp` on PATH, here the one under test.
mkdir "$scratch/bin"
ln -s "$binary" "$scratch/bin/session-lsp"
export PATH=$scratch/bin:$PATH

pre-commit validate-manifest "$source_dir/.pre-commit-hooks.yaml" ||
  fail ".pre-commit-hooks.yaml is not a valid pre-commit manifest"

# The hook repository, as pre-commit fetches it from a `repo:` URL.
hooks=$scratch/hooks
mkdir "$hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add .pre-commit-hooks.yaml &&
  git -C "$hooks" commit -q -m hooks || exit 1
rev=$(git -C "$hooks" rev-parse HEAD)

# The study repository: the example workspace, committed without the hook (it has errors).
study=$scratch/study
cp -R "$source_dir/examples/llm-study" "$study"
cd "$study" || exit 1
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: session-lsp-check
YAML
git init -q && git add -A && git commit -q --no-verify -m baseline || exit 1
pre-commit install >/dev/null || { echo "FAIL: pre-commit install"; exit 1; }

session=sessions/2026-11-19__02-Infra-System__DeepSpeed__zero-stages.md

# An invalid level: the commit is refused and the finding is printed, compiler-style.
sed -i 's/^level_after: L1$/level_after: L9/' "$session"
git add "$session"
output=$(git commit -m "bad level" 2>&1)
code=$?
[[ $code != 0 ]] || fail "a session with an error was committed"
grep -q "^$session:18:14: error: .*\[invalid-enum\]" <<<"$output" ||
  fail "the finding is not printed: $output"
grep -q "session-lsp check\.\..*Failed" <<<"$output" || fail "the hook did not report Failed: $output"
[[ $(git rev-list --count HEAD) == 1 ]] || fail "HEAD moved after a refused commit"

# Fixed: the same commit goes through.
sed -i 's/^level_after: L9$/level_after: L1/' "$session"
echo "* revisited" >>"$session"
git add "$session"
output=$(git commit -m "fixed" 2>&1) || fail "the fixed session was refused: $output"
grep -q "session-lsp check\.\..*Passed" <<<"$output" || fail "the hook did not report Passed: $output"

# Only sessions/ is checked by default: a commit of other markdown skips the hook.
echo "More notes." >>README.md
git add README.md
output=$(git commit -m "readme" 2>&1) || fail "a README change was refused: $output"
grep -q "session-lsp check\.\..*Skipped" <<<"$output" || fail "the hook did not skip README.md: $output"

[[ $(git rev-list --count HEAD) == 3 ]] || fail "expected 3 commits, got $(git rev-list --count HEAD)"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "cli pre-commit-hook: all checks passed"
