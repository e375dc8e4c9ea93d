#!/usr/bin/env bash
# Builds one libFuzzer target with clang (ASan + UBSan) and runs it for SECONDS.
#   scripts/fuzz.sh FuzzDocument 600        # FuzzJsonRpc, FuzzMetadata, FuzzDocument, FuzzIncremental
# The corpus lives in build-fuzz/corpus/TARGET (seeded from examples/ and tests/lsp/ on first
# use) and grows across runs; crashes land in build-fuzz/crashes/TARGET/. Exit status: 0 when
# the run ended without a finding.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: fuzz.sh TARGET SECONDS}
seconds=${2:-60}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}

if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSESSION_LSP_FUZZ=ON >/dev/null
fi
if ! build_log=$(cmake --build "$build" --target "$target" -j2 2>&1); then
  echo "$build_log" | tail -n 40
  echo "fuzz.sh: building $target failed" >&2
  exit 2
fi

corpus=$build/corpus/$target
crashes=$build/crashes/$target
mkdir -p "$corpus" "$crashes"
if [[ -z $(ls -A "$corpus") ]]; then
  python3 - "$root" "$target" "$corpus" <<'PY'
import json, pathlib, re, sys
root, target, corpus = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
sessions = sorted((root / "examples").glob("**/*.md"))
count = 0
def write(data):
    global count
    (corpus / f"seed-{count:04d}").write_bytes(data)
    count += 1
if target in ("FuzzDocument", "FuzzIncremental"):
    for path in sessions:
        write(path.read_bytes())
elif target == "FuzzMetadata":
    for path in sessions:
        text = path.read_text(encoding="utf-8", errors="replace")
        match = re.search(r"^---\n(.*?)\n---", text, re.S | re.M)
        if match:
            write(match.group(1).encode())
elif target == "FuzzJsonRpc":
    for test in sorted((root / "tests" / "lsp").glob("*.test")):
        bodies = []
        for chunk in test.read_text(encoding="utf-8").split("\n---\n"):
            lines = [l for l in chunk.splitlines() if not l.lstrip().startswith("#")]
            body = "\n".join(lines).strip()
            if body.startswith("{"):
                bodies.append(body.encode())
        write(b"".join(b"Content-Length: %d\r\n\r\n" % len(b) + b for b in bodies))
print(f"seeded {count} inputs into {corpus}")
PY
fi
cd "$crashes"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$build/tests/$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
  -rss_limit_mb=2048 -max_len=65536 "$corpus"
