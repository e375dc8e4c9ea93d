#!/usr/bin/env python3
"""Time completion, hover, outline and folding requests, one at a time, as an editor asks them.

lspdrive.mjs times requests on a document that is already analysed, so it measures the answer
alone. An editor sends `didChange` and then, in the same tick, `textDocument/completion`: the
server must first re-parse the edited text. By default this driver writes each keystroke and the
request in one write and times write -> response; then it waits for that version's diagnostics,
so the next keystroke starts on an idle server. `--no-keystroke` asks on the analysed document
instead (the lspdrive case; a cross-check with per-request samples: `max_at` says which request
was the slowest, 0 = the first). python3 stdlib only; timestamps are time.perf_counter_ns() at
the write and when the reader thread has the whole response.

Usage:
  keystroke_requests.py --server "build/session-lsp --stdio" --file DOC --root WS \\
      [--key module] [--kinds completion,hover,documentSymbol,foldingRange] [--no-keystroke] \\
      [--requests 300] [--warmup 10] [--label NAME] [--out FILE.jsonl]

The keystroke toggles the last character of the `level_after:` value (L5 -> L9 -> L5, as
lspdrive does). Completion is asked at the start of the `--key` value; hover at the start of the
`level_after:` value. Kinds are asked in turn. One JSON line is printed (and appended to --out)
in lspdrive's shape: `completion` and `requests.<kind>` with n / median_ms / p95_ms / max_ms.
"""
import argparse
import json
import os
import queue
import re
import shlex
import statistics
import subprocess
import sys
import threading
import time


def frame(message):
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_messages(stream, inbox):
    """Reader thread: each whole message with the time its last byte was read."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                inbox.put((time.perf_counter_ns(), None))
                return
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        body = stream.read(length)
        inbox.put((time.perf_counter_ns(), json.loads(body)))


def stats(samples_ns):
    if not samples_ns:
        return {"n": 0}
    slowest = max(range(len(samples_ns)), key=lambda i: samples_ns[i])
    ms = sorted(s / 1e6 for s in samples_ns)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return {
        "n": len(ms),
        "min_ms": round(ms[0], 3),
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(ms[-1], 3),
        "mean_ms": round(statistics.fmean(ms), 3),
        "max_at": slowest,  # 0 = the first measured request (cold caches)
    }


class Client:
    def __init__(self, command, cwd=None):
        self.process = subprocess.Popen(
            shlex.split(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=cwd, bufsize=0)
        self.inbox = queue.Queue()
        self.next_id = 0
        self.unmatched = []  # messages read while waiting for another one
        threading.Thread(target=read_messages, args=(self.process.stdout, self.inbox),
                         daemon=True).start()

    def request_message(self, method, params):
        self.next_id += 1
        return self.next_id, {"jsonrpc": "2.0", "id": self.next_id, "method": method,
                              "params": params}

    def write(self, *messages):
        """All messages in one write: the server reads them back to back."""
        data = b"".join(frame(m) for m in messages)
        sent = time.perf_counter_ns()
        os.write(self.process.stdin.fileno(), data)
        return sent

    def wait(self, matches, timeout=30.0):
        """The first message for which matches() holds; answers server requests meanwhile.
        Messages that do not match are kept for a later wait (a publish may precede a response)."""
        for index, (arrived, message) in enumerate(self.unmatched):
            if matches(message):
                del self.unmatched[index]
                return arrived, message
        deadline = time.monotonic() + timeout
        while True:
            arrived, message = self.inbox.get(timeout=max(0.001, deadline - time.monotonic()))
            if message is None:
                raise RuntimeError("server exited")
            if "method" in message and "id" in message:  # a request from the server
                items = (message.get("params") or {}).get("items")
                result = [None] * len(items) if message["method"] == "workspace/configuration" else None
                self.write({"jsonrpc": "2.0", "id": message["id"], "result": result})
                continue
            if matches(message):
                return arrived, message
            self.unmatched.append((arrived, message))

    def call(self, method, params, timeout=300.0):
        request_id, message = self.request_message(method, params)
        sent = self.write(message)
        arrived, answer = self.wait(lambda m: m.get("id") == request_id, timeout)
        return arrived - sent, answer


def value_position(lines, key):
    for number, line in enumerate(lines[:400]):
        match = re.match(rf"^(\s*{key}:\s?)", line)
        if match:  # utf-16 column of an ASCII prefix: its length
            return {"line": number, "character": len(match.group(1))}
    raise SystemExit(f"no `{key}:` line in the document")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--key", default="module", help="front-matter key to complete (value start)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--kinds", default="completion,hover",
                        help="requests, in turn: completion,hover,documentSymbol,foldingRange")
    parser.add_argument("--no-keystroke", action="store_true",
                        help="ask on the analysed document, without an edit before each request")
    parser.add_argument("--label", default="keystroke")
    parser.add_argument("--out")
    args = parser.parse_args()

    text = open(args.file, encoding="utf-8").read()
    lines = text.split("\n")
    complete_at = value_position(lines, args.key)
    hover_at = value_position(lines, "level_after")
    edit_line = hover_at["line"]
    value_end = len(lines[edit_line].rstrip())
    original = lines[edit_line][value_end - 1]
    toggled = "9" if original != "9" else "0"

    root = os.path.abspath(args.root)
    uri = "file://" + os.path.abspath(args.file)
    client = Client(args.server)
    result = {"label": args.label, "server": args.server, "file": args.file,
              "bytes": len(text.encode("utf-8")), "root": root,
              "driver": "bench/keystroke_requests.py", "errors": []}
    init_ns, _ = client.call("initialize", {
        "processId": os.getpid(),
        "rootUri": "file://" + root,
        "workspaceFolders": [{"uri": "file://" + root, "name": os.path.basename(root)}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"didSave": True},
                "publishDiagnostics": {"versionSupport": True},
                # What lspdrive (and VS Code) declare for the requests timed here.
                "completion": {"contextSupport": True, "completionItem": {
                    "snippetSupport": True, "documentationFormat": ["markdown", "plaintext"],
                    "insertReplaceSupport": True, "labelDetailsSupport": True}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                "foldingRange": {"lineFoldingOnly": True},
            },
            "workspace": {"configuration": True, "workspaceFolders": True},
        },
    })
    result["init_ms"] = round(init_ns / 1e6, 3)
    client.write({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    version = 1
    client.write({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}})

    def diagnostics_for(wanted):
        return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                          and (m["params"].get("version") or 0) >= wanted)

    def record(kind, round_number, elapsed_ns, answer, position):
        if "error" in answer:
            summaries.setdefault(kind, {"error": answer["error"].get("message")})
            return
        if round_number >= args.warmup:
            samples[kind].append(elapsed_ns)
        if kind not in summaries:
            res = answer.get("result")
            items = res.get("items") if isinstance(res, dict) and "items" in res else res
            count = len(items) if isinstance(items, list) else int(res is not None)
            summaries[kind] = {"items" if kind == "completion" else "results": count}
            if position:
                summaries[kind]["position"] = position

    supports_push = True
    try:
        client.wait(diagnostics_for(version), timeout=60)
    except queue.Empty:
        supports_push = False  # e.g. a floor server that publishes nothing

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    samples = {kind: [] for kind in kinds}
    summaries = {}
    methods = {"completion": ("textDocument/completion", complete_at),
               "hover": ("textDocument/hover", hover_at),
               "documentSymbol": ("textDocument/documentSymbol", None),
               "foldingRange": ("textDocument/foldingRange", None)}
    try:
        for k in range(len(kinds) * (args.requests + args.warmup)):
            kind = kinds[k % len(kinds)]
            method, position = methods[kind]
            params = {"textDocument": {"uri": uri}}
            if position:
                params["position"] = position
            request_id, request = client.request_message(method, params)
            if args.no_keystroke:
                sent = client.write(request)
                arrived, answer = client.wait(lambda m, i=request_id: m.get("id") == i)
                record(kind, k // len(kinds), arrived - sent, answer, position)
                continue
            version += 1
            character = toggled if version % 2 == 0 else original
            change = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {
                    "start": {"line": edit_line, "character": value_end - 1},
                    "end": {"line": edit_line, "character": value_end}}, "text": character}]}}
            sent = client.write(change, request)
            arrived, answer = client.wait(lambda m, i=request_id: m.get("id") == i)
            record(kind, k // len(kinds), arrived - sent, answer, position)
            if supports_push:  # let the analysis of this version finish before the next keystroke
                client.wait(diagnostics_for(version))
                client.unmatched.clear()
    except Exception as error:  # report what was measured
        result["errors"].append(repr(error))

    result["keystroke_before_each"] = not args.no_keystroke
    result["warmup"] = args.warmup
    result["requests"] = {}
    for kind in kinds:
        summary = {**stats(samples[kind]), **summaries.get(kind, {})}
        if kind == "completion":
            result["completion"] = summary
        else:
            result["requests"][kind] = summary
    try:
        client.call("shutdown", None, timeout=5)
        client.write({"jsonrpc": "2.0", "method": "exit"})
        client.process.wait(timeout=3)
    except Exception:
        client.process.kill()
    line = json.dumps(result)
    print(line)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


if __name__ == "__main__":
    main()
