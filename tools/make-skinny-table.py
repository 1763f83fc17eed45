#!/usr/bin/env python3
"""Writes src/dissect/layers/skinny_table.rs: Scapy 2.8.0's names of Skinny messages.

    pip install scapy==2.8.0 && python3 tools/make-skinny-table.py
"""
import os

import scapy
from scapy.layers.skinny import skinny_messages

assert scapy.VERSION == "2.8.0", scapy.VERSION
out = [
    "//! Skinny (SCCP) message names, as Scapy 2.8.0's `scapy.layers.skinny` has them:",
    "//! written by tools/make-skinny-table.py.",
    "",
    "#[rustfmt::skip]",
    "pub const MESSAGES: &[(i64, &str)] = &[",
]
for k in sorted(skinny_messages):
    out.append('    (%#06x, "%s"),' % (k, skinny_messages[k]))
out.append("];")
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "src", "dissect", "layers", "skinny_table.rs"), "w") as f:
    f.write("\n".join(out) + "\n")
