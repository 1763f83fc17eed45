#!/usr/bin/env python3
"""Writes src/dissect/layers/{kerberos,ldap}_schema.rs: the ASN.1 packet classes of
Scapy 2.8.0's `scapy.layers.kerberos` and `scapy.layers.ldap` as tables that
src/dissect/layers/asn1.rs walks (the way Scapy's asn1fields walk ASN1_root).

    pip install scapy==2.8.0 && python3 tools/make-asn1-schema.py

Each class is a root node; each node one ASN1F field: its name, kind, implicit and
explicit tags and whether it is optional. Classes Scapy writes as ordinary packets
(not ASN.1) and the X.509 classes that PKINIT holds are `opaque`: their value is read
as one BER value of any type.
"""
import os

import scapy
import scapy.asn1fields as F
from scapy.all import conf  # noqa: F401  (loads every default layer, as Scapy's shell)
from scapy.asn1.asn1 import ASN1_Codecs
import scapy.asn1.ber as B
import scapy.layers.kerberos as K
import scapy.layers.ldap as L

assert scapy.VERSION == "2.8.0", scapy.VERSION

# Fields whose m2i turns the string into a packet by another field's value.
HOOKS = {
    "_PADATA_value_Field": "Padata",
    "_AuthorizationData_value_Field": "AuthData",
    "_KRBERROR_data_Field": "KrbErrorData",
    "_KrbFastArmor_value_Field": "FastArmor",
    "_Error_Field": "ErrorData",
    "_ControlValue_Field": "Control",
    "_SaslCredentialsField": "Sasl",
    "_SPNEGO_Token_Field": "SpnegoToken",
    # These hand the bytes to classes that are not ASN.1: kept as the string
    # (docs/compat.md).
    "_Checksum_Field": "Plain",
    "_KerbAdRestrictionEntry_Field": "Plain",
}

# ASN1F_STRING_ENCAPS of a class with a dispatch_hook.
ENCAPS_HOOKS = {"GSSAPI_BLOB_SIGNATURE": "MechListMic"}

# Classes that are not ASN.1 in Scapy, which Rust functions dissect.
NATIVE = {
    "KRB_InnerToken": "super::gssapi::krb_inner_token",
    "NTLM_Header": "super::gssapi::ntlm",
    "NTLMSSP_MESSAGE_SIGNATURE": "super::gssapi::ntlm_signature",
}


def codec_kind(tag):
    codec = tag.get_codec(ASN1_Codecs.BER)
    for base, kind in [
        (B.BERcodec_BIT_STRING, "Bits"),
        (B.BERcodec_OID, "Oid"),
        (B.BERcodec_IPADDRESS, "Ip"),
        (B.BERcodec_INTEGER, "Int"),
        (B.BERcodec_STRING, "Str"),
    ]:
        if issubclass(codec, base):
            return kind
    raise ValueError(tag)


def obj_name(tag):
    o = tag.asn1_object
    try:
        v = o(0)
    except Exception:
        v = o(b"")
    return v.__dict__.get("name", type(v).__name__)


def opt_tag(t):
    return "None" if t is None else "Some(%#x)" % int(t)


class Schema:
    def __init__(self):
        self.nodes = []
        self.alts = []
        self.classes = []
        self.cls_index = {}
        self.enums = {}
        self.flags = {}
        self.pending = []

    def cls(self, c):
        if not isinstance(c, type):
            c = type(c())  # a lambda that makes the class (LDAP's filters)
        if c not in self.cls_index:
            self.cls_index[c] = len(self.classes)
            self.classes.append(None)
            self.pending.append(c)
        return self.cls_index[c]

    def enum(self, d):
        key = tuple(sorted((int(k), v) for k, v in d.items()))
        if key not in self.enums:
            self.enums[key] = "E%d" % len(self.enums)
        return self.enums[key]

    def flag(self, names):
        key = tuple(names)
        if key not in self.flags:
            self.flags[key] = "F%d" % len(self.flags)
        return self.flags[key]

    def slot(self):
        self.nodes.append(None)
        return len(self.nodes) - 1

    def node(self, f, at=None, name=None):
        """Writes field f's node at index `at` (a new one if None); returns it."""
        if at is None:
            at = self.slot()
        opt = False
        if isinstance(f, F.ASN1F_optional):
            opt = True
            f = f._field
        kind = self.kind(f)
        imp = getattr(f, "implicit_tag", None)
        exp = getattr(f, "explicit_tag", None)
        n = name if name is not None else getattr(f, "name", "")
        self.nodes[at] = '    N { name: "%s", kind: %s, imp: %s, exp: %s, opt: %s },' % (
            n, kind, opt_tag(imp), opt_tag(exp), "true" if opt else "false")
        return at

    def kind(self, f):
        tag = int(f.ASN1_tag)
        if isinstance(f, F.ASN1F_SEQUENCE):
            first = len(self.nodes)
            slots = [self.slot() for _ in f.seq]
            for s, x in zip(slots, f.seq):
                self.node(x, at=s)
            return "K::Seq(%#x, %d, %d)" % (tag, first, len(f.seq))
        if isinstance(f, F.ASN1F_SEQUENCE_OF):
            if f.holds_packets:
                return "K::SeqOfCls(%#x, %d)" % (tag, self.cls(f.cls))
            return "K::SeqOf(%#x, %d)" % (tag, self.node(f.fld))
        if isinstance(f, F.ASN1F_CHOICE):
            items = sorted(f.choices.items())
            first = len(self.alts)
            self.alts.extend([None] * len(items))
            for i, (t, v) in enumerate(items):
                if hasattr(v, "ASN1_root"):
                    what = "A::Cls(%d)" % self.cls(v)
                elif isinstance(v, type):
                    what = "A::Node(%d)" % self.node(v(f.name, b""))
                else:
                    what = "A::Node(%d)" % self.node(v, name=f.name)
                self.alts[first + i] = "    (%#x, %s)," % (int(t), what)
            return "K::Choice(%d, %d)" % (first, len(items))
        if isinstance(f, F.ASN1F_PACKET):
            if f.cls is None and f.name == "innerToken":
                # GSSAPI_BLOB: the class the MechType OID names (`_GSSAPI_OIDS`).
                return "K::PacketHook(H::GssMech)"
            c = f.cls if f.cls is not None else f.next_cls_cb(None)
            return "K::Packet(%d)" % self.cls(c)
        if type(f).__name__ in HOOKS:
            hook = HOOKS[type(f).__name__]
            return 'K::Hook(%#x, H::%s, "%s")' % (tag, hook, obj_name(f.ASN1_tag))
        if isinstance(f, F.ASN1F_STRING_ENCAPS):
            if f.cls.__name__ in ENCAPS_HOOKS:
                hook = ENCAPS_HOOKS[f.cls.__name__]
                return 'K::Hook(%#x, H::%s, "%s")' % (tag, hook, obj_name(f.ASN1_tag))
            return "K::Encaps(%#x, %d)" % (tag, self.cls(f.cls))
        if isinstance(f, F.ASN1F_FLAGS):
            return "K::Flags(%s)" % self.flag(f.mapping)
        if isinstance(f, F.ASN1F_STRING_PacketField):
            hook = HOOKS.get(type(f).__name__, "Plain")
            return 'K::Hook(%#x, H::%s, "%s")' % (tag, hook, obj_name(f.ASN1_tag))
        if isinstance(f, F.ASN1F_enum_INTEGER):
            return 'K::Enum(%#x, "%s", %s)' % (tag, obj_name(f.ASN1_tag), self.enum(f.i2s))
        if type(f) is F.ASN1F_field or tag == 0:
            return "K::Any"
        return 'K::Prim(%#x, C::%s, "%s")' % (tag, codec_kind(f.ASN1_tag), obj_name(f.ASN1_tag))

    def run(self, roots):
        for r in roots:
            self.cls(r)
        while self.pending:
            c = self.pending.pop(0)
            i = self.cls_index[c]
            module = c.__module__
            name = c.__name__
            try:
                display = c().name
            except Exception:
                display = name
            head = '    Cls { name: "%s", display: "%s", module: "%s", ' % (name, display, module)
            if name in NATIVE:
                self.classes[i] = head + "root: None, native: Some(%s) }," % NATIVE[name]
                continue
            if not hasattr(c, "ASN1_root") or module == "scapy.layers.x509":
                self.classes[i] = head + "root: None, native: None },"
                continue
            root = self.node(c.ASN1_root)
            self.classes[i] = head + "root: Some(%d), native: None }," % root

    def write(self, path, module, consts, extra=()):
        self.run([])
        out = [
            "//! The ASN.1 classes of Scapy 2.8.0's `%s`, for asn1.rs: written by" % module,
            "//! tools/make-asn1-schema.py.",
            "",
            "use super::asn1::{Alt as A, Cls, Codec as C, Kind as K, Node as N, Schema};",
            "use super::Class;",
            "#[allow(unused_imports)]",
            "use super::asn1::Hook as H;",
            "",
        ]
        for name, idx in consts:
            out.append("pub const %s: u16 = %d;" % (name, idx))
        out += [
            "",
            "#[rustfmt::skip]",
            "pub static SCHEMA: Schema = Schema {",
            '    module: "%s",' % module,
            "    nodes: NODES,",
            "    alts: ALTS,",
            "    classes: CLASSES,",
            "};",
            "",
            "#[rustfmt::skip]",
            "static NODES: &[N] = &[",
        ] + self.nodes + ["];", "", "#[rustfmt::skip]", "static ALTS: &[(u64, A)] = &["]
        out += self.alts + ["];", "", "#[rustfmt::skip]", "static CLASSES: &[Cls] = &["]
        out += self.classes + ["];", ""]
        names = [c.split('"')[1:6:2] for c in self.classes] + [(n, n, module) for n in extra]
        out += [
            "/// The classes as layers know them (`p[KRB_AS_REQ]`, `ls(PADATA)`), then the",
            "/// layer's own that are not ASN.1.",
            "#[rustfmt::skip]",
            "pub static LAYER_CLASSES: &[Class] = &[",
        ] + ['    Class::new("%s", "%s", "%s"),' % tuple(n) for n in names] + ["];", ""]
        for key, name in self.enums.items():
            items = ", ".join('(%d, "%s")' % (k, v.replace('"', '\\"')) for k, v in key)
            out.append("#[rustfmt::skip]")
            out.append("static %s: &[(i64, &str)] = &[%s];" % (name, items))
        for key, name in self.flags.items():
            out.append("#[rustfmt::skip]")
            out.append("static %s: &[&str] = &[%s];" % (name, ", ".join('"%s"' % k for k in key)))
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")


here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "dissect", "layers")

k = Schema()
extra = [K.MethodData, K.KERB_ERROR_DATA, K.KERB_ERROR_UNK, K.KRB_TGT_REP]
padata = []
for t, v in sorted(K._PADATA_CLASSES.items()):
    req, rep = v if isinstance(v, tuple) else (v, v)
    padata.append((t, req, rep))
    extra += [req, rep]
authdata = sorted(K._AUTHORIZATIONDATA_VALUES.items())
extra += [c for _, c in authdata]
import scapy.layers.gssapi as G
import scapy.layers.spnego as S
from scapy.layers.ntlm import NTLM_Header, NTLMSSP_MESSAGE_SIGNATURE
k.run([K.Kerberos] + extra + [K.KRB_PRIV, G.GSSAPI_BLOB, G.GSSAPI_BLOB_SIGNATURE, S.SPNEGO_negToken,
                              K.KRB_InnerToken, NTLM_Header, NTLMSSP_MESSAGE_SIGNATURE])
consts = [("KERBEROS", k.cls(K.Kerberos))]
for c in [G.GSSAPI_BLOB, G.GSSAPI_BLOB_SIGNATURE, S.SPNEGO_negToken, S.SPNEGO_negTokenInit,
          S.SPNEGO_negTokenResp, K.KRB_InnerToken, K.KRB_AP_REP, K.KRB_TGT_REQ,
          K.KRB_GSSAPI_Token, K.KRB_PRIV]:
    consts.append((c.__name__.upper(), k.cls(c)))
consts.append(("NTLM_HEADER", k.cls(NTLM_Header)))
consts.append(("NTLMSSP_MESSAGE_SIGNATURE", k.cls(NTLMSSP_MESSAGE_SIGNATURE)))
for c in [K.MethodData, K.KERB_ERROR_DATA, K.KERB_ERROR_UNK, K.KRB_TGT_REP, K.KRB_AP_REQ,
          K.KRB_AS_REP, K.KRB_TGS_REP, K.KRB_ERROR]:
    consts.append((c.__name__.upper(), k.cls(c)))
k.run([])
consts.append(("KERBEROS_TCP_HEADER", len(k.classes)))
consts.append(("KPASSWD_REQ", len(k.classes) + 1))
consts.append(("KPASSWD_REP", len(k.classes) + 2))
consts.append(("KPASSWD_TCP_HEADER", len(k.classes) + 3))
k.write(os.path.join(here, "kerberos_schema.rs"), "scapy.layers.kerberos", consts,
        extra=["KerberosTCPHeader", "KPASSWD_REQ", "KPASSWD_REP", "KpasswdTCPHeader"])
with open(os.path.join(here, "kerberos_schema.rs"), "a") as f:
    f.write("\n/// `_PADATA_CLASSES`: padata type, class in a request, class in a reply.\n")
    f.write("#[rustfmt::skip]\npub static PADATA: &[(i64, u16, u16)] = &[%s];\n" % ", ".join(
        "(%d, %d, %d)" % (t, k.cls(a), k.cls(b)) for t, a, b in padata))
    f.write("\n/// `_AUTHORIZATIONDATA_VALUES`: ad-type, class.\n")
    f.write("#[rustfmt::skip]\npub static AUTHDATA: &[(i64, u16)] = &[%s];\n" % ", ".join(
        "(%d, %d)" % (t, k.cls(c)) for t, c in authdata))

ld = Schema()
controls = sorted(L._LDAP_CONTROLS.items())
ld.run([L.LDAP, L.CLDAP] + [c for _, c in controls])
ld.write(os.path.join(here, "ldap_schema.rs"), "scapy.layers.ldap",
         [("LDAP", ld.cls(L.LDAP)), ("CLDAP", ld.cls(L.CLDAP))])
with open(os.path.join(here, "ldap_schema.rs"), "a") as f:
    f.write("\n/// `_LDAP_CONTROLS`: control type, class.\n")
    f.write("#[rustfmt::skip]\npub static CONTROLS: &[(&str, u16)] = &[%s];\n" % ", ".join(
        '("%s", %d)' % (t, ld.cls(c)) for t, c in controls))
