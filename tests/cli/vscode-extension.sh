#!/usr/bin/env bash
# The VS Code extension (editors/vscode): scripts/build-vscode.sh type-checks it, runs its unit
# tests and packages the .vsix; this test then checks what the .vsix holds, and loads the bundle
# with a stand-in `vscode` module so that it starts the real server for a session file of a
# scratch copy of examples/llm-study (the client must get through `initialize`).
# Skips when npm is missing, unless SESSION_LSP_REQUIRE_NODE is set. Needs the npm registry only
# when editors/vscode/node_modules is missing or older than package-lock.json.
# Usage: vscode-extension.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
source_dir=$(realpath "$2")

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  if [[ -n ${SESSION_LSP_REQUIRE_NODE:-} ]]; then
    echo "FAIL: node or npm is not installed but SESSION_LSP_REQUIRE_NODE is set"
    exit 1
  fi
  echo "SKIP: node or npm is not installed; the VS Code extension was not built or tested"
  exit 0
fi
echo "vscode extension: node $(node --version), npm $(npm --version)"

fail() {
  echo "FAIL: $*"
  exit 1
}

extension_dir=$source_dir/editors/vscode
version=$(sed -nE 's/^project\(session-lsp VERSION ([0-9.]+).*/\1/p' "$source_dir/CMakeLists.txt")
[[ -n $version ]] || fail "no project(session-lsp VERSION …) in CMakeLists.txt"
vsix=$extension_dir/session-lsp-$version.vsix

log=$(mktemp)
scratch=$(mktemp -d)
trap 'rm -rf "$log" "$scratch"' EXIT

# The build runs the unit tests; their TAP summary must show they ran and passed.
if ! timeout 600 bash "$source_dir/scripts/build-vscode.sh" >"$log" 2>&1; then
  tail -n 60 "$log"
  fail "scripts/build-vscode.sh failed"
fi
grep -qE '^# pass [1-9]' "$log" || { tail -n 40 "$log"; fail "the unit tests did not run"; }
grep -qE '^# fail 0$' "$log" || { tail -n 40 "$log"; fail "a unit test failed"; }
echo "vscode extension: $(grep -E '^# (tests|pass)' "$log" | tr '\n' ' ')"

[[ -f $vsix ]] || fail "$vsix was not written"
if command -v unzip >/dev/null 2>&1; then
  listing=$(unzip -Z1 "$vsix") || fail "$vsix is not a zip file"
else
  listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' \
    "$vsix") || fail "$vsix is not a zip file"
fi
for entry in extension/package.json extension/dist/extension.js extension.vsixmanifest; do
  grep -qxF "$entry" <<<"$listing" || fail "$vsix lacks $entry; it holds:"$'\n'"$listing"
done
if grep -q '^extension/node_modules/' <<<"$listing"; then
  fail "$vsix packs node_modules (the bundle should hold vscode-languageclient)"
fi
if grep -qE '^extension/(src|test|out)/' <<<"$listing"; then
  fail "$vsix packs sources or tests; see .vscodeignore"
fi
echo "vscode extension: $vsix holds $(wc -l <<<"$listing") files"

# The packed manifest is the one with the project's version.
packed_version=$(unzip -p "$vsix" extension/package.json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')
if command -v unzip >/dev/null 2>&1 && [[ $packed_version != "$version" ]]; then
  fail "the packed package.json has version '$packed_version', CMakeLists.txt $version"
fi

# The bundle starts the real server for a session file and gets through the handshake.
cp -R "$source_dir/examples/llm-study" "$scratch/workspace"
if ! (cd "$extension_dir" && SESSION_LSP_BINARY="$binary" SESSION_LSP_WORKSPACE="$scratch/workspace" \
  timeout 60 node test-bundle/smoke.js); then
  fail "the bundled extension did not start $binary"
fi
echo "PASS"
