#!/usr/bin/env bash
# The install rules and the Debian package of the top-level CMakeLists.txt: `cmake --install`
# into a scratch prefix gives a working binary, the Neovim plugin and the docs; `cpack -G DEB`
# gives a .deb with the binary, the right control fields and shared-library dependencies.
# The build folder is the binary's folder (CTest passes $<TARGET_FILE:session-lsp>). The install
# goes to a scratch prefix and cpack works in a scratch folder (-B): no .deb is left behind, only
# cmake's install_manifest.txt in the build folder. With the Ninja generator cpack builds
# nothing; with Makefiles it would first build `preinstall` (everything).
# Usage: install-package.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
build_dir=$(dirname "$binary")
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if [[ ! -f $build_dir/cmake_install.cmake || ! -f $build_dir/CPackConfig.cmake ]]; then
  echo "FAIL: $build_dir is not a configured build folder (no cmake_install.cmake/CPackConfig.cmake)"
  exit 1
fi
version=$(sed -nE 's/^set\(CPACK_PACKAGE_VERSION "([^"]+)"\)$/\1/p' "$build_dir/CPackConfig.cmake")
[[ -n $version ]] || { echo "FAIL: no CPACK_PACKAGE_VERSION in CPackConfig.cmake"; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# cmake --install: binary, Neovim plugin, docs.
prefix=$scratch/prefix
if cmake --install "$build_dir" --prefix "$prefix" >"$scratch/install.log" 2>&1; then
  installed=$prefix/bin/session-lsp
  [[ -x $installed ]] || fail "cmake --install: no executable bin/session-lsp"
  [[ $("$installed" --version 2>&1) == "session-lsp $version"* ]] ||
    fail "installed --version: '$("$installed" --version 2>&1)', expected session-lsp $version"
  [[ -f $prefix/share/session-lsp/nvim/lua/session_lsp/init.lua ]] ||
    fail "cmake --install: no share/session-lsp/nvim/lua/session_lsp/init.lua"
  [[ -f $prefix/share/doc/session-lsp/README.md ]] || fail "cmake --install: no share/doc/session-lsp/README.md"
  [[ -f $prefix/share/doc/session-lsp/rules/README.md ]] ||
    fail "cmake --install: no share/doc/session-lsp/rules/README.md"
else
  fail "cmake --install failed: $(tail -n 5 "$scratch/install.log")"
fi

# cpack -G DEB.
if ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "SKIP (package part): dpkg-deb is not installed"
else
  if (cd "$scratch" && cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$scratch/package" \
    >"$scratch/cpack.log" 2>&1); then
    debs=("$scratch"/package/session-lsp_"$version"_*.deb)
    deb=${debs[0]}
    if [[ ! -f $deb ]]; then
      fail "cpack: no session-lsp_${version}_<arch>.deb in $(ls "$scratch/package")"
    else
      contents=$(dpkg-deb -c "$deb")
      grep -qE ' \./usr/bin/session-lsp$' <<<"$contents" || fail ".deb has no usr/bin/session-lsp"
      grep -qE ' \./usr/share/session-lsp/nvim/lua/session_lsp/init\.lua$' <<<"$contents" ||
        fail ".deb has no usr/share/session-lsp/nvim plugin"
      grep -qE ' \./usr/share/doc/session-lsp/README\.md$' <<<"$contents" ||
        fail ".deb has no usr/share/doc/session-lsp/README.md"
      [[ $(dpkg-deb -f "$deb" Package) == session-lsp ]] || fail "Package: $(dpkg-deb -f "$deb" Package)"
      [[ $(dpkg-deb -f "$deb" Version) == "$version" ]] ||
        fail "Version: $(dpkg-deb -f "$deb" Version), expected $version"
      [[ $(dpkg-deb -f "$deb" Architecture) == $(dpkg --print-architecture) ]] ||
        fail "Architecture: $(dpkg-deb -f "$deb" Architecture)"
      depends=$(dpkg-deb -f "$deb" Depends)
      depended=$(sed -E 's/ \([^)]*\)//g; s/, */\n/g' <<<"$depends") # package names, one a line
      # The C++ runtime always; yaml-cpp and md4c when the binary links them dynamically.
      wanted=(libc6 libstdc++6)
      linked=$(ldd "$binary" 2>/dev/null)
      grep -q 'libyaml-cpp\.so\.0\.7' <<<"$linked" && wanted+=(libyaml-cpp0.7)
      grep -q 'libmd4c\.so\.0' <<<"$linked" && wanted+=(libmd4c0)
      for package in "${wanted[@]}"; do
        grep -qxF "$package" <<<"$depended" || fail "Depends lacks $package: $depends"
      done
      # The packaged binary is stripped and still runs.
      dpkg-deb -x "$deb" "$scratch/unpacked"
      [[ $("$scratch/unpacked/usr/bin/session-lsp" --version 2>&1) == "session-lsp $version"* ]] ||
        fail "the packaged binary does not print its version"
      [[ $(stat -c %s "$scratch/unpacked/usr/bin/session-lsp") -lt $(stat -c %s "$binary") ]] ||
        fail "the packaged binary is not stripped (not smaller than the built one)"
      echo "package: $(basename "$deb"), Depends: $depends"
    fi
  else
    fail "cpack -G DEB failed: $(tail -n 5 "$scratch/cpack.log")"
  fi
fi

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "cli install-package: all checks passed"
