#!/usr/bin/env python3
"""Writes src/dissect/layers/isakmp_tables.rs from Scapy 2.8.0's ISAKMP registries.

    pip install scapy==2.8.0 && python3 tools/make-isakmp-tables.py
"""
import os

import scapy
from scapy.layers import isakmp as k

assert scapy.VERSION == "2.8.0", scapy.VERSION
out = []


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def tab(name, d, doc):
    out.append("/// %s" % doc)
    out.append("#[rustfmt::skip]")
    out.append("pub const %s: &[(i64, &str)] = &[" % name)
    for n in sorted(d):
        out.append('    (%d, "%s"),' % (n, esc(d[n])))
    out.append("];\n")


def attrs(name, table, doc):
    out.append("/// %s: type, name, names of its values." % doc)
    out.append("#[rustfmt::skip]")
    out.append("pub const %s: &[Attr] = &[" % name)
    for n in sorted(table):
        tname, values, _tlv = table[n]
        vals = ", ".join('(%d, "%s")' % (v, esc(values[v])) for v in sorted(values))
        out.append('    (%d, "%s", &[%s]),' % (n, esc(tname), vals))
    out.append("];\n")


out.append("//! ISAKMP's names for numbers, as Scapy 2.8.0's `scapy.layers.isakmp` has them:")
out.append("//! written by tools/make-isakmp-tables.py.\n")
out.append("/// A transform attribute: its type, its name, the names of its values.")
out.append("pub type Attr = (i64, &'static str, &'static [(i64, &'static str)]);\n")
tab("PAYLOADS", k.ISAKMP_payload_type, "Payload types (`next_payload`).")
tab("EXCHANGES", k.ISAKMP_exchange_type, "Exchange types.")
tab("PROTOS", k.ISAKMP_protos, "Security protocol identifiers.")
tab("NOTIFY", k.NotifyMessageType, "Notify message types.")
attrs("ISAKMP_ATTRS", k.ISAKMPTransformNum, "Transform attributes of an ISAKMP proposal")
attrs("IPSEC_ATTRS", k.IPSECTransformNum, "Transform attributes of an IPsec ESP proposal")
out.append("/// Vendor IDs Scapy names.")
out.append("#[rustfmt::skip]")
out.append("pub const VENDOR_IDS: &[(&[u8], &str)] = &[")
for v, name in k.ISAKMP_VENDOR_IDS.items():
    out.append('    (b"%s", "%s"),' % ("".join("\\x%02x" % c for c in v), esc(name)))
out.append("];")
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "src", "dissect", "layers", "isakmp_tables.rs"), "w") as f:
    f.write("\n".join(out) + "\n")
