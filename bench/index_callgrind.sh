#!/usr/bin/env bash
# Instructions of a cold index under callgrind (repeatable whatever the machine's load):
#   bench/index_callgrind.sh SERVER WORKSPACE [OUT]   # OUT: callgrind output (/tmp/cg.index)
# Divide PROGRAM TOTALS by the workspace's session count for instructions per session.
set -euo pipefail
server=$(realpath "$1")
workspace=$(realpath "$2")
out=${3:-/tmp/cg.index}
wrapper=$(mktemp)
trap 'rm -f "$wrapper"' EXIT
printf '#!/bin/bash\nexec valgrind --tool=callgrind --callgrind-out-file=%q %q "$@" 2>/dev/null\n' \
  "$out" "$server" >"$wrapper"
chmod +x "$wrapper"
python3 "$(dirname "$0")/cold_index.py" "$wrapper" "$workspace"
callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
  grep -E "PROGRAM TOTALS|Document::parse|md_parse|extractSessionFacts|addProgressFacts|parseSimpleYaml|readFile|buildSections" |
  cut -c1-120
