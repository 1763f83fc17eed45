#!/usr/bin/env python3
"""Writes src/dissect/layers/radius_tables.rs from Scapy 2.8.0's RADIUS registries.

    pip install scapy==2.8.0 && python3 tools/make-radius-tables.py
"""
import os

import scapy
from scapy.layers import radius as r
from scapy.layers.radius import RadiusAttribute

assert scapy.VERSION == "2.8.0", scapy.VERSION
out = []


def tab(name, d, doc):
    out.append("/// %s" % doc)
    out.append("#[rustfmt::skip]")
    out.append("pub const %s: &[(i64, &str)] = &[" % name)
    for k in sorted(d):
        out.append('    (%d, "%s"),' % (k, d[k].replace("\\", "\\\\").replace('"', '\\"')))
    out.append("];\n")


out.append("//! RADIUS's names for numbers, and its attribute classes, as Scapy 2.8.0's")
out.append("//! `scapy.layers.radius` has them: written by tools/make-radius-tables.py.\n")
out.append("use super::radius::{Kind, MODULE};")
out.append("use super::Class;\n")
tab("CODES", r._packet_codes, "Packet codes.")
tab("ATTRIBUTES", r._radius_attribute_types, "Attribute types.")
out.append("/// The names of enumerated values, by attribute type.")
out.append("#[rustfmt::skip]")
out.append("pub const VALUES: &[(u8, &[(i64, &str)])] = &[")
for t in sorted(r._radius_attrs_values):
    d = r._radius_attrs_values[t]
    out.append("    (%d, &[%s])," % (t, ", ".join('(%d, "%s")' % (k, d[k]) for k in sorted(d))))
out.append("];\n")
tab("MICROSOFT", r._radius_vendor_types[311], "Microsoft's vendor types (vendor 311, RFC 2548).")
kinds = {
    "_SpecificRadiusAttr": "Str",
    "_RadiusAttrIntValue": "Int",
    "_RadiusAttrHexStringVal": "Hex",
    "_RadiusAttrIPv4AddrVal": "Ip",
    "_RadiusAttrIntEnumVal": "Enum",
}
special = {
    "RadiusAttr_Message_Authenticator": "Auth",
    "RadiusAttr_EAP_Message": "Eap",
    "RadiusAttr_Vendor_Specific": "Vendor",
}
out.append("/// The attribute classes Scapy dispatches to by type: type, class, display name")
out.append("/// (its instances' `name`), how its value is read.")
out.append("#[rustfmt::skip]")
out.append("pub const KINDS: &[(u8, &str, &str, Kind)] = &[")
regs = sorted((t, c) for t, c in RadiusAttribute.registered_attributes.items() if isinstance(t, int))
for t, c in regs:
    k = special.get(c.__name__) or kinds[c.__mro__[1].__name__]
    out.append('    (%d, "%s", "%s", Kind::%s),' % (t, c.__name__, c().name, k))
out.append("];\n")
out.append("/// Every class of the module, for the registry (`Radius`'s `Ops`).")
out.append("#[rustfmt::skip]")
out.append("pub static CLASSES: &[Class] = &[")
out.append('    Class::new("Radius", "RADIUS", MODULE),')
out.append('    Class::new("RadiusAttribute", "Radius Attribute", MODULE),')
for t, c in regs:
    out.append('    Class::new("%s", "%s", MODULE).under("RadiusAttribute"),' % (c.__name__, c().name))
for v in sorted(r._RadiusAttrVendorValue.registered_vendor_value[311].values(), key=lambda c: c.__name__):
    out.append('    Class::new("%s", "%s", MODULE),' % (v.__name__, v().name))
out.append("];")
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "src", "dissect", "layers", "radius_tables.rs")
with open(path, "w") as f:
    f.write("\n".join(out) + "\n")
