#!/usr/bin/env bash
# `session-lsp check --format sarif` validates against the SARIF 2.1.0 JSON schema (Ajv, in
# tests/sarif), on a scratch copy of examples/llm-study plus a file whose name needs
# percent-encoding; the validator itself must reject a broken log.
# Skips when npm is missing, unless SESSION_LSP_REQUIRE_NODE is set (CI installs nodejs + npm).
# Usage: sarif-schema.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
source_dir=$(realpath "$2")
validator_dir=$source_dir/tests/sarif
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  if [[ -n ${SESSION_LSP_REQUIRE_NODE:-} ]]; then
    echo "FAIL: node/npm are not installed but SESSION_LSP_REQUIRE_NODE is set" \
      "(scripts/install-deps.sh installs them)"
    exit 1
  fi
  echo "SKIP: npm is not installed; the SARIF schema test did not run"
  exit 0
fi

# The validator's packages, exactly as package-lock.json pins them (once per checkout).
if [[ ! -d $validator_dir/node_modules ]]; then
  if ! npm ci --prefix "$validator_dir" --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "FAIL: npm ci in tests/sarif failed"
    exit 1
  fi
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -R "$source_dir/examples/llm-study" "$scratch/workspace"
cd "$scratch/workspace" || exit 1
# A name with a space, `#` and Hangul: its artifactLocation.uri must come out percent-encoded.
first_session=$(find sessions -name '*.md' | sort | head -n 1)
cp "$first_session" "sessions/노트 #1 copy.md"

"$binary" check --format sarif >"$scratch/check.sarif" 2>"$scratch/stderr"
code=$?
[[ $code == 1 ]] || fail "check --format sarif: exit code $code, expected 1 (the example has errors)"

node "$validator_dir/validate.mjs" "$scratch/check.sarif"
case $? in
0) ;;
2) fail "the SARIF schema in tests/sarif does not compile" ;;
*) fail "check --format sarif output is not valid SARIF 2.1.0" ;;
esac

# Not just schema-valid: located results that name their rule, and the encoded file name.
python3 - "$scratch/check.sarif" <<'PY' || fail "SARIF content checks"
import json, sys
log = json.load(open(sys.argv[1]))
results = log["runs"][0]["results"]
located = [r for r in results if r.get("ruleId")
           and {"startLine", "startColumn"} <= set(r["locations"][0]["physicalLocation"]["region"])]
assert located, "no result has a ruleId and a region with startLine/startColumn"
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
encoded = "sessions/%EB%85%B8%ED%8A%B8%20%231%20copy.md"
assert encoded in uris, f"{encoded} not among {sorted(uris)}"
print(f"sarif: {len(results)} results, {len(located)} located")
PY

# An absolute path argument gives an encoded file:// URI.
"$binary" check --format sarif "$scratch/workspace/sessions/노트 #1 copy.md" >"$scratch/absolute.sarif" 2>/dev/null
node "$validator_dir/validate.mjs" "$scratch/absolute.sarif" >/dev/null ||
  fail "check --format sarif on an absolute path is not valid SARIF 2.1.0"
grep -q "\"uri\": \"file://$scratch/workspace/sessions/%EB%85%B8%ED%8A%B8%20%231%20copy.md\"" "$scratch/absolute.sarif" ||
  fail "absolute path: no file:// URI in $(grep -m1 '"uri"' "$scratch/absolute.sarif")"

# The validator must be able to fail: a region starting at line 0 and an unknown level.
python3 - "$scratch/check.sarif" "$scratch/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
result = log["runs"][0]["results"][0]
result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
result["level"] = "fatal"
json.dump(log, open(sys.argv[2], "w"))
PY
node "$validator_dir/validate.mjs" "$scratch/broken.sarif" >/dev/null 2>&1
[[ $? == 1 ]] || fail "the validator accepted a log with startLine 0 and level \"fatal\""

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "cli sarif-schema: all checks passed"
