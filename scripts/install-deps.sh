#!/usr/bin/env bash
# Installs the Debian packages session-lsp needs to build and test. Idempotent: packages
# already present are not fetched again, so the README commands can call it every time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  nlohmann-json3-dev libyaml-cpp-dev libasio-dev libmd4c-dev catch2
  libmimalloc-dev # the binary's allocator (CMakeLists.txt says why)
  clang-format
  neovim # tests/cli/nvim-e2e.sh: the editor end-to-end test (Debian 12 ships 0.7.2)
  clang libclang-rt-14-dev # scripts/fuzz.sh: libFuzzer targets (tests/fuzz)
  libbenchmark-dev         # bench/micro: the Google Benchmark suite of the core
  emacs-nox elpa-eglot     # tests/cli/emacs-eglot-e2e.sh: Emacs 28 + eglot end to end
  pre-commit               # tests/cli/pre-commit-hook.sh: the hook in a scratch repository
  chromium                 # tests/cli/report-html-chromium.sh: the HTML report renders
  python3-jsonschema       # tests/cli/report.sh: the JSON report against its schema
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done

# Node.js and npm (the VS Code extension, the SARIF schema check): the machine's own Node when
# it has one (a NodeSource nodejs conflicts with Debian's npm package), else Debian's.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_prefix=()
if [[ $(id -u) -ne 0 ]]; then sudo_prefix=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_prefix[@]}" apt-get update -qq
"${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
