#!/usr/bin/env python3
"""Records which packets tcpdump's filters select, for tests/suite/bpf.rs:
    python3 tests/golden/bpf/make.py      (needs tcpdump)
For each capture tcpdump can read (samples/ and ../shared/captures) and each expression in
exprs.txt: `tcpdump -r CAPTURE -w OUT EXPR`, and the indices of the records it wrote
(matched in order against the capture's own records), or ERROR when tcpdump refuses the
expression for that link type. Writes selections.tsv: capture, expression, indices."""
import gzip, os, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def records(path):
    """The (caplen-bytes) record bodies of a pcap file, in order."""
    d = open(path, "rb").read()
    if d[:2] == b"\x1f\x8b":
        d = gzip.decompress(d)
    if d[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif d[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return None
    out, i = [], 24
    while i + 16 <= len(d):
        n = struct.unpack(e + "I", d[i + 8:i + 12])[0]
        if i + 16 + n > len(d):
            break
        out.append(d[i + 16:i + 16 + n])
        i += 16 + n
    return out


def main():
    exprs = [l.strip() for l in open(os.path.join(HERE, "exprs.txt")) if l.strip() and not l.startswith("#")]
    caps = sorted(os.path.join(ROOT, "samples", f) for f in os.listdir(os.path.join(ROOT, "samples")) if ".pcap" in f)
    shared = os.path.join(ROOT, "..", "shared", "captures")
    if os.path.isdir(shared):
        caps += sorted(os.path.join(shared, f) for f in os.listdir(shared) if ".pcap" in f)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for cap in caps:
            src = cap
            if cap.endswith(".gz"):  # tcpdump reads no gzip: filter a decompressed copy
                src = os.path.join(tmp, "unzipped" + os.path.splitext(cap[:-3])[1])
                with open(src, "wb") as f:
                    try:
                        f.write(gzip.decompress(open(cap, "rb").read()))
                    except Exception:
                        continue
            mine = records(src)
            if mine is None:  # pcapng: tcpdump -w writes pcap; compare through a pcap copy
                conv = os.path.join(tmp, "in.pcap")
                r = subprocess.run(["tcpdump", "-r", src, "-w", conv], capture_output=True)
                if r.returncode != 0:
                    continue
                mine = records(conv)
            for e in exprs:
                out = os.path.join(tmp, "out.pcap")
                r = subprocess.run(["tcpdump", "-r", src, "-w", out, e], capture_output=True, text=True)
                if r.returncode != 0:
                    rows.append((cap, e, "ERROR"))
                    continue
                sel, j = [], 0
                for rec in records(out):
                    while j < len(mine) and mine[j] != rec:
                        j += 1
                    sel.append(str(j))
                    j += 1
                rows.append((cap, e, ",".join(sel)))
    with open(os.path.join(HERE, "selections.tsv"), "w") as f:
        for cap, e, sel in rows:
            rel = os.path.relpath(cap, ROOT)
            f.write(f"{rel}\t{e}\t{sel}\n")


main()
