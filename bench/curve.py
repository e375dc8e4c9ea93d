#!/usr/bin/env python3
"""How cost grows with workspace size and file size (issue 8: "show the curve").

Usage: curve.py SERVER [--work /tmp/session-lsp-curve] [--out bench/results/curve]
                [--repeats 3] [--edits 30]

Workspace curve: `gen-corpus.py --count N` for N in 100, 1 000, 10 000 (12 KB sessions), then
per N the best of --repeats runs of (a) the cold index (the server's own "indexed N sessions in
T ms" log line) and (b) `session-lsp check` wall time.
File curve: one session of 10 KB, 100 KB and 1 MB (`--size-kb`), opened in an empty workspace;
--edits incremental edits, each sent after the previous version's diagnostics arrived; the time
from the write to `publishDiagnostics` of that version (median and p95).

Writes OUT.md (two tables) and OUT.svg (two log-log charts, with a line for perfect linearity
through the smallest point), and prints the tables. python3 stdlib only.
"""
import argparse
import math
import pathlib
import statistics
import subprocess
import sys
import time

from lsp_client import Server

HERE = pathlib.Path(__file__).resolve().parent
GEN = HERE.parent.parent / "shared" / "bench" / "gen-corpus.py"


def generate(folder, *arguments):
    if not folder.exists():
        subprocess.run([sys.executable, str(GEN), *arguments, str(folder)], check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def cold_index_ms(server, root):
    process = Server([server])
    process.initialize(root)
    message = process.wait_for(lambda m: m.get("method") == "window/logMessage" and
                               "indexed" in m["params"]["message"])
    process.stop()
    text = message["params"]["message"]
    return float(text.split(" in ")[-1].split(" ms")[0])


def check_wall_s(server, root):
    start = time.perf_counter()
    subprocess.run([server, "check"], cwd=root, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def edit_latencies_ms(server, root, path, edits):
    text = path.read_text(encoding="utf-8")
    uri = "file://" + str(path)
    process = Server([server])
    process.initialize(root)
    process.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                  "params": {"textDocument": {"uri": uri, "languageId": "markdown",
                                              "version": 1, "text": text}}})
    process.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    # The `topic:` line: type a character at its end, then delete it, and so on.
    line = next(i for i, l in enumerate(text.split("\n")) if l.startswith("topic:"))
    column = len(text.split("\n")[line])
    samples = []
    for version in range(2, edits + 2):
        typed = version % 2 == 0
        change = {"range": {"start": {"line": line, "character": column},
                            "end": {"line": line, "character": column + (0 if typed else 1)}},
                  "text": "x" if typed else ""}
        start = time.perf_counter_ns()
        process.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                      "params": {"textDocument": {"uri": uri, "version": version},
                                 "contentChanges": [change]}})
        process.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                         m["params"].get("version") == version)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    process.stop()
    samples.sort()
    return statistics.median(samples), samples[max(0, math.ceil(0.95 * len(samples)) - 1)]


def number(value):
    """A short label: 1664, 143, 2.69, 0.0495."""
    return f"{value:.0f}" if value >= 100 else f"{value:.3g}"


def chart(title, xlabel, ylabel, points, x0, width=420, height=300):
    """A log-log line chart as an SVG group; `points` is [(x, y)], with a dashed line of slope 1
    through the first point (what linear growth would give)."""
    left, bottom, top, right = 60, height - 40, 30, width - 50
    xs = [x for x, _ in points]
    ys = [y for _, y in points] + [points[0][1] * xs[-1] / xs[0]]
    lx = (math.log10(min(xs)), math.log10(max(xs)))
    ly = (math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys))))
    def px(x):
        return left + (math.log10(x) - lx[0]) / (lx[1] - lx[0] or 1) * (right - left)
    def py(y):
        return bottom - (math.log10(y) - ly[0]) / (ly[1] - ly[0] or 1) * (bottom - top)
    out = [f'<g transform="translate({x0},0)">',
           f'<text x="{width / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="black"/>',
           f'<text x="{width / 2}" y="{height - 5}" text-anchor="middle">{xlabel}</text>',
           f'<text x="12" y="{(top + bottom) / 2}" transform="rotate(-90 12 {(top + bottom) / 2})"'
           f' text-anchor="middle">{ylabel}</text>']
    for decade in range(int(ly[0]), int(ly[1]) + 1):
        y = py(10 ** decade)
        out.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
                   f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'font-size="11">{10 ** decade:g}</text>')
    for x in xs:
        out.append(f'<text x="{px(x):.1f}" y="{bottom + 15}" text-anchor="middle" '
                   f'font-size="11">{number(x)}</text>')
    linear = [(x, points[0][1] * x / xs[0]) for x in xs]
    out.append('<polyline fill="none" stroke="#999" stroke-dasharray="4 3" points="' +
               " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in linear) + '"/>')
    out.append('<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="' +
               " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points) + '"/>')
    for x, y in points:
        out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="#1f6feb"/>'
                   f'<text x="{px(x) + 6:.1f}" y="{py(y) - 6:.1f}" font-size="11">{number(y)}</text>')
    return "\n".join(out + ["</g>"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server")
    parser.add_argument("--work", default="/tmp/session-lsp-curve")
    parser.add_argument("--out", default=str(HERE / "results" / "curve"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    server = str(pathlib.Path(args.server).resolve())
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    workspace_rows = []
    for count in (100, 1000, 10000):
        root = generate(work / f"ws{count}", "--count", str(count))
        index = min(cold_index_ms(server, root) for _ in range(args.repeats))
        check = min(check_wall_s(server, root) for _ in range(args.repeats))
        workspace_rows.append((count, index, check))

    file_rows = []
    for size_kb in (10, 100, 1000):
        root = work / f"file{size_kb}"
        generate(root, "--count", "1", "--size-kb", str(size_kb), "--flat",
                 "--name", "2026-01-01__02-Infra-System__vLLM__curve.md")
        path = root / "2026-01-01__02-Infra-System__vLLM__curve.md"
        median, p95 = edit_latencies_ms(server, root, path, args.edits)
        file_rows.append((path.stat().st_size / 1024, median, p95))

    table = ["| sessions | cold index (ms, best of %d) | ms per session | `check` wall (s) |"
             % args.repeats, "|---:|---:|---:|---:|"]
    table += [f"| {n} | {i:.0f} | {i / n:.3f} | {c:.2f} |" for n, i, c in workspace_rows]
    table += ["", "| file size (KB) | edit → diagnostics median (ms) | p95 (ms) | median ms per KB |",
              "|---:|---:|---:|---:|"]
    table += [f"| {kb:.0f} | {m:.2f} | {p:.2f} | {m / kb:.4f} |" for kb, m, p in file_rows]
    text = "\n".join(table) + "\n"
    pathlib.Path(args.out + ".md").write_text(text)
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="300" '
           'font-family="sans-serif" font-size="12">',
           chart("cold index vs sessions", "sessions", "ms",
                 [(n, i) for n, i, _ in workspace_rows], 0),
           chart("check vs sessions", "sessions", "s",
                 [(n, c) for n, _, c in workspace_rows], 430),
           chart("edit → diagnostics vs file size", "KB", "ms (median)",
                 [(kb, m) for kb, m, _ in file_rows], 860),
           "</svg>"]
    pathlib.Path(args.out + ".svg").write_text("\n".join(svg) + "\n")
    print(text, end="")
    print(f"wrote {args.out}.md and {args.out}.svg")


if __name__ == "__main__":
    main()
