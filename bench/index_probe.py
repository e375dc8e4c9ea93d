#!/usr/bin/env python3
"""Cold indexing and file-change latency of session-lsp (issue "Evidence navigation", Speed).

Usage: index_probe.py SERVER WORKSPACE [--runs N] [--out results.jsonl]

Per run, a fresh server over stdio (bench/lsp_client.py, Python stdlib only):
  1. `initialize` (workDoneProgress) and `initialized`; the server indexes in the background and
     reports `$/progress`. Measured: the initialize reply, the reply to a `workspace/symbol`
     sent right after `initialized` (answered while indexing), and the progress `end`.
  2. Peak RSS (VmHWM) once indexing ended.
  3. File change: a session that cites a scratch file is opened; the file is deleted and
     `workspace/didChangeWatchedFiles` sent; measured until `publishDiagnostics` shows
     `broken-link`; then the file is restored and measured until it is gone again.
The scratch files live in WORKSPACE/lab/zz-index-probe/ and are removed at the end.
"""
import argparse
import json
import os
import pathlib
import sys
import time

from lsp_client import Server


def peak_rss_kb(process):
    for line in open(f"/proc/{process.pid}/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1])
    return None


def run_once(server_binary, root):
    server = Server([server_binary, "--stdio"])
    started = time.perf_counter()
    elapsed = lambda: (time.perf_counter() - started) * 1000
    server.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                 "params": {"rootUri": root.as_uri(),
                            "capabilities": {"window": {"workDoneProgress": True}}}})
    result = {}
    while "initialize_ms" not in result:
        if server.read().get("id") == 0:
            result["initialize_ms"] = elapsed()
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    server.send({"jsonrpc": "2.0", "id": 1, "method": "workspace/symbol", "params": {"query": "zz"}})
    while "index_end_ms" not in result:
        message = server.read()
        if message.get("method") == "window/workDoneProgress/create":
            server.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        elif message.get("id") == 1:
            result["symbol_reply_ms"] = elapsed()
        elif message.get("method") == "$/progress" and message["params"]["value"]["kind"] == "end":
            result["index_end_ms"] = elapsed()
    result["peak_rss_kb"] = peak_rss_kb(server.process)

    # A file change on disk, reported by the client.
    scratch = root / "lab" / "zz-index-probe"
    scratch.mkdir(parents=True, exist_ok=True)
    cited = scratch / "cited.py"
    cited.write_text("print('cited')\n")
    session = root / "sessions" / "zz-index-probe.md"
    text = "---\nmodule: Probe\nevidence_targets:\n  lab: [/lab/zz-index-probe/cited.py]\n---\n"
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": session.as_uri(), "languageId": "markdown",
                                             "version": 1, "text": text}}})

    def wait_broken(expected):
        while True:
            message = server.read()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == session.as_uri()):
                codes = [d.get("code") for d in message["params"]["diagnostics"]]
                if ("broken-link" in codes) == expected:
                    return

    wait_broken(False)
    for expected, change in ((True, 3), (False, 1)):
        if expected:
            cited.unlink()
        else:
            cited.write_text("print('back')\n")
        sent = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles",
                     "params": {"changes": [{"uri": cited.as_uri(), "type": change}]}})
        wait_broken(expected)
        key = "file_deleted_ms" if expected else "file_restored_ms"
        result[key] = (time.perf_counter() - sent) * 1000
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while server.read().get("id") != 2:
        pass
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.process.wait(timeout=10)
    cited.unlink(missing_ok=True)
    scratch.rmdir()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server")
    parser.add_argument("workspace")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    root = pathlib.Path(args.workspace).resolve()
    sessions = len(list((root / "sessions").glob("**/*.md")))
    for run in range(args.runs):
        result = {"sessions": sessions, "run": run, "load": os.getloadavg()[0]}
        result.update(run_once(os.path.abspath(args.server), root))
        line = json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()})
        print(line)
        if args.out:
            with open(args.out, "a") as out:
                out.write(line + "\n")


if __name__ == "__main__":
    sys.exit(main())
