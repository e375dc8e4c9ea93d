#!/usr/bin/env bash
# `session-lsp check` on examples/llm-study: exactly the diagnostics EXPECTED.md lists, the
# documented exit codes, the severity filter, JSON output, and usage errors.
# Usage: examples.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$1
workspace=$2/examples/llm-study
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cd "$workspace" || exit 1

# The machine-readable block of EXPECTED.md: `FILE:LINE:COL SEVERITY CODE` lines.
expected=$(awk '/^## Machine-readable list/{inblock=1} inblock && /^```text/{take=1; next} take && /^```/{exit} take' EXPECTED.md)
[[ -n $expected ]] || fail "no machine-readable list in EXPECTED.md"

output=$("$binary" check 2>/tmp/session-lsp-check-stderr.$$)
code=$?
[[ $code == 1 ]] || fail "whole workspace: exit code $code, expected 1"
actual=$(sed -E 's/^([^:]+:[0-9]+:[0-9]+): ([a-z]+): .* \[([a-z0-9-]+)\]$/\1 \2 \3/' <<<"$output")
if [[ $actual != "$expected" ]]; then
  fail "diagnostics differ from EXPECTED.md"
  diff <(echo "$expected") <(echo "$actual")
fi
# Nine sessions and progress/tech-stack.md (checked for stale-progress only).
grep -q "checked 10 files" /tmp/session-lsp-check-stderr.$$ || fail "summary line missing: $(cat /tmp/session-lsp-check-stderr.$$)"
rm -f /tmp/session-lsp-check-stderr.$$

# One file at a time: valid sessions exit 0, sessions with errors exit 1.
for file in sessions/*.md; do
  "$binary" check "$file" >/dev/null 2>&1
  code=$?
  if grep -q "^$file:[0-9:]* error " <<<"$expected"; then want=1; else want=0; fi
  [[ $code == "$want" ]] || fail "$file: exit code $code, expected $want"
done

# --severity error shows errors only (and still exits 1).
errors=$("$binary" check --severity error 2>/dev/null)
[[ $? == 1 ]] || fail "--severity error: exit code"
[[ $(grep -c . <<<"$errors") == $(grep -c ' error ' <<<"$expected") ]] || fail "--severity error shows $(grep -c . <<<"$errors") lines"
grep -qv ': error: ' <<<"$errors" && fail "--severity error shows a non-error"

# JSON output parses and has one object per diagnostic.
count=$("$binary" check --format json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); assert all({"path","line","column","severity","code","message"} <= set(x) for x in d); print(len(d))')
[[ $count == $(grep -c . <<<"$expected") ]] || fail "--format json: $count items"

# SARIF 2.1.0: one result per diagnostic, UTF-16 columns (the `High` cell after Korean text and
# an emoji is byte column 37 but UTF-16 column 19).
sarif=$("$binary" check --format sarif 2>/dev/null | python3 -c '
import json, sys
log = json.load(sys.stdin)
run = log["runs"][0]
assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "session-lsp"
high = [r for r in run["results"] if "`High`" in r["message"]["text"]][0]
region = high["locations"][0]["physicalLocation"]["region"]
print(len(run["results"]), region["startLine"], region["startColumn"])')
[[ $sarif == "$(grep -c . <<<"$expected") 134 19" ]] || fail "--format sarif: $sarif"

# Usage and I/O problems exit 2.
"$binary" check --format xml >/dev/null 2>&1; [[ $? == 2 ]] || fail "bad --format: not exit 2"
"$binary" check no/such/file.md >/dev/null 2>&1; [[ $? == 2 ]] || fail "missing file: not exit 2"
"$binary" check --bogus >/dev/null 2>&1; [[ $? == 2 ]] || fail "unknown option: not exit 2"
"$binary" --version | grep -q '^session-lsp [0-9]' || fail "--version"
"$binary" --help | grep -q 'session-lsp check' || fail "--help"

# Paths print as given, relative to the current folder.
given=$(cd sessions && "$binary" check 2026-11-26__01-Frameworks__LangChain-v1.0__middleware.md 2>/dev/null)
grep -q '^2026-11-26__01-Frameworks__LangChain-v1.0__middleware.md:18:14: error: ' <<<"$given" || fail "path as given"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "cli examples: all checks passed"
