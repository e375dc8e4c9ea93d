#!/usr/bin/env python3
"""Summarise one bench/run.sh output folder as markdown: medians over repeated runs.

Usage: summarize_run.py OUT   (reads OUT/results.jsonl, OUT/cli.jsonl, OUT/env.txt, OUT/load.txt)
Repeated runs share a label up to a trailing "/rN"; every number is the median over them, with
the range in brackets when there is more than one run.
"""
import json
import os
import re
import statistics
import sys
from collections import OrderedDict


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def group(rows):
    groups = OrderedDict()
    for row in rows:
        label = re.sub(r"/r\d+$", "", row.get("label") or "?")
        groups.setdefault(label, []).append(row)
    return groups


def pick(row, path):
    value = row
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def cell(rows, path, scale=1.0, digits=2):
    values = [pick(row, path) for row in rows]
    values = [v * scale for v in values if isinstance(v, (int, float))]
    if not values:
        return "–"
    middle = f"{statistics.median(values):.{digits}f}"
    if len(values) == 1:
        return middle
    return f"{middle} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def lsp_table(groups):
    lines = [
        "| run | n | init ms | open → diag ms | edit → diag median ms | p95 ms | max ms "
        "| versions answered | settle ms | peak RSS MB | CPU s | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, rows in groups.items():
        # versions_answered counts measured edits only; versions_sent includes the warm-up.
        answered = pick(rows[0], "edits.versions_answered")
        measured = (pick(rows[0], "edits.versions_sent") or 0) - (pick(rows[0], "edits.warmup") or 0)
        versions = f"{answered} of {measured}" if answered is not None else "all"
        errors = sum(len(r.get("errors") or []) for r in rows)
        lines.append(
            "| {} | {}×{} | {} | {} | **{}** | **{}** | {} | {} | {} | {} | {} | {} |".format(
                label,
                len(rows),
                pick(rows[0], "edits.n"),
                cell(rows, "init_ms", digits=1),
                cell(rows, "open_to_first_diag_ms"),
                cell(rows, "edits.median_ms"),
                cell(rows, "edits.p95_ms"),
                cell(rows, "edits.max_ms", digits=1),
                versions,
                cell(rows, "edits.settle_after_last_edit_ms"),
                cell(rows, "rss_peak_kb", scale=1 / 1024, digits=1),
                cell(rows, "cpu_ms", scale=1 / 1000),
                errors,
            )
        )
    return "\n".join(lines)


REQUEST_KINDS = ("completion", "hover", "documentSymbol", "foldingRange")


def request_table(groups):
    """One row per (run, request kind): latency of each request, answered before the next is sent."""
    lines = [
        "| run | request | n | median ms | p95 ms | max ms | slowest (0 = first) | results | init ms "
        "| peak RSS MB | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, rows in groups.items():
        errors = sum(len(r.get("errors") or []) for r in rows)
        for kind in REQUEST_KINDS:
            path = "completion" if kind == "completion" else f"requests.{kind}"
            if not pick(rows[0], path + ".n"):  # not offered (e.g. null-ls has no hover)
                continue
            at = pick(rows[0], path + ".position")
            where = f" at {at['line']}:{at['character']}" if at else ""
            results = pick(rows[0], path + ".items")
            if results is None:
                results = pick(rows[0], path + ".results")
            lines.append(
                "| {} | {}{} | {}×{} | **{}** | **{}** | {} | {} | {} | {} | {} | {} |".format(
                    label,
                    kind,
                    where,
                    len(rows),
                    pick(rows[0], path + ".n"),
                    cell(rows, path + ".median_ms", digits=3),
                    cell(rows, path + ".p95_ms", digits=3),
                    cell(rows, path + ".max_ms", digits=2),
                    ", ".join(str(pick(r, path + ".max_at")) for r in rows)
                    if pick(rows[0], path + ".max_at") is not None else "–",
                    results,
                    cell(rows, "init_ms", digits=0),
                    cell(rows, "rss_peak_kb", scale=1 / 1024, digits=1),
                    errors,
                )
            )
    return "\n".join(lines)


def cli_table(groups):
    lines = [
        "| run | n | wall s | user s | sys s | peak RSS MB | ms CPU / session | sessions / s (wall) "
        "| MB / s (wall) | findings | exit |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, rows in groups.items():
        for row in rows:
            row["cpu_ms_per_session"] = (row["user_s"] + row["sys_s"]) * 1000 / row["sessions"]
            row["sessions_per_s"] = row["sessions"] / max(row["wall_s"], 1e-9)
            row["mb_per_s"] = row["bytes"] / 1e6 / max(row["wall_s"], 1e-9)
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                label,
                len(rows),
                cell(rows, "wall_s"),
                cell(rows, "user_s"),
                cell(rows, "sys_s"),
                cell(rows, "rss_peak_kb", scale=1 / 1024, digits=1),
                cell(rows, "cpu_ms_per_session"),
                cell(rows, "sessions_per_s", digits=0),
                cell(rows, "mb_per_s", digits=1),
                rows[0]["findings"],
                ",".join(str(r["exit"]) for r in rows),
            )
        )
    return "\n".join(lines)


CALLGRIND_NAMES = [
    ("PROGRAM TOTALS", "whole run"),
    ("Document::parse(", "Document::parse (front matter + markdown)"),
    ("parseMetadataYaml", "  parseMetadataYaml (yaml-cpp)"),
    ("parseMarkdown", "  parseMarkdown (md4c)"),
    ("features::diagnose(", "features::diagnose (rules)"),
    ("checkBody(", "  checkBody"),
    ("checkPlainItems", "    checkPlainItems"),
    ("Workspace::exists", "  Workspace::exists (user space only)"),
    ("knownModulesExcept", "Workspace::knownModulesExcept"),
    ("previousSessionOnModule", "Workspace::previousSessionOnModule"),
]


def callgrind_table(path):
    """callgrind.txt (blocks of "sessions=N" + callgrind_annotate lines) -> markdown table."""
    counts = OrderedDict()  # n -> {short name: Ir}
    current = None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("sessions="):
                current = int(line.split("=")[1])
                counts[current] = {}
                continue
            match = re.match(r"\s*([\d,]+)", line)
            if current is None or not match:
                continue
            for key, short in CALLGRIND_NAMES:
                if key in line and short not in counts[current]:
                    counts[current][short] = int(match.group(1).replace(",", ""))
    sizes = list(counts)
    if not sizes:
        return ""
    header = "| function (inclusive) | " + " | ".join(
        f"{n} sessions: G instr | M instr / session" for n in sizes)
    if len(sizes) > 1:
        header += f" | growth {sizes[0]} → {sizes[-1]}"
    lines = [header + " |", "|---" * (1 + 2 * len(sizes) + (len(sizes) > 1)) + "|"]
    for _, short in CALLGRIND_NAMES:
        row = [short]
        for n in sizes:
            ir = counts[n].get(short)
            row += ["–", "–"] if ir is None else [f"{ir / 1e9:.3f}", f"{ir / 1e6 / n:.2f}"]
        if len(sizes) > 1:
            first, last = counts[sizes[0]].get(short), counts[sizes[-1]].get(short)
            row.append(f"×{last / first:.2f}" if first and last else "–")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/session-lsp-bench"
    for name in ("env.txt", "load.txt"):
        path = os.path.join(out, name)
        if os.path.exists(path):
            print(f"```\n{open(path, encoding='utf-8').read().rstrip()}\n```\n")
    lsp = group(read_jsonl(os.path.join(out, "results.jsonl")))
    # The comfort phase times requests, not edits: it gets its own table.
    comfort = OrderedDict((k, v) for k, v in lsp.items() if "/comfort" in k)
    edits = OrderedDict((k, v) for k, v in lsp.items() if "/comfort" not in k)
    if edits:
        print("## LSP (lspdrive.mjs)\n")
        print(lsp_table(edits) + "\n")
    if comfort:
        print("## Requests on an analysed document (comfort: completion, hover, outline, folding)\n")
        print(request_table(comfort) + "\n")
    cli = group(read_jsonl(os.path.join(out, "cli.jsonl")))
    if cli:
        print("## CLI (`session-lsp check`, whole workspace)\n")
        print(cli_table(cli) + "\n")
    callgrind = os.path.join(out, "callgrind.txt")
    if os.path.exists(callgrind):
        print("## Instructions (callgrind, `check`)\n")
        print(callgrind_table(callgrind) + "\n")
    comfort_callgrind = os.path.join(out, "callgrind-comfort.txt")
    if os.path.exists(comfort_callgrind):
        print("## Instructions per keystroke + completion (server under callgrind)\n\n```")
        print(open(comfort_callgrind, encoding="utf-8").read().rstrip() + "\n```\n")
    lsp_callgrind = os.path.join(out, "callgrind-lsp.txt")
    if os.path.exists(lsp_callgrind):
        print("## Instructions per keystroke (server under callgrind)\n\n```")
        print(open(lsp_callgrind, encoding="utf-8").read().rstrip() + "\n```\n")
    for name in ("perf-self.txt", "perf-children.txt"):
        path = os.path.join(out, name)
        if os.path.exists(path):
            print(f"## {name}\n\n```")
            with open(path, encoding="utf-8") as handle:
                for line in list(handle)[:25]:
                    line = line.replace(
                        "std::__cxx11::basic_string<char, std::char_traits<char>, "
                        "std::allocator<char> >",
                        "std::string",
                    )
                    print(line.rstrip()[:160])
            print("```\n")


if __name__ == "__main__":
    main()
