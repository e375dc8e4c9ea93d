#!/usr/bin/env bash
# `session-lsp check` on hostile session files: empty, binary, 5 MB, no metadata, invalid
# UTF-8, YAML nested 10 000 levels deep, an alias bomb. Each gets a diagnostic; none crashes or
# hangs. Usage: bad-input.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$1
workspace=$(mktemp -d)
trap 'rm -rf "$workspace"' EXIT
mkdir -p "$workspace/sessions"
cd "$workspace" || exit 1

: >sessions/empty.md
printf -- '---\ndate: 2026-11-20\n\0\1\2\3binary\n' >sessions/binary.md
printf '# Notes without metadata\n\nJust text.\n' >sessions/no-metadata.md
printf -- '---\ndate: 2026-11-20\ntopic: caf\xe9 \xff\xfe\n---\n\n## 1) Session Summary (10 lines max)\n' >sessions/invalid-utf8.md
python3 - <<'PY'
depth = 10000
with open("sessions/deep-yaml.md", "w") as f:
    f.write("---\nx: " + "[" * depth + "]" * depth + "\n---\n")
with open("sessions/deep-mapping.md", "w") as f:
    # Block sequences nest on one line: `- - - … x` is 10 000 levels deep in 20 KB.
    f.write("---\nx:\n  " + "- " * depth + "x\n---\n")
with open("sessions/alias-bomb.md", "w") as f:
    f.write("---\na: &a [x, x, x, x, x, x, x, x, x]\n")
    for i in range(1, 10):
        f.write(f"{chr(97+i)}: &{chr(97+i)} [" + ", ".join(["*" + chr(96+i)] * 9) + "]\n")
    f.write("---\n")
with open("sessions/huge.md", "w") as f:
    f.write("---\ndate: 2026-11-20\n---\n\n## 1) Session Summary (10 lines max)\n\n")
    line = "* **Note:** " + "paged attention 페이지 😀 " * 4 + "\n"
    while f.tell() < 5 * 1024 * 1024:
        f.write(line)
with open("sessions/long-line.md", "w") as f:
    f.write("---\ndate: 2026-11-20\n---\n" + "x" * (5 * 1024 * 1024) + "\n")
PY

start=$(date +%s)
output=$(timeout 60 "$binary" check 2>&1)
code=$?
elapsed=$(($(date +%s) - start))
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

[[ $code == 1 ]] || fail "exit code $code (expected 1: errors found; 124 is a hang, >128 a crash)"
((elapsed < 30)) || fail "took ${elapsed}s"
expect() { grep -q "^sessions/$1:[0-9]*:[0-9]*: [a-z]*: .*\[$2\]$" <<<"$output" || fail "$1: no [$2]"; }
expect empty.md missing-metadata
expect binary.md binary-file
expect no-metadata.md missing-metadata
expect invalid-utf8.md invalid-utf8
expect deep-yaml.md yaml-syntax
expect deep-mapping.md yaml-syntax
expect huge.md missing-field
expect long-line.md missing-field
grep -q "^sessions/alias-bomb.md:" <<<"$output" || fail "alias-bomb.md: no diagnostics"
grep -q "checked 9 files" <<<"$output" || fail "not every file was checked"

if ((failures > 0)); then
  echo "$output" | cut -c1-200 | head -40
  exit 1
fi
echo "bad input: all checks passed in ${elapsed}s"
