#!/usr/bin/env bash
# The HTML page of `session-lsp report --format html` rendered by headless Chromium (Debian's
# `chromium` package): the screenshot exists and is not blank, and the browser logged no script
# error. Skipped when Chromium is missing, unless SESSION_LSP_REQUIRE_CHROMIUM is set.
# Usage: report-html-chromium.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source_dir=$(cd "$2" && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  if [[ -n ${SESSION_LSP_REQUIRE_CHROMIUM:-} ]]; then
    echo "FAIL: chromium is not installed (apt-get install chromium)"
    exit 1
  fi
  echo "SKIP: chromium is not installed"
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$binary" report "$source_dir/tests/cli/report-fixture" --today 2026-11-20 --format html >"$scratch/report.html" ||
  fail "report --format html: exit code $?"

# The page must not need the network: Chromium runs with it off as far as flags allow.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$scratch/profile" \
  --enable-logging=stderr --v=0 --screenshot="$scratch/out.png" --window-size=1200,900 \
  "file://$scratch/report.html" >"$scratch/log" 2>&1
code=$?
[[ $code == 0 ]] || fail "chromium: exit code $code: $(tail -5 "$scratch/log")"
[[ -f $scratch/out.png ]] || fail "chromium wrote no screenshot"
size=$(stat -c %s "$scratch/out.png" 2>/dev/null || echo 0)
# A blank 1200x900 page compresses to a few KB; the report with its charts is far larger.
((size > 20000)) || fail "screenshot is $size bytes: blank page?"
head -c 8 "$scratch/out.png" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' || fail "screenshot is not a PNG"
errors=$(grep -E 'Uncaught|CONSOLE\([0-9]+\)|:CONSOLE|console\.error' "$scratch/log")
[[ -z $errors ]] || fail "script errors in the page: $errors"

if [[ $failures == 0 ]]; then echo "report-html-chromium: all checks passed ($size-byte screenshot)"; else exit 1; fi
