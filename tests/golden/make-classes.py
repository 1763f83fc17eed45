#!/usr/bin/env python3
"""Scapy 2.8.0's name for each layer class in pcapsh's registry, and its module.

    pip install scapy==2.8.0 && python3 tests/golden/make-classes.py

Reads the class names from the Layers table of docs/reference.md (made from the
registry) and writes tests/golden/classes.tsv: class, display name, module, as Scapy has
them. tests/suite/layers.rs checks the registry against it.
"""
import importlib
import os
import re

import scapy
from scapy.all import conf  # noqa: F401  (loads the default layers)

assert scapy.VERSION == "2.8.0", scapy.VERSION
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
ref = open(os.path.join(root, "docs", "reference.md")).read()
table = ref.split("## Layers", 1)[1]
rows = re.findall(r"^\| `([^`]+)` \| .* \| `([^`]+)` \|$", table, re.M)
out = []
for name, module in rows:
    cls = getattr(importlib.import_module(module), name)
    made = cls()
    # A class whose dispatch hook makes another class from no bytes keeps its own name.
    display = made.name if made.__class__ is cls else cls._name
    out.append("%s\t%s\t%s" % (name, display, cls.__module__))
with open(os.path.join(here, "classes.tsv"), "w") as f:
    f.write("\n".join(out) + "\n")
