#!/usr/bin/env python3
"""Cold index time of session-lsp, from the server's own log line (no progress capability, so
nothing but the index runs): cold_index.py SERVER WORKSPACE. Prints the server's elapsed time,
the wall time seen here, and the server's CPU time (from /proc) at the end of indexing."""
import json, subprocess, sys, time, os
srv, ws = sys.argv[1], sys.argv[2]
p = subprocess.Popen([srv], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def send(m):
    b = json.dumps(m).encode(); p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
def read():
    h = b""
    while not h.endswith(b"\r\n\r\n"):
        h += p.stdout.read(1)
    n = int([l for l in h.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
    return json.loads(p.stdout.read(n))
t0 = time.time()
send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":"file://"+ws,"capabilities":{}}})
while True:
    m = read()
    if m.get("id") == 1: break
send({"jsonrpc":"2.0","method":"initialized","params":{}})
while True:
    m = read()
    if m.get("method") == "window/logMessage" and "indexed" in m["params"]["message"]:
        print(m["params"]["message"], "wall %.0f ms" % ((time.time()-t0)*1000)); break
st = open(f"/proc/{p.pid}/stat").read().split(")")[1].split()
print("cpu user %.2f s sys %.2f s" % (int(st[11])/100, int(st[12])/100))
send({"jsonrpc":"2.0","id":99,"method":"shutdown"})
while True:
    m = read()
    if m.get("id") == 99: break
send({"jsonrpc":"2.0","method":"exit"})
p.wait()
