#!/usr/bin/env python3
"""Cold index time of session-lsp, from the server's own log line (no progress capability, so
nothing but the index runs): cold_index.py SERVER WORKSPACE. Prints the server's elapsed time,
the wall time seen here, and the server's CPU time (from /proc) at the end of indexing."""
import pathlib
import sys
import time

from lsp_client import Server


def main():
    server, workspace = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    start = time.time()
    process = Server([server])
    process.initialize(workspace)
    message = process.wait_for(lambda m: m.get("method") == "window/logMessage" and
                               "indexed" in m["params"]["message"])
    wall_ms = (time.time() - start) * 1000
    fields = open(f"/proc/{process.process.pid}/stat").read().rsplit(")", 1)[1].split()
    print(message["params"]["message"], "wall %.0f ms" % wall_ms)
    print("cpu user %.2f s sys %.2f s" % (int(fields[11]) / 100, int(fields[12]) / 100))
    process.stop()


if __name__ == "__main__":
    main()
