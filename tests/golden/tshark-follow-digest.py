#!/usr/bin/env python3
"""Reads `tshark -q -z follow,tcp,raw,N ...` output on stdin and prints one line per
stream: "N NODE0 NODE1 LEN0 SHA0 LEN1 SHA1 GAPS0 GAPS1": the bytes each node sent as
tshark delivers them, its "[n bytes missing in capture file]" markers taken out (GAPS
counts them). Used by make-tshark.sh; the tests compare pcapsh's payload() with it."""
import hashlib
import re
import sys

MARK = re.compile(rb"\[\d+ bytes missing in capture file\]\x00")
streams = []
cur = None
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("Filter: tcp.stream eq "):
        cur = {"n": int(line.split()[-1]), "nodes": ["", ""], "data": [b"", b""]}
    elif cur is None:
        continue
    elif line.startswith("Node 0: ") or line.startswith("Node 1: "):
        cur["nodes"][int(line[5])] = line[8:].replace("[", "").replace("]", "")
    elif line.startswith("====="):
        streams.append(cur)
        cur = None
    elif line.startswith("\t"):
        cur["data"][1] += bytes.fromhex(line[1:])
    elif line and not line.startswith("Follow:"):
        cur["data"][0] += bytes.fromhex(line)
for s in sorted(streams, key=lambda s: s["n"]):
    out = [str(s["n"]), s["nodes"][0], s["nodes"][1]]
    gaps = []
    for d in s["data"]:
        clean = MARK.sub(b"", d)
        out += [str(len(clean)), hashlib.sha256(clean).hexdigest()]
        gaps.append(str(len(MARK.findall(d))))
    print(" ".join(out + gaps))
