#!/usr/bin/env python3
"""Writes src/dissect/layers/mib_table.rs: the OID names of Scapy 2.8.0's `conf.mib`,
which its ASN1_OID repr shows (`<ASN1_OID['Kerberos 5']>`).

    pip install scapy==2.8.0 && python3 tools/make-mib-table.py
"""
import os

import scapy
from scapy.all import conf

assert scapy.VERSION == "2.8.0", scapy.VERSION
out = [
    "//! The OID names of Scapy 2.8.0's `conf.mib`: written by tools/make-mib-table.py.",
    "",
    "#[rustfmt::skip]",
    "pub const MIB: &[(&str, &str)] = &[",
]
for k in sorted(conf.mib.d, key=lambda k: [int(x) for x in k.split(".")]):
    v = conf.mib.d[k]
    out.append('    ("%s", "%s"),' % (k, v.replace("\\", "\\\\").replace('"', '\\"')))
out.append("];")
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "src", "dissect", "layers", "mib_table.rs"), "w") as f:
    f.write("\n".join(out) + "\n")
