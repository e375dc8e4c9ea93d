#!/usr/bin/env bash
# `session-lsp report` (issue 7) on tests/cli/report-fixture with a fixed --today: markdown and
# JSON against golden files (UPDATE_GOLDEN=1 rewrites them), the HTML page's structure, `--write`
# keeping every byte outside the markers, and the exit codes.
# Usage: report.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
source_dir=$(cd "$2" && pwd)
fixture=$source_dir/tests/cli/report-fixture
golden=$source_dir/tests/cli/report-golden
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
today=2026-11-20

# ---- Golden markdown and JSON ----------------------------------------------------------------
for format in markdown json; do
  extension=$([[ $format == markdown ]] && echo md || echo json)
  "$binary" report "$fixture" --today "$today" --format "$format" >"$scratch/out.$extension" 2>"$scratch/err"
  code=$?
  [[ $code == 0 ]] || fail "report --format $format: exit code $code ($(cat "$scratch/err"))"
  if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    cp "$scratch/out.$extension" "$golden/fixture.$extension"
  elif ! diff -u "$golden/fixture.$extension" "$scratch/out.$extension"; then
    fail "report --format $format differs from $golden/fixture.$extension (UPDATE_GOLDEN=1 to accept)"
  fi
done
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$scratch/out.json" 2>/dev/null ||
  fail "report --format json is not JSON"
# Against docs/report.schema.json when python3-jsonschema is there (also on the example workspace).
if python3 -c 'import jsonschema' 2>/dev/null; then
  "$binary" report "$source_dir/examples/llm-study" --today "$today" --format json >"$scratch/example.json"
  for output in "$scratch/out.json" "$scratch/example.json"; do
    python3 - "$source_dir/docs/report.schema.json" "$output" <<'PY' || fail "$output does not match docs/report.schema.json"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(json.load(open(sys.argv[2])), schema)
PY
  done
fi

# The default format is markdown, and the folder defaults to the current one.
(cd "$fixture/sessions" && "$binary" report --today "$today") >"$scratch/default.md"
cmp -s "$scratch/default.md" "$scratch/out.md" || fail "report from inside the workspace differs from report FOLDER"

# ---- HTML: structure, not bytes ---------------------------------------------------------------
"$binary" report "$fixture" --today "$today" --format html >"$scratch/out.html" || fail "report --format html: exit code $?"
html=$scratch/out.html
modules=$(grep -c '^<article class="module"' "$html")
[[ $modules == 3 ]] || fail "html: $modules module cards, expected 3"
[[ $(grep -o '<svg' "$html" | wc -l) == 3 ]] || fail "html: not one <svg> per module"
[[ $(grep -o '</svg>' "$html" | wc -l) == 3 ]] || fail "html: unclosed <svg>"
[[ $(grep -o '<polyline' "$html" | wc -l) == 3 ]] || fail "html: not one level line per module"
head -1 "$html" | grep -qx '<!DOCTYPE html>' || fail "html: no doctype"
tail -1 "$html" | grep -qx '</html>' || fail "html: does not end with </html>"
grep -q '<style>' "$html" || fail "html: no inline style"
grep -qi '<script' "$html" && fail "html: has a script"
grep -qiE 'https?://' "$html" && fail "html: references the network"
grep -qiE '<(link|img|iframe)[ >]' "$html" && fail "html: loads another resource"
grep -q '<td>DeepSpeed</td><td>02-Infra-System</td><td>2026-08-15</td><td class="num">97</td>' "$html" ||
  fail "html: review queue row for DeepSpeed missing"

# ---- --write -------------------------------------------------------------------------------------
cp -r "$fixture" "$scratch/ws"
mkdir -p "$scratch/ws/progress"
file=$scratch/ws/progress/tech-stack.md
# Written here, not kept in git: a BOM, CRLF line endings and text on both sides of the block.
printf '\xef\xbb\xbf# Tech stack\r\n\r\nMy own notes, kept as they are.\r\n\r\n<!-- session-lsp:progress:begin -->\r\nstale text\r\n<!-- session-lsp:progress:end -->\r\n\r\n## Notes after the block\r\n\r\n* hand-written \xf0\x9f\x98\x80' >"$file"
cp "$file" "$scratch/before.md"
begin='<!-- session-lsp:progress:begin -->'
end='<!-- session-lsp:progress:end -->'
offset() { grep -bo -F "$2" "$1" | head -1 | cut -d: -f1; }
message=$("$binary" report "$scratch/ws" --write --today "$today")
[[ $? == 0 ]] || fail "--write: exit code"
[[ $message == "progress/tech-stack.md: updated the generated block (5 sessions)" ]] || fail "--write printed '$message'"
head_before=$(($(offset "$scratch/before.md" "$begin") + ${#begin}))
head_after=$(($(offset "$file" "$begin") + ${#begin}))
[[ $head_before == "$head_after" ]] || fail "--write moved the begin marker"
cmp -s <(head -c "$head_before" "$scratch/before.md") <(head -c "$head_after" "$file") ||
  fail "--write changed bytes before the block"
cmp -s <(tail -c +"$(($(offset "$scratch/before.md" "$end") + 1))" "$scratch/before.md") \
  <(tail -c +"$(($(offset "$file" "$end") + 1))" "$file") || fail "--write changed bytes after the block"
grep -q 'stale text' "$file" && fail "--write kept the old block"
grep -q $'| 02-Infra-System | vLLM | L1 | 3 | 195 | 2026-10-20 | weak | Partial |\r$' "$file" ||
  fail "--write: block missing or not in the file's CRLF line endings"
grep -q 'Review queue' "$file" && fail "--write: the block has the date-dependent review queue"
cp "$file" "$scratch/written.md"
message=$("$binary" report "$scratch/ws" --write --today 2027-05-05)
[[ $message == "progress/tech-stack.md: already up to date" ]] || fail "second --write printed '$message'"
cmp -s "$file" "$scratch/written.md" || fail "second --write changed the file"
ls -a "$scratch/ws/progress" | grep -q 'session-lsp-' && fail "--write left a temporary file"

# A file without markers: its bytes stay a prefix of the new text.
printf '# Mine\n\nno markers, no final newline' >"$file"
cp "$file" "$scratch/unmarked.md"
"$binary" report "$scratch/ws" --write --today "$today" >/dev/null || fail "--write without markers: exit code"
cmp -s "$scratch/unmarked.md" <(head -c "$(wc -c <"$scratch/unmarked.md")" "$file") || fail "--write without markers changed the text"
[[ $(grep -c -F "$begin" "$file") == 1 && $(grep -c -F "$end" "$file") == 1 ]] || fail "--write without markers: markers not added once"

# No progress/ folder: it is created, with a title.
mkdir -p "$scratch/empty/sessions"
message=$("$binary" report "$scratch/empty" --write --today "$today")
[[ $message == "progress/tech-stack.md: created (0 sessions)" ]] || fail "--write on a new workspace printed '$message'"
head -1 "$scratch/empty/progress/tech-stack.md" | grep -qx '# Tech stack progress' || fail "--write: no title in a new file"
grep -q 'No sessions yet.' "$scratch/empty/progress/tech-stack.md" || fail "--write: empty workspace block"
"$binary" report "$scratch/empty" --today "$today" | grep -q 'No sessions yet.' || fail "report on an empty workspace"

# A progress file that is a link is not written through.
mkdir -p "$scratch/linked/sessions" "$scratch/linked/progress"
echo outside >"$scratch/outside.md"
ln -s "$scratch/outside.md" "$scratch/linked/progress/tech-stack.md"
"$binary" report "$scratch/linked" --write --today "$today" >/dev/null 2>&1
[[ $? == 2 ]] || fail "--write through a symlink: exit code"
[[ $(cat "$scratch/outside.md") == outside ]] || fail "--write wrote through a symlink"

# ---- `check` reports stale-progress once the sessions move on ------------------------------------
cp -r "$fixture" "$scratch/checked"
"$binary" report "$scratch/checked" --write >/dev/null || fail "report --write in scratch/checked"
(cd "$scratch/checked" && "$binary" check >"$scratch/check-fresh.txt")
grep -q stale-progress "$scratch/check-fresh.txt" && fail "check: stale-progress on a fresh block"
session=$(ls "$scratch/checked/sessions/"*.md | head -n 1)
sed -i 's/^level_after: L[0-5]/level_after: L5/' "$session"
(cd "$scratch/checked" && "$binary" check >"$scratch/check-stale.txt")
grep -q '^progress/tech-stack.md:[0-9]*:1: warning: .*\[stale-progress\]$' "$scratch/check-stale.txt" ||
  fail "check: no stale-progress after a session changed ($(grep -c . "$scratch/check-stale.txt") lines)"

# ---- The example workspace and usage errors ------------------------------------------------------
"$binary" report "$source_dir/examples/llm-study" --today "$today" >/dev/null || fail "report on examples/llm-study: exit code"
expect_usage() {
  "$binary" report "$@" >/dev/null 2>&1
  local code=$?
  [[ $code == 2 ]] || fail "report $*: exit code $code, expected 2"
}
expect_usage --format pdf "$fixture"
expect_usage --today 2026-02-30 "$fixture"
expect_usage --today
expect_usage --bogus "$fixture"
expect_usage "$fixture" "$fixture"
expect_usage "$scratch/no-such-folder"

if [[ $failures == 0 ]]; then echo "report: all checks passed"; else exit 1; fi
