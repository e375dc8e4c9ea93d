#!/usr/bin/env bash
# Measure session-lsp (Release build): LSP edit latency with the shared lspdrive harness and the
# `check` CLI on generated workspaces; print a summary. See bench/README.md; numbers in RESULTS.md.
#
# Env (all optional):
#   SHARED_BENCH  the shared harness folder (default: <repo>/../shared/bench)
#   OUT           where corpora and results go (default /tmp/session-lsp-bench)
#   BUILD         build folder (default <repo>/build-bench); SKIP_BUILD=1 uses it as is
#   BENCH_CXX_FLAGS  extra CMAKE_CXX_FLAGS (default -Wno-error=restrict: GCC 12 at -O3 raises a
#                 false -Wrestrict inside std::string, which -Werror would turn into a failure)
#   PEERS_DIR     npm packages for the harness (default /tmp/peers; installed if missing)
#   REPEATS (5) runs of each 12 KB measurement; EDITS (200); BIG_EDITS (20)
#   CLI_COUNTS    workspace sizes for `check` (default "1000 2000 5000 10000"); CLI_REPEATS (3;
#                 1 for ≥ 5000); BIGWS_COUNTS workspaces the LSP is started in (default "1000 10000")
#   CG_COUNTS     workspace sizes run under callgrind (default "1000 2000": ≈ 35 s + 70 s)
#   COMFORT_WS (1000) sessions in the workspace of the comfort phase; COMFORT_BYTES (15360) the
#                 session picked is the one closest to this size; COMFORT_REQUESTS (300) requests
#                 of each kind per run; COMFORT_REPEATS (3); COMFORT_CG_REQUESTS (200; 0 = no
#                 callgrind) keystroke + completion rounds under callgrind
#   PHASES        subset of "build lsp typing big bigws comfort cli profile callgrind" (default all)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
SHARED_BENCH=${SHARED_BENCH:-$repo/../shared/bench}
SHARED_BENCH=$(cd "$SHARED_BENCH" 2>/dev/null && pwd) || {
  echo "shared harness not found; set SHARED_BENCH" >&2
  exit 2
}
OUT=${OUT:-/tmp/session-lsp-bench}
BUILD=${BUILD:-$repo/build-bench}
BENCH_CXX_FLAGS=${BENCH_CXX_FLAGS--Wno-error=restrict}
export PEERS_DIR=${PEERS_DIR:-/tmp/peers}
REPEATS=${REPEATS:-5}
EDITS=${EDITS:-200}
BIG_EDITS=${BIG_EDITS:-20}
CLI_COUNTS=${CLI_COUNTS:-1000 2000 5000 10000}
BIGWS_COUNTS=${BIGWS_COUNTS:-1000 10000}
CG_COUNTS=${CG_COUNTS:-1000 2000}
CLI_REPEATS=${CLI_REPEATS:-3}
COMFORT_WS=${COMFORT_WS:-1000}
COMFORT_BYTES=${COMFORT_BYTES:-15360}
COMFORT_REQUESTS=${COMFORT_REQUESTS:-300}
COMFORT_REPEATS=${COMFORT_REPEATS:-3}
PHASES=${PHASES:-build lsp typing big bigws comfort cli peers profile callgrind}
has() { case " $PHASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

SERVER_BIN=$BUILD/session-lsp
SERVER="$SERVER_BIN --stdio"
NULL_LS="node $SHARED_BENCH/peers/null-ls.mjs"
RESULTS=$OUT/results.jsonl
mkdir -p "$OUT"
: > "$RESULTS"
: > "$OUT/load.txt"
: > "$OUT/cli.jsonl"
load() { echo "$1 $(uptime)" >> "$OUT/load.txt"; }

# --- what is measured ------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit: $(git -C "$repo" rev-parse --short HEAD)"
  echo "uncommitted in server/ protocol/: $(git -C "$repo" status --porcelain -- server protocol | tr '\n' ' ')"
  echo "cpus: $(nproc); model: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "node: $(node --version); compiler: $(c++ --version | head -1)"
} > "$OUT/env.txt"

if has build && [ -z "${SKIP_BUILD:-}" ]; then
  echo "== build (Release) in $BUILD"
  cmake -S "$repo" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="$BENCH_CXX_FLAGS" > /dev/null || exit 2
  cmake --build "$BUILD" --target session-lsp -j2 > "$OUT/build.log" 2>&1 || {
    tail -20 "$OUT/build.log"
    exit 2
  }
fi
[ -x "$SERVER_BIN" ] || { echo "no server binary at $SERVER_BIN" >&2; exit 2; }
echo "build type: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt")" >> "$OUT/env.txt"
# With SKIP_BUILD the commit above may be newer than the binary: say when the binary was built.
echo "binary built: $(date -u -r "$SERVER_BIN" +%Y-%m-%dT%H:%M:%SZ)${SKIP_BUILD:+ (SKIP_BUILD: not rebuilt for this run)}" >> "$OUT/env.txt"
cat "$OUT/env.txt"

if [ ! -d "$PEERS_DIR/node_modules/vscode-jsonrpc" ]; then
  echo "== installing the harness's npm packages into $PEERS_DIR"
  "$SHARED_BENCH/setup-peers.sh" "$PEERS_DIR" > "$OUT/setup-peers.log" 2>&1 || exit 2
fi

# --- corpora (deterministic: seed 1, as in the shared RESULTS-peers.md) ---------------------
gen() { python3 "$SHARED_BENCH/gen-corpus.py" "$@" > /dev/null; }
corpus() { # folder count: generate unless it already holds that many sessions
  local n
  n=$(find "$1/sessions" -maxdepth 1 -name '2026-*.md' 2>/dev/null | wc -l)
  if [ "$n" != "$2" ]; then rm -rf "$1"; gen "$1" --count "$2" --seed 1; fi
}
echo "== corpora in $OUT"
corpus "$OUT/ws" 20
[ -f "$OUT/ws/sessions/zz-big-1mb.md" ] ||
  gen "$OUT/ws" --count 1 --seed 1 --size-kb 1024 --name zz-big-1mb.md
DOC=$(ls "$OUT"/ws/sessions/2026-*.md | head -1) # seed 1, file 0: 12 533 B, as the peers' doc
BIG=$OUT/ws/sessions/zz-big-1mb.md

drive() { # label, lspdrive args...
  local label=$1
  shift
  timeout 900 node "$SHARED_BENCH/lspdrive.mjs" --label "$label" --out "$RESULTS" "$@" \
    > /dev/null 2>> "$OUT/stderr.log" || echo "   ($label: errors, see $RESULTS)"
}

# --- 1. LSP: 12 KB session, one edit at a time (interleaved with the floor) ------------------
if has lsp; then
  echo "== lsp: 12 KB session, $EDITS edits x $REPEATS (push, pull, null-ls floor)"
  load lsp
  for r in $(seq 1 "$REPEATS"); do
    drive "null-ls/doc/r$r" --server "$NULL_LS" --file "$DOC" --root "$OUT/ws" --edits "$EDITS" --completions 0
    drive "session-lsp/doc-push/r$r" --server "$SERVER" --file "$DOC" --root "$OUT/ws" \
      --edits "$EDITS" --diagnostics push --completions 0
    drive "session-lsp/doc-pull/r$r" --server "$SERVER" --file "$DOC" --root "$OUT/ws" \
      --edits "$EDITS" --diagnostics pull --completions 0
  done
fi

# --- typing: an edit every 20 ms, 50 ms (as the peers were measured), 1 ms (a burst) ----------
if has typing; then
  echo "== typing: 100 edits every ${TYPING_INTERVALS:-1 10 20 50} ms, push; and typing in the body"
  load typing
  for interval in ${TYPING_INTERVALS:-1 10 20 50}; do
    drive "null-ls/typing-${interval}ms" --server "$NULL_LS" --file "$DOC" --root "$OUT/ws" \
      --edits 100 --edit-interval "$interval" --completions 0
    drive "session-lsp/typing-${interval}ms" --server "$SERVER" --file "$DOC" --root "$OUT/ws" \
      --edits 100 --edit-interval "$interval" --diagnostics push --completions 0
  done
  # Characters typed at the end of a body line (`* Cost target: …`, section 2 of the seed-1
  # document), every 10 ms: an edit inside one `##` section, not in the front matter.
  drive "session-lsp/typing-body-10ms" --server "$SERVER" --file "$DOC" --root "$OUT/ws" \
    --edits 100 --edit-interval 10 --edit-mode insert --edit-line '^\* Cost target' \
    --diagnostics push --completions 0
  drive "session-lsp/doc-body-push" --server "$SERVER" --file "$DOC" --root "$OUT/ws" \
    --edits "$EDITS" --edit-line '^\* Cost target' --diagnostics push --completions 0
fi

# --- 1 MB session ----------------------------------------------------------------------------
if has big; then
  echo "== big: 1 MB session, $BIG_EDITS edits"
  load big
  drive "null-ls/big-1mb" --server "$NULL_LS" --file "$BIG" --root "$OUT/ws" \
    --edits "$BIG_EDITS" --warmup 2 --completions 0 --diag-timeout 60000
  for mode in push pull; do
    drive "session-lsp/big-1mb-$mode" --server "$SERVER" --file "$BIG" --root "$OUT/ws" \
      --edits "$BIG_EDITS" --warmup 2 --diagnostics "$mode" --completions 0 --diag-timeout 60000
  done
fi

# --- the 12 KB session inside workspaces of 1 000 / 10 000 sessions (indexing at initialize) --
sizes="" # only the workspaces the selected phases use (10 000 sessions take a while to write)
has bigws && sizes="$sizes $BIGWS_COUNTS"
has comfort && sizes="$sizes $COMFORT_WS"
{ has cli || has profile; } && sizes="$sizes $CLI_COUNTS"
has callgrind && sizes="$sizes $CG_COUNTS"
for n in $(echo "$sizes" | tr ' ' '\n' | sort -nu); do
  corpus "$OUT/ws$n" "$n"
done
if has bigws; then
  for n in $BIGWS_COUNTS; do
    echo "== lsp in a $n-session workspace: 50 edits, push"
    load "bigws$n"
    wsdoc=$(ls "$OUT/ws$n"/sessions/2026-01-01__*.md | head -1)
    drive "session-lsp/ws$n-push" --server "$SERVER" --file "$wsdoc" --root "$OUT/ws$n" \
      --edits 50 --diagnostics push --completions 0 --init-timeout 300000 --diag-timeout 60000
  done
fi

# --- comfort: completion, hover, outline, folding on a 15 KB session in a 1 000-session workspace
# Issue 3's target: completion and hover within 1 ms. Each request is timed on its own (the next
# is sent after the answer). lspdrive asks on an already analysed document: the cost of
# answering, not of a re-parse. `module:` ranks every workspace module (the most expensive
# completion context); `level_after:` lists the levels; hover is on the `level_after:` value.
# The floor is null-ls answering completion with [] over the same client and pipes, in each repeat.
if has comfort; then
  # The session closest to COMFORT_BYTES (ties by name), so the pick is stable across runs.
  cdoc=$(find "$OUT/ws$COMFORT_WS/sessions" -maxdepth 1 -name '2026-*.md' -printf '%s %p\n' |
    awk -v want="$COMFORT_BYTES" '{d = $1 - want; if (d < 0) d = -d; print d, $2}' |
    sort -k1,1n -k2,2 | head -1 | cut -d' ' -f2)
  echo "== comfort: $(wc -c < "$cdoc") B session in ws$COMFORT_WS, $COMFORT_REQUESTS requests of each kind x $COMFORT_REPEATS"
  load comfort
  comfort() { # label, lspdrive args...
    local label=$1
    shift
    drive "$label" --file "$cdoc" --root "$OUT/ws$COMFORT_WS" --edits 0 --diagnostics push \
      --completions "$COMFORT_REQUESTS" --init-timeout 300000 "$@"
  }
  # The same requests from keystroke_requests.py (python3 stdlib), which keeps every sample:
  # `steady` asks on the analysed document like lspdrive (a cross-check of the tails: `max_at`
  # says which request was slowest); `keystroke` writes didChange + the request in one write,
  # as an editor asks for completion while typing, so the server re-parses first (hover also
  # analyses). null-ls gives this client's floor (it has no hover).
  ks() { # label, keystroke_requests.py args...
    local label=$1
    shift
    timeout 600 python3 "$here/keystroke_requests.py" --file "$cdoc" --root "$OUT/ws$COMFORT_WS" \
      --key module --requests "$COMFORT_REQUESTS" --warmup 0 --label "$label" --out "$RESULTS" \
      "$@" > /dev/null 2>> "$OUT/stderr.log" || echo "   ($label: errors, see $RESULTS)"
  }
  for r in $(seq 1 "$COMFORT_REPEATS"); do
    comfort "null-ls/comfort/r$r" --server "$NULL_LS" --completion-key level_after
    comfort "session-lsp/comfort-level_after/r$r" --server "$SERVER" --completion-key level_after \
      --requests hover,documentSymbol,foldingRange
    comfort "session-lsp/comfort-module/r$r" --server "$SERVER" --completion-key module
    ks "null-ls/comfort-steady/r$r" --server "$NULL_LS" --kinds completion --no-keystroke
    ks "session-lsp/comfort-steady/r$r" --server "$SERVER" --no-keystroke \
      --kinds completion,hover,documentSymbol,foldingRange
    ks "null-ls/comfort-keystroke/r$r" --server "$NULL_LS" --kinds completion
    ks "session-lsp/comfort-keystroke/r$r" --server "$SERVER" --kinds completion,hover
  done
  # Instructions for keystroke + completion (deterministic, unlike the wall times above): the
  # server under callgrind, 0 and COMFORT_CG_REQUESTS rounds; the difference / N is one round.
  if [ "${COMFORT_CG_REQUESTS:-200}" -gt 0 ] && command -v valgrind > /dev/null; then
    echo "== comfort: callgrind, keystroke + completion at module:, 0 and ${COMFORT_CG_REQUESTS:-200} rounds"
    load comfort-callgrind
    for n in 0 "${COMFORT_CG_REQUESTS:-200}"; do
      timeout 900 python3 "$here/keystroke_requests.py" --file "$cdoc" --root "$OUT/ws$COMFORT_WS" \
        --key module --kinds completion --requests "$n" --warmup 0 \
        --server "valgrind -q --tool=callgrind --callgrind-out-file=$OUT/callgrind-comfort-$n.out $SERVER" \
        > /dev/null 2>> "$OUT/stderr.log"
    done
    sleep 1 # valgrind writes its profile as the server exits
    {
      echo "### keystroke + completion at module: ($(wc -c < "$cdoc") B, ws$COMFORT_WS): per round, inclusive"
      python3 "$here/callgrind_diff.py" "$OUT/callgrind-comfort-0.out" \
        "$OUT/callgrind-comfort-${COMFORT_CG_REQUESTS:-200}.out" "${COMFORT_CG_REQUESTS:-200}" 400 --inclusive |
        grep -E 'PROGRAM TOTALS|onCompletion|LspServer::parsed|Document::parse|parseMetadataYaml|parseMarkdown|LineIndex::LineIndex|features::complete$|completionListToJson|protocol::serialize|onDidChange|publishPending|LspServer::analyse'
      echo "### per round, self"
      python3 "$here/callgrind_diff.py" "$OUT/callgrind-comfort-0.out" \
        "$OUT/callgrind-comfort-${COMFORT_CG_REQUESTS:-200}.out" "${COMFORT_CG_REQUESTS:-200}" 15
    } > "$OUT/callgrind-comfort.txt"
  fi
fi

# --- 2. CLI: `check` and `report` over whole workspaces ---------------------------------------------------
if has cli; then
  for n in $CLI_COUNTS; do
    repeats=$CLI_REPEATS
    [ "$n" -ge 5000 ] && repeats=1
    echo "== cli: check on $n sessions x $repeats"
    load "cli$n"
    bytes=$(cat "$OUT/ws$n"/sessions/*.md | wc -c)
    for r in $(seq 1 "$repeats"); do
      (cd "$OUT/ws$n" && /usr/bin/time -f '%e %U %S %M' -o "$OUT/cli-time.txt" \
        timeout 1200 "$SERVER_BIN" check > "$OUT/cli-$n.out" 2> "$OUT/cli-$n.err")
      rc=$?
      read -r wall user sys rss < <(tail -1 "$OUT/cli-time.txt")
      printf '{"label":"check/%s/r%s","sessions":%s,"bytes":%s,"exit":%s,"wall_s":%s,"user_s":%s,"sys_s":%s,"rss_peak_kb":%s,"findings":%s}\n' \
        "$n" "$r" "$n" "$bytes" "$rc" "$wall" "$user" "$sys" "$rss" "$(wc -l < "$OUT/cli-$n.out")" >> "$OUT/cli.jsonl"
      # `report` (issue 7: at most 3 s on 10 000 sessions), same workspace, fixed date.
      (cd "$OUT/ws$n" && /usr/bin/time -f '%e %U %S %M' -o "$OUT/cli-time.txt" \
        timeout 1200 "$SERVER_BIN" report --today 2026-11-25 > "$OUT/report-$n.out" 2> "$OUT/report-$n.err")
      rc=$?
      read -r wall user sys rss < <(tail -1 "$OUT/cli-time.txt")
      printf '{"label":"report/%s/r%s","sessions":%s,"bytes":%s,"exit":%s,"wall_s":%s,"user_s":%s,"sys_s":%s,"rss_peak_kb":%s,"lines":%s}\n' \
        "$n" "$r" "$n" "$bytes" "$rc" "$wall" "$user" "$sys" "$rss" "$(wc -l < "$OUT/report-$n.out")" >> "$OUT/cli.jsonl"
    done
  done
fi

# --- 3. the peers, side by side, in the same run (../shared/bench/run-peers.sh) --------------
# The same lspdrive scenario on the same generated documents for session-lsp and every peer
# (VS Code's markdown server, remark with a front-matter schema, yaml-language-server,
# markdownlint, the null-ls floor), so the ratio holds on a noisy machine.
if has peers; then
  echo "== peers: session-lsp and every peer, doc and big phases"
  load peers
  OUT=$OUT/peers SERVER="$SERVER" EDITS=${PEER_EDITS:-100} REPEATS=${PEER_REPEATS:-2} \
    BIG_EDITS=${PEER_BIG_EDITS:-10} PHASES="doc big" "$SHARED_BENCH/run-peers.sh" \
    > "$OUT/peers.log" 2>&1 || echo "peers: run-peers.sh failed (see $OUT/peers.log)"
  [ -f "$OUT/peers/summary.md" ] && cp "$OUT/peers/summary.md" "$OUT/peers-summary.md"
fi

# --- where the CLI's time goes (perf, 1 000 sessions) ----------------------------------------
if has profile && command -v perf > /dev/null; then
  n=$(echo "$CLI_COUNTS" | awk '{print $1}')
  echo "== profile: perf on check over $n sessions"
  load profile
  (cd "$OUT/ws$n" && perf record -q --call-graph dwarf,16384 -F 999 -o "$OUT/perf.data" \
    "$SERVER_BIN" check > /dev/null 2>&1)
  perf report -i "$OUT/perf.data" --no-children --percent-limit 1.5 --stdio -g none 2> /dev/null |
    grep '%' > "$OUT/perf-self.txt"
  perf report -i "$OUT/perf.data" --children --percent-limit 5 --stdio -g none 2> /dev/null |
    grep '%' | grep -v -e '_start' -e '__libc_start' -e ' main$' > "$OUT/perf-children.txt"
fi

# --- instruction counts (callgrind): deterministic, unlike wall time on a shared machine ------
if has callgrind && command -v valgrind > /dev/null; then
  : > "$OUT/callgrind.txt"
  for n in $CG_COUNTS; do
    echo "== callgrind: check on $n sessions"
    load "callgrind$n"
    (cd "$OUT/ws$n" && timeout 900 valgrind -q --tool=callgrind --callgrind-out-file="$OUT/callgrind-$n.out" \
      "$SERVER_BIN" check > /dev/null 2>&1)
    {
      echo "sessions=$n"
      callgrind_annotate --inclusive=yes "$OUT/callgrind-$n.out" 2> /dev/null |
        grep -E 'PROGRAM TOTALS|runCheck|Document::parse\(|parseMetadataYaml|parseMarkdown|features::diagnose\(|knownModulesExcept|previousSessionOnModule|Workspace::exists|checkBody\(|checkPlainItems'
    } >> "$OUT/callgrind.txt"
  done
fi

# --- instructions per keystroke: the server under callgrind, driven by lspdrive --------------
# Two runs per document: open only, and open + N edits; the difference / N is one keystroke.
if has callgrind && command -v valgrind > /dev/null; then
  : > "$OUT/callgrind-lsp.txt"
  for spec in "doc:$DOC:200" "big:$BIG:10"; do
    IFS=: read -r name file edits <<< "$spec"
    echo "== callgrind: server, $name, 0 and $edits edits"
    load "callgrind-lsp-$name"
    for e in 0 "$edits"; do
      timeout 600 node "$SHARED_BENCH/lspdrive.mjs" --file "$file" --root "$OUT/ws" --edits "$e" --warmup 0 \
        --diagnostics push --completions 0 --timeout 500000 --diag-timeout 60000 --init-timeout 60000 \
        --server "valgrind -q --tool=callgrind --callgrind-out-file=$OUT/callgrind-lsp-$name-$e.out $SERVER" \
        > /dev/null 2>> "$OUT/stderr.log"
    done
    sleep 1 # valgrind writes its profile as the server exits
    {
      echo "### $name ($(wc -c < "$file") B): per edit, self instructions"
      python3 "$here/callgrind_diff.py" "$OUT/callgrind-lsp-$name-0.out" "$OUT/callgrind-lsp-$name-$edits.out" "$edits" 15
      echo "### $name: per edit, inclusive (recursive functions double-counted)"
      python3 "$here/callgrind_diff.py" "$OUT/callgrind-lsp-$name-0.out" "$OUT/callgrind-lsp-$name-$edits.out" "$edits" 40 --inclusive |
        grep -E 'PROGRAM TOTALS|LspServer::analyse|Document::parse|parseMetadataYaml|parseMarkdown|features::diagnose$|checkBody$|checkPlainItems|Workspace::exists|LineIndex::LineIndex|onDidChange|knownModulesExcept'
    } >> "$OUT/callgrind-lsp.txt"
  done
fi

load end
python3 "$here/summarize_run.py" "$OUT" | tee "$OUT/summary.md"
echo "raw: $RESULTS $OUT/cli.jsonl; load: $OUT/load.txt; profile: $OUT/perf-*.txt"
