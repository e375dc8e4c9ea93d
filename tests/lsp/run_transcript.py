#!/usr/bin/env python3
"""Runs one transcript test (tests/lsp/*.test) against the language server binary.

Usage: run_transcript.py [-v] SERVER_BINARY FILE.test

A transcript holds JSON-RPC messages separated by lines `---`; lines starting with `#` are
comments or directives (see tests/lsp/README.md). The server's output is matched against the
`# CHECK:` lines, FileCheck style. Exit status 0 means the test passed. Python 3 stdlib only.
"""

import argparse
import pathlib
import json
import re
import shlex
import subprocess
import sys

TIMEOUT_SECONDS = 20
DIRECTIVE = re.compile(r"^\s*#\s*([A-Z][A-Z-]*):(.*)$")
KNOWN = {"CHECK", "CHECK-NEXT", "CHECK-NOT", "RUN-ARGS", "EXIT", "STDERR-CHECK", "MODE", "RAW"}


# `${EXAMPLES}` in a transcript stands for the absolute path of examples/ in this checkout, so a
# test can open a real workspace (`"rootUri": "file://${EXAMPLES}/llm-study"`).
EXAMPLES = str(pathlib.Path(__file__).resolve().parent.parent.parent / "examples")


def substitute(text):
    return text.replace("${EXAMPLES}", EXAMPLES)


class TestError(Exception):
    """A malformed test file (as opposed to a failing server)."""


class Check:
    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line

    def describe(self, path):
        return f"{path}:{self.line}: {self.kind}: {self.text}"


class Transcript:
    def __init__(self, path):
        self.path = path
        self.raw_bytes = substitute(open(path, "rb").read().decode("utf-8")).encode("utf-8")
        self.checks = []
        self.stderr_checks = []
        self.run_args = None
        self.exit_code = 0
        self.mode = "delimited"
        # Content-length mode input: ("message", text) and ("raw", bytes) in file order.
        self.items = []
        self._parse(self.raw_bytes.decode("utf-8"))

    def _parse(self, text):
        message_lines = []

        def flush():
            body = "\n".join(message_lines).strip()
            message_lines.clear()
            if body:
                self.items.append(("message", body))

        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.rstrip("\r")
            match = DIRECTIVE.match(stripped)
            if match:
                kind, value = match.group(1), match.group(2).strip()
                if kind not in KNOWN:
                    continue  # e.g. "# NOTE: ..." is just a comment.
                if kind in ("CHECK", "CHECK-NEXT", "CHECK-NOT"):
                    if not value:
                        raise TestError(f"{self.path}:{number}: empty {kind}")
                    self.checks.append(Check(kind, value, number))
                elif kind == "STDERR-CHECK":
                    self.stderr_checks.append(Check(kind, value, number))
                elif kind == "RUN-ARGS":
                    self.run_args = (self.run_args or []) + shlex.split(value)
                elif kind == "EXIT":
                    try:
                        self.exit_code = int(value)
                    except ValueError:
                        raise TestError(f"{self.path}:{number}: EXIT needs an integer") from None
                elif kind == "MODE":
                    if value not in ("delimited", "content-length"):
                        raise TestError(f"{self.path}:{number}: MODE is delimited or content-length")
                    self.mode = value
                elif kind == "RAW":
                    flush()
                    # Keep everything after "RAW: " literally, escapes aside.
                    literal = stripped.split("RAW:", 1)[1]
                    if literal.startswith(" "):
                        literal = literal[1:]
                    self.items.append(("raw", unescape(literal)))
                continue
            if stripped.lstrip().startswith("#"):
                continue
            if stripped == "---":
                flush()
            else:
                message_lines.append(stripped)
        flush()
        if self.mode == "delimited" and any(kind == "raw" for kind, _ in self.items):
            raise TestError(f"{self.path}: RAW needs '# MODE: content-length'")
        if self.run_args is None:
            self.run_args = ["--lit-test"] if self.mode == "delimited" else ["--stdio"]

    def stdin_bytes(self):
        if self.mode == "delimited":
            return self.raw_bytes
        out = bytearray()
        for kind, value in self.items:
            if kind == "raw":
                out += value
            else:
                body = value.encode("utf-8")
                out += b"Content-Length: %d\r\n\r\n" % len(body) + body
        return bytes(out)


def unescape(text):
    """Turns \\r \\n \\t \\\\ and \\xNN into bytes; everything else stays literal (UTF-8)."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            simple = {"r": b"\r", "n": b"\n", "t": b"\t", "\\": b"\\"}
            if nxt in simple:
                out += simple[nxt]
                i += 2
                continue
            if nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
        out += c.encode("utf-8")
        i += 1
    return bytes(out)


def pretty(body_bytes):
    try:
        value = json.loads(body_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "<<not JSON>> " + body_bytes.decode("utf-8", "replace")
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def deframe(data):
    """Content-Length framed output -> pretty messages each followed by `---` (as --lit-test)."""
    out = []
    position = 0
    while position < len(data):
        header_end = data.find(b"\r\n\r\n", position)
        if header_end < 0:
            out.append("<<trailing bytes without a frame>> " +
                       data[position:].decode("utf-8", "replace"))
            break
        length = None
        for line in data[position:header_end].split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            out.append("<<frame without Content-Length>>")
            break
        body_start = header_end + 4
        out.append(pretty(data[body_start:body_start + length]))
        out.append("---")
        position = body_start + length
    return "\n".join(out) + ("\n" if out else "")


def line_start(text, offset):
    return text.rfind("\n", 0, offset) + 1


def line_number(text, offset):
    return text.count("\n", 0, offset) + 1


def excerpt(text, offset, marker_offset=None, before=3, after=20):
    """The output around `offset`, numbered, with `>` on the line where the search started."""
    lines = text.split("\n")
    current = line_number(text, offset) - 1
    marked = current if marker_offset is None else line_number(text, marker_offset) - 1
    first, last = max(0, current - before), min(len(lines), current + after)
    shown = []
    for index in range(first, last):
        prefix = ">" if index == marked else " "
        shown.append(f"{prefix}{index + 1:5} | {lines[index]}")
    if last < len(lines):
        shown.append(f"       ... ({len(lines) - last} more lines)")
    return "\n".join(shown)


def match_checks(checks, output, path, what="output"):
    """FileCheck-like: each CHECK is a substring found after the previous match; CHECK-NEXT must
    be on the line right after the previous match; CHECK-NOT must not occur between the previous
    and the next positive match (or the end). Returns a failure message or None."""
    position = 0          # Where the next search starts (just after the previous match).
    previous_match = None  # Offset of the previous positive match, for CHECK-NEXT.
    pending_not = []

    def check_nots(end):
        for check in pending_not:
            found = output.find(check.text, position, end)
            if found >= 0:
                return (f"{check.describe(path)}\n  excluded text found in the {what} at line "
                        f"{line_number(output, found)}:\n{excerpt(output, found)}")
        pending_not.clear()
        return None

    for check in checks:
        if check.kind == "CHECK-NOT":
            pending_not.append(check)
            continue
        if check.kind == "CHECK-NEXT":
            if previous_match is None:
                return f"{check.describe(path)}\n  CHECK-NEXT needs a CHECK before it"
            next_line = output.find("\n", previous_match)
            if next_line < 0:
                return (f"{check.describe(path)}\n  expected on the line after the previous "
                        f"match, but the {what} ends there:\n{excerpt(output, previous_match)}")
            start = next_line + 1
            end = output.find("\n", start)
            end = len(output) if end < 0 else end
            found = output.find(check.text, max(start, position), end)
            if found < 0:
                return (f"{check.describe(path)}\n  not found on the line after the previous "
                        f"match (line {line_number(output, start)}):\n"
                        f"{excerpt(output, previous_match, marker_offset=start)}")
        else:
            found = output.find(check.text, position)
            if found < 0:
                return (f"{check.describe(path)}\n  not found in the {what} after line "
                        f"{line_number(output, position)} (search started at '>'):\n"
                        f"{excerpt(output, position)}")
        failure = check_nots(found)
        if failure:
            return failure
        previous_match = found
        position = found + len(check.text)
    return check_nots(len(output))


def run(server, transcript, verbose):
    command = [server] + transcript.run_args
    try:
        completed = subprocess.run(command, input=transcript.stdin_bytes(), capture_output=True,
                                   timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as timeout:
        partial = (timeout.stdout or b"").decode("utf-8", "replace")
        return (f"{transcript.path}: the server did not exit within {TIMEOUT_SECONDS} s "
                f"({shlex.join(command)}).\nOutput so far:\n{partial[-4000:]}")
    except OSError as error:
        return f"cannot run {shlex.join(command)}: {error}"

    if transcript.mode == "content-length":
        output = deframe(completed.stdout)
    else:
        output = completed.stdout.decode("utf-8", "replace")
    stderr = completed.stderr.decode("utf-8", "replace")
    if verbose:
        print(f"$ {shlex.join(command)} < {transcript.path}\n--- output ---\n{output}"
              f"--- stderr ---\n{stderr}--- exit code {completed.returncode} ---")

    failures = []
    failure = match_checks(transcript.checks, output, transcript.path)
    if failure:
        failures.append(failure)
    failure = match_checks(transcript.stderr_checks, stderr, transcript.path, "stderr")
    if failure:
        failures.append(failure)
    if completed.returncode != transcript.exit_code:
        failures.append(f"{transcript.path}: exit code {completed.returncode}, expected "
                        f"{transcript.exit_code} (set with '# EXIT: N')")
    if not failures:
        return None
    tail = "\n".join(stderr.splitlines()[-15:])
    return ("\n\n".join(failures) + f"\n\ncommand: {shlex.join(command)} < {transcript.path}" +
            (f"\nstderr (last lines):\n{tail}" if tail else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print the whole output and stderr")
    parser.add_argument("server", help="the session-lsp binary")
    parser.add_argument("test", help="a .test transcript")
    arguments = parser.parse_args()
    try:
        transcript = Transcript(arguments.test)
    except (TestError, OSError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not transcript.checks and not transcript.stderr_checks:
        print(f"error: {arguments.test} has no CHECK lines", file=sys.stderr)
        return 2
    failure = run(arguments.server, transcript, arguments.verbose)
    if failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    print(f"PASS: {arguments.test}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
