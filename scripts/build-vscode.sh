#!/usr/bin/env bash
# Builds the VS Code extension: editors/vscode/session-lsp-<version>.vsix.
# Installs the npm packages of package-lock.json when node_modules is missing or older than the
# lock file (`npm ci`, the only step that needs the npm registry), then type-checks, runs the unit
# tests, bundles with esbuild and packages with vsce. Needs Node.js and npm; no C++ build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
extension_dir=$root/editors/vscode

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-vscode: $tool is not installed (Node.js 20 or later with npm)" >&2
    exit 1
  fi
done

# One version for the project: the CMake project's, which package.json must repeat.
cmake_version=$(sed -nE 's/^project\(session-lsp VERSION ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' \
  "$root/CMakeLists.txt")
package_version=$(node -p "require('$extension_dir/package.json').version")
if [[ -z $cmake_version ]]; then
  echo "build-vscode: no 'project(session-lsp VERSION x.y.z' in CMakeLists.txt" >&2
  exit 1
fi
if [[ $cmake_version != "$package_version" ]]; then
  echo "build-vscode: editors/vscode/package.json has version $package_version but" \
    "CMakeLists.txt has $cmake_version; set \"version\": \"$cmake_version\" in package.json" \
    "and run 'npm install --package-lock-only' there" >&2
  exit 1
fi

cd "$extension_dir"
# npm ci writes node_modules/.package-lock.json; an older one means the lock file changed since.
installed_lock=node_modules/.package-lock.json
if [[ ! -f $installed_lock || package-lock.json -nt $installed_lock ]]; then
  echo "build-vscode: npm ci" >&2
  npm ci --no-audit --no-fund
fi

npm test # the unit tests (node --test)
rm -f ./*.vsix
npm run package # vsce runs vscode:prepublish first: tsc --noEmit (strict), then the esbuild bundle
npm run --silent test:bundle # the bundle loads and its activate() registers the commands

vsix=$extension_dir/session-lsp-$package_version.vsix
if [[ ! -f $vsix ]]; then
  echo "build-vscode: vsce did not write $vsix" >&2
  exit 1
fi
echo "build-vscode: $vsix"
echo "build-vscode: install it with: code --install-extension $vsix"
