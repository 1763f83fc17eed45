#!/usr/bin/env python3
"""Scapy 2.8.0's show() of the first packets of every capture, as hashes.

    pip install scapy==2.8.0 && python3 tests/golden/make-show.py

Writes tests/golden/show/NAME.fnv: one line per packet (the first 200 of each capture in
samples/ and ../shared/captures), the 64-bit FNV-1a hash of the text p.show() prints, in
hexadecimal. tests/suite/layers.rs hashes pcapsh's show() the same way. Hashes keep the
golden small; `python3 tests/golden/make-show.py --text CAPTURE` prints Scapy's text of
one capture to compare by eye.
"""
import contextlib
import glob
import io
import os
import sys

import scapy
from scapy.all import conf, rdpcap

assert scapy.VERSION == "2.8.0", scapy.VERSION
conf.verb = 0
FIRST = 200
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def fnv(text):
    h = 0xCBF29CE484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def shows(path):
    for p in rdpcap(path, count=FIRST):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            p.show()
        yield buf.getvalue()


if len(sys.argv) == 3 and sys.argv[1] == "--text":
    for s in shows(sys.argv[2]):
        print(s)
    sys.exit(0)

out = os.path.join(here, "show")
os.makedirs(out, exist_ok=True)
captures = sorted(glob.glob(os.path.join(root, "samples", "*.pcap*")))
captures += sorted(glob.glob(os.path.join(root, "..", "shared", "captures", "*.pcap*")))
for path in captures:
    try:
        lines = [fnv(s) for s in shows(path)]
    except Exception as e:  # Scapy refuses some damaged files; pcapsh's tests cover those
        print("skipped", os.path.basename(path), e, file=sys.stderr)
        continue
    with open(os.path.join(out, os.path.basename(path) + ".fnv"), "w") as f:
        f.write("\n".join(lines) + "\n")
