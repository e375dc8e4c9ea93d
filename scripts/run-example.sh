#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and checks the bundled example
# workspace with compiler-style output. Exits with the checker's code (1: errors were found,
# which the example workspace has on purpose).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
BUILD_DIR=$root/build "$root/scripts/build.sh"
cd "$root/examples/llm-study"
exec "$root/build/session-lsp" check "$@"
