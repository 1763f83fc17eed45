#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into DIR/capture, DIR/dissect, DIR/parse
and DIR/lang: the repository's sample captures, its Scapy scripts and every example of
the command table (docs/reference.md). In the language seeds a capture loaded from a
file becomes `a`, the capture the sandboxed target has already loaded.

    python3 fuzz/seeds.py /tmp/corpus
"""
import os
import re
import shutil
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1]
for target in ("capture", "dissect", "parse", "lang"):
    os.makedirs(os.path.join(out, target), exist_ok=True)

samples = os.path.join(root, "samples")
for name in sorted(os.listdir(samples)):
    if name.endswith((".pcap", ".pcapng", ".gz")):
        shutil.copy(os.path.join(samples, name), os.path.join(out, "capture", name))

loads = re.compile(r"(rdpcap|PcapReader|sniff)\([^()]*\)|sys\.argv\[1\]")


def seed(name, text):
    text = loads.sub("a", text)
    for target in ("parse", "lang"):
        with open(os.path.join(out, target, name), "w") as f:
            f.write(text)


scripts = os.path.join(root, "tests", "scripts")
for name in sorted(os.listdir(scripts)):
    if name.endswith(".py"):
        with open(os.path.join(scripts, name)) as f:
            seed(name, f.read())

# Each row of the reference: | `signature` | what it does | `example` |, run after the
# names the examples take for granted (as tests/suite/lang.rs sets them up).
setup = """s = a.sessions()
c = a.conversations().sort('bytes')
k = list(s.keys())[0]
v = c[0]
p = a[3]
x = p
n = 7
d = {'a': 1}
e = {'b': 2}
counts = {}
out = [3, 1, 2]
text = 'one\\ntwo'
"""
with open(os.path.join(root, "docs", "reference.md")) as f:
    reference = f.read().splitlines()
builtin_types = ("int", "bytes", "dict")
for line in reference:
    m = re.match(r"## Module `([\w.]+)`", line)
    top = m and m.group(1).split(".")[0]
    if top and top not in builtin_types and ("import %s\n" % top) not in setup:
        setup += "import %s\n" % top
n = 0
for line in reference:
    cells = line.split(" | ")
    if line.startswith("| `") and len(cells) >= 3 and cells[-1].startswith("`"):
        example = cells[-1].rstrip(" |").strip("`").replace("\\|", "|")
        seed("example-%04d.py" % n, setup + example + "\n")
        n += 1
print("seeds in %s: %d scripts, %d examples" % (out, len(os.listdir(os.path.join(out, "lang"))) - n, n))
