#!/usr/bin/env bash
# `session-lsp new` on a scratch copy of examples/llm-study: the file it creates (preferred
# name, from any folder inside the workspace), that `check` finds nothing structural in it,
# that it never overwrites, and its exit codes (0 created, 1 refused, 2 usage).
# Usage: new.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cp -r "$2/examples/llm-study" "$scratch/ws" || exit 1
cd "$scratch/ws/lab/vllm" || exit 1 # run from deep inside the workspace

name=2026-12-01__02-Infra-System__vLLM__kv-cache-reuse-eviction.md
created=$("$binary" new --track 02-Infra-System --module vLLM --topic "KV cache: reuse & eviction" --date 2026-12-01)
code=$?
[[ $code == 0 ]] || fail "new: exit code $code, expected 0"
[[ $created == "../../sessions/$name" ]] || fail "new printed '$created', expected ../../sessions/$name"
file=$scratch/ws/sessions/$name
[[ -f $file ]] || fail "$file was not created"
grep -qx 'topic: "KV cache: reuse & eviction"' "$file" || fail "topic not filled"
grep -q "^  sessions: \[/sessions/$name\]" "$file" || fail "evidence_targets.sessions does not list the file"

# check: placeholders and empty bullets are expected in a fresh session, nothing else.
cd "$scratch/ws" || exit 1
report=$("$binary" check "sessions/$name" 2>/dev/null)
code=$?
[[ $code == 0 ]] || fail "check on the new file: exit code $code (errors: $(grep -c ': error: ' <<<"$report"))"
bad=$(grep -E '\[(missing-field|missing-section|invalid-enum|invalid-date|missing-self-evidence|filename-[a-z]+|unknown-module|yaml-syntax|broken-link)\]$' <<<"$report")
[[ -z $bad ]] || fail "check reports: $bad"
grep -q '\[placeholder\]$' <<<"$report" || fail "check no longer shows the template's placeholders"

# A second run refuses (exit 1) and leaves the first file byte-identical, even once edited.
echo "my notes" >>"$file"
cp "$file" "$scratch/before"
"$binary" new --track 02-Infra-System --module vLLM --topic "KV cache: reuse & eviction" --date 2026-12-01 >/dev/null 2>"$scratch/err"
code=$?
[[ $code == 1 ]] || fail "second new: exit code $code, expected 1"
grep -q "already exists" "$scratch/err" || fail "second new: message '$(cat "$scratch/err")'"
cmp -s "$file" "$scratch/before" || fail "second new changed the existing file"

# Today's date by default; a Korean topic keeps its letters.
today=$(date +%Y-%m-%d)
created=$("$binary" new --track=03-Theory-Paper --module=Attention --topic="멀티 헤드 어텐션")
[[ $? == 0 && $created == "sessions/${today}__03-Theory-Paper__Attention__멀티-헤드-어텐션.md" ]] || fail "default date / Korean topic: '$created'"

# --dry-run writes nothing and shows the text.
before=$(ls sessions | wc -l)
preview=$("$binary" new --track 04-Interview --module Inference-QA --topic "Dry run" --date 2026-12-02 --dry-run)
[[ $? == 0 ]] || fail "--dry-run: exit code"
[[ $(ls sessions | wc -l) == "$before" ]] || fail "--dry-run created a file"
[[ $(head -1 <<<"$preview") == sessions/2026-12-02__04-Interview__Inference-QA__dry-run.md ]] || fail "--dry-run path: $(head -1 <<<"$preview")"
grep -qx 'track: 04-Interview' <<<"$preview" || fail "--dry-run does not show the text"

# Invalid values are refused with exit 1 and create nothing.
expect_refused() {
  local before after
  before=$(ls sessions | wc -l)
  "$binary" new "$@" >/dev/null 2>&1
  local code=$?
  after=$(ls sessions | wc -l)
  [[ $code == 1 ]] || fail "new $*: exit code $code, expected 1"
  [[ $before == "$after" ]] || fail "new $*: created a file"
}
expect_refused --track 02-infra-system --module vLLM --topic x --date 2026-12-03
expect_refused --track 02-Infra-System --module vLLM --topic x --date 2026-02-30
expect_refused --track 02-Infra-System --module vLLM --topic x --date 2026/12/03
expect_refused --track 02-Infra-System --module ../vLLM --topic x --date 2026-12-03
expect_refused --track 02-Infra-System --module vLLM --topic "🚀" --date 2026-12-03

# Usage errors exit 2.
expect_usage() {
  "$binary" new "$@" >/dev/null 2>&1
  local code=$?
  [[ $code == 2 ]] || fail "new $*: exit code $code, expected 2"
}
expect_usage
expect_usage --track 02-Infra-System --module vLLM
expect_usage --track 02-Infra-System --module vLLM --topic
expect_usage --track 02-Infra-System --module vLLM --topic x --colour red
expect_usage --track 02-Infra-System --module vLLM --topic x extra

# A sessions folder that is a symlink out of the workspace is refused; nothing is written there.
mkdir -p "$scratch/outside" "$scratch/linked"
cp SESSION-TEMPLATE.md "$scratch/linked/"
ln -s "$scratch/outside" "$scratch/linked/sessions"
(cd "$scratch/linked" && "$binary" new --track 04-Interview --module X --topic y --date 2026-12-04 >/dev/null 2>&1)
code=$?
[[ $code == 1 ]] || fail "symlinked sessions folder: exit code $code, expected 1"
[[ -z $(ls "$scratch/outside") ]] || fail "new wrote outside the workspace"

"$binary" new --help | grep -q -- "--track" || fail "new --help"

[[ $failures == 0 ]] && echo "new: all checks passed"
exit $((failures > 0))
