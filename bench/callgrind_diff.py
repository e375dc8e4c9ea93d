#!/usr/bin/env python3
"""Instructions per edit from two callgrind profiles of the server: one run that only opens the
document (BASE) and one that also makes N edits (EDITS). (EDITS - BASE) / N per function.

Usage: callgrind_diff.py BASE.out EDITS.out N [TOP] [--inclusive]
Inclusive counts double-count recursive functions (callgrind's 'N suffixes), so the default is
self (exclusive) instructions; --inclusive is for the call tree's big branches.
"""
import re
import subprocess
import sys


def load(path, inclusive):
    text = subprocess.run(
        ["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
        capture_output=True, text=True, check=False).stdout
    counts = {}
    for line in text.splitlines():
        match = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)", line)
        if not match:
            continue
        name = re.sub(r"^\?\?\?:", "", match.group(2))
        name = re.sub(r"\s*\[[^\]]*\]$", "", name)
        name = re.sub(r"\(.*", "", name) or match.group(2)
        counts[name] = counts.get(name, 0) + int(match.group(1).replace(",", ""))
    return counts


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    inclusive = "--inclusive" in sys.argv
    base, edits, n = load(args[0], inclusive), load(args[1], inclusive), float(args[2])
    top = int(args[3]) if len(args) > 3 else 15
    per_edit = {name: (edits[name] - base.get(name, 0)) / n for name in edits}
    total = per_edit.get("PROGRAM TOTALS") or 1
    for name, value in sorted(per_edit.items(), key=lambda kv: -kv[1])[:top]:
        name = name.replace("nlohmann::json_abi_v3_11_2::", "nlohmann::")
        print(f"{value / 1e6:9.3f} M instr/edit {100 * value / total:5.1f}%  {name[:110]}")


if __name__ == "__main__":
    main()
