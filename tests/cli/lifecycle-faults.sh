#!/usr/bin/env bash
# Lifecycle faults against the real server over stdio (Content-Length framing):
#  1. the client's process (initialize `processId`) dies: the server exits within 2 s, code 1;
#  2. a slow `workspace/diagnostic` (3 000 sessions) does not hold back other documents: a
#     pulled `textDocument/diagnostic`, and a pushed `publishDiagnostics`, come first;
#     `$/cancelRequest` for it answers RequestCancelled, and the server keeps serving;
#  3. stdin closed without `exit`: the server exits with code 1.
# Usage: lifecycle-faults.sh SESSION_LSP_BINARY SOURCE_DIR
set -uo pipefail
binary=$(realpath "$1")
source_dir=$(realpath "$2")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

mkdir -p "$scratch/ws/sessions"
example="$source_dir/examples/llm-study/sessions/2026-11-18__02-Infra-System__vLLM__paged-attention.md"
for i in $(seq 1 3000); do
  cp "$example" "$scratch/ws/sessions/2026-11-18__02-Infra-System__vLLM__copy-$i.md"
done

python3 - "$binary" "$scratch/ws" <<'PY'
import json, os, signal, subprocess, sys, time
binary, workspace = sys.argv[1], sys.argv[2]
# The "client": a process this script owns, so it can be killed and reaped (a zombie would
# still count as alive).
client = subprocess.Popen(["sleep", "60"])
parent = client.pid
failures = 0

def check(ok, what, detail=""):
    global failures
    print(("PASS: " if ok else "FAIL: ") + what + (f" ({detail})" if detail and not ok else ""))
    failures += 0 if ok else 1

class Server:
    def __init__(self):
        self.p = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()
    def read(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.p.stdout.read(1)
            if not byte:
                return None
            header += byte
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return json.loads(self.p.stdout.read(length))
    def until(self, predicate):
        while True:
            message = self.read()
            if message is None or predicate(message):
                return message

uri = "file://" + workspace

# 1. The parent process dies.
server = Server()
server.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
             "params": {"processId": parent, "rootUri": uri, "capabilities": {}}})
server.until(lambda m: m.get("id") == 0)
client.kill()
client.wait()
started = time.monotonic()
try:
    code = server.p.wait(timeout=5)
    elapsed = time.monotonic() - started
    check(elapsed <= 2.0, f"server exits within 2 s of its client's death", f"{elapsed:.2f} s")
    check(code == 1, "exit code 1 after the client died", str(code))
except subprocess.TimeoutExpired:
    server.p.kill()
    check(False, "server exits after its client died", "still running after 5 s")

# 2. A slow workspace/diagnostic: other documents go first, then it is cancelled.
other = "file://" + workspace + "/sessions/2026-11-30-other.md"
open_other = {"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": other, "languageId": "markdown", "version": 1,
                                          "text": "---\nlevel_after: L9\n---\n"}}}
server = Server()
server.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
             "params": {"processId": None, "rootUri": uri,
                        "capabilities": {"textDocument": {"diagnostic": {}}}}})
server.until(lambda m: m.get("id") == 0)
server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
server.send({"jsonrpc": "2.0", "id": 1, "method": "workspace/diagnostic",
             "params": {"previousResultIds": []}})
time.sleep(0.05)
server.send(open_other)
server.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/diagnostic",
             "params": {"textDocument": {"uri": other}}})
first = server.until(lambda m: m.get("id") in (1, 3))
check(first is not None and first.get("id") == 3,
      "a pulled textDocument/diagnostic is answered while workspace/diagnostic runs",
      json.dumps(first)[:200])
server.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}})
reply = server.until(lambda m: m.get("id") == 1)
code = reply and reply.get("error", {}).get("code")
check(code == -32800, "a cancelled workspace/diagnostic answers RequestCancelled",
      json.dumps(reply)[:200])
server.send({"jsonrpc": "2.0", "id": 2, "method": "workspace/symbol", "params": {"query": "copy-17 "}})
reply = server.until(lambda m: m.get("id") == 2)
check(reply is not None and "result" in reply, "the server keeps serving after a cancel")

# The same with a push client: the opened document's diagnostics are published before the
# long request's answer.
pusher = Server()
pusher.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
             "params": {"processId": None, "rootUri": uri, "capabilities": {}}})
pusher.until(lambda m: m.get("id") == 0)
pusher.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
pusher.send({"jsonrpc": "2.0", "id": 1, "method": "workspace/diagnostic",
             "params": {"previousResultIds": []}})
time.sleep(0.05)
pusher.send(open_other)
first = pusher.until(lambda m: m.get("id") == 1 or
                     (m.get("method") == "textDocument/publishDiagnostics" and
                      m["params"]["uri"] == other))
check(first is not None and first.get("method") == "textDocument/publishDiagnostics",
      "a pushed publishDiagnostics comes before a slow request's answer",
      json.dumps(first)[:200])
pusher.p.kill()

# 3. stdin closed without exit.
server.p.stdin.close()
try:
    code = server.p.wait(timeout=10)
    check(code == 1, "stdin closed without exit: exit code 1", str(code))
except subprocess.TimeoutExpired:
    server.p.kill()
    check(False, "server exits when stdin closes")
sys.exit(1 if failures else 0)
PY
