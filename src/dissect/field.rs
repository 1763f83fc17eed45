//! A header field as a script reads it (`p[IP].ttl`) and as Scapy's repr and `show()`
//! print it (`proto=tcp`), with the constructors the layer files use.

use crate::pyfmt::bytes_repr;

/// Which names a flags value's bits have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Tcp,
    Ip,
    /// One name per bit, lowest first, shown joined by `+` (`to_DS+retry`).
    Named(&'static &'static [&'static str]),
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Int(i64),
    /// An unsigned 64-bit field beyond `i64` (a replay counter, a timestamp).
    UInt(u64),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    /// Flags (Scapy's FlagValue): TCP's, IP's, or bits with a name each.
    Flags(u32, FlagKind),
    /// A field Scapy leaves unset (`None`): `show()` prints it, the repr leaves it out.
    None,
    /// A list of plain values (TXT strings, TCP options).
    List(Vec<FieldValue>),
    /// A tuple of plain values (a TCP option: `('MSS', 1460)`).
    Tuple(Vec<FieldValue>),
    /// A list of packets inside the layer (DNS records, SCTP parameters, options).
    Packets(Vec<Nested>),
    /// A packet held in a field (Scapy's PacketField), with its own payload after it
    /// (shown as `Packets`; a script reads the first as the field's value).
    Held(Vec<Nested>),
    /// A list of packets Scapy shows inline, by its own repr (TLS server names).
    Inline(Vec<Nested>),
    /// A dict (HTTP's unknown headers, name to value).
    Map(Vec<(FieldValue, FieldValue)>),
    /// A field made of the fields present (Scapy's `_NTLMPayloadField`, SMB's
    /// `Buffer`), in their declared order, which `show()` lists them in under its name;
    /// each is a field of the layer. The second list is their order in the packet,
    /// which the field's value and repr keep.
    Group(Fields, Vec<usize>),
    /// An ASN.1 object (Scapy's `ASN1_INTEGER`, `ASN1_STRING` ...): scripts read its
    /// `.val`.
    Asn1(Box<crate::dissect::layers::ber::Ber>),
}

/// A packet inside a layer's field, as Scapy's packet-list fields hold them.
#[derive(Clone, Debug, PartialEq)]
pub struct Nested {
    pub class: &'static str,
    pub display: &'static str,
    pub fields: Fields,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub value: FieldValue,
    /// What Scapy's repr shows for it.
    pub show: String,
}

/// A list of fields in Scapy's order.
pub type Fields = Vec<(&'static str, Field)>;

/// The hidden field through which a packet taken from a held field (`prop.trans`) keeps
/// the layers after it, for scripts that read its `payload`. Not shown.
pub const PAYLOAD: &str = "\u{0}payload";

/// Scapy's `show()` of a packet from a field, with the layers after it.
pub fn nested_show(n: &Nested) -> String {
    let mut out = String::new();
    let mut lvl = String::new();
    let mut layer = Some(n);
    let tail = match n.fields.iter().find(|(k, _)| *k == PAYLOAD) {
        Some((
            _,
            Field {
                value: FieldValue::Held(l),
                ..
            },
        )) => l.as_slice(),
        _ => &[],
    };
    let mut rest = tail.iter();
    while let Some(p) = layer {
        out.push_str(&format!("###[ {} ]###\n", p.display));
        show_fields(&mut out, &p.fields, "", &lvl);
        if !NO_SHOW_INDENT.contains(&p.class) {
            lvl.push_str("   ");
        }
        layer = rest.next();
    }
    out
}

/// Scapy's repr of a packet from a field, with the layers after it.
pub fn nested_repr(n: &Nested) -> String {
    let inner = match n.fields.iter().find(|(k, _)| *k == PAYLOAD) {
        Some((
            _,
            Field {
                value: FieldValue::Held(l),
                ..
            },
        )) => l
            .iter()
            .rev()
            .fold(String::new(), |inner, n| repr(n.class, &n.fields, &inner)),
        _ => String::new(),
    };
    repr(n.class, &n.fields, &inner)
}

/// An integer shown in decimal.
pub fn int(v: impl Into<i64>) -> Field {
    let v = v.into();
    Field {
        value: FieldValue::Int(v),
        show: v.to_string(),
    }
}

/// An integer shown in hexadecimal (Scapy's XByteField, XShortField ...).
pub fn hex(v: impl Into<i64>) -> Field {
    let v = v.into();
    Field {
        value: FieldValue::Int(v),
        show: format!("{v:#x}"),
    }
}

/// An integer shown by a name (Scapy's enum fields).
pub fn named(v: impl Into<i64>, name: String) -> Field {
    Field {
        value: FieldValue::Int(v.into()),
        show: name,
    }
}

/// An integer shown by its name in a table, or as a number when the table has none.
pub fn enum_field(v: impl Into<i64> + Copy, table: &[(i64, &str)]) -> Field {
    let n: i64 = v.into();
    match table.iter().find(|(k, _)| *k == n) {
        Some((_, s)) => named(n, s.to_string()),
        None => int(n),
    }
}

/// An unsigned 64-bit integer field (Scapy's LongField), exact at any value.
pub fn uint(v: u64) -> Field {
    Field {
        value: i64::try_from(v).map_or(FieldValue::UInt(v), FieldValue::Int),
        show: v.to_string(),
    }
}

/// Bytes as Scapy's XStrField shows them: lowercase hex, no prefix.
pub fn xstr(b: &[u8]) -> Field {
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}

/// A list field (Scapy's FieldListField): each item's value, shown as `[a, b]` by each
/// item's own text.
pub fn list(items: Vec<Field>) -> Field {
    let show: Vec<&str> = items.iter().map(|f| f.show.as_str()).collect();
    Field {
        show: format!("[{}]", show.join(", ")),
        value: FieldValue::List(items.into_iter().map(|f| f.value).collect()),
    }
}

/// Bytes, shown as Python's bytes repr.
pub fn bytes(b: &[u8]) -> Field {
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: bytes_repr(b),
    }
}

/// A fixed-length string (Scapy's StrFixedLenField): the value is all its bytes, the
/// text Scapy shows leaves out the trailing NULs.
pub fn fixed_str(b: &[u8]) -> Field {
    let end = b.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: bytes_repr(&b[..end]),
    }
}

/// Text (an address, a name).
pub fn text(s: String) -> Field {
    Field {
        show: s.clone(),
        value: FieldValue::Str(s),
    }
}

/// Flags: TCP's (`tcp`) or IP's.
pub fn flags(v: u16, tcp: bool, show: String) -> Field {
    Field {
        value: FieldValue::Flags(v as u32, if tcp { FlagKind::Tcp } else { FlagKind::Ip }),
        show,
    }
}

/// A packet held in a field (Scapy's PacketField), then its payload's packets: shown
/// as its repr, without brackets.
pub fn held(list: Vec<Nested>) -> Field {
    let show = list
        .iter()
        .rev()
        .fold(String::new(), |inner, n| repr(n.class, &n.fields, &inner));
    Field {
        show,
        value: FieldValue::Held(list),
    }
}

/// Flags with one name per bit (Scapy's FlagsField with a list of names).
pub fn flag_set(v: u32, names: &'static &'static [&'static str]) -> Field {
    Field {
        value: FieldValue::Flags(v, FlagKind::Named(names)),
        show: flag_names(v as u64, names),
    }
}

/// Flag names of the set bits, lowest first, joined by `+` (Scapy's multi-letter
/// FlagValue); an empty set is shown as the empty string.
pub fn flag_names(v: u64, names: &[&str]) -> String {
    // Set bits without a name are `?`, as Scapy's FlagValue shows them.
    let set: Vec<&str> = (0..64)
        .filter(|i| v & (1 << i) != 0)
        .map(|i| names.get(i).copied().unwrap_or("?"))
        .collect();
    set.join("+")
}

/// A field left unset.
pub fn none() -> Field {
    Field {
        value: FieldValue::None,
        show: "None".into(),
    }
}

/// A list of packets, shown as Scapy's repr shows the list.
pub fn packets(list: Vec<Nested>) -> Field {
    let items: Vec<String> = list.iter().map(|n| repr(n.class, &n.fields, "")).collect();
    Field {
        show: format!("[{}]", items.join(", ")),
        value: FieldValue::Packets(list),
    }
}

/// Classes whose next item in a packet list is their payload, shown one level deeper:
/// records Scapy reads with the next record as their payload (`default_payload_class`
/// returning their own class), and SMB mailslot messages followed by their padding.
const SELF_PAYLOAD: &[&str] = &[
    "ICMPv6MLDMultAddrRec",
    "PPI_Hdr",
    "BRWS",
    "BRWS_HostAnnouncement",
    "BRWS_LocalMasterAnnouncement",
    "BRWS_BecomeBackup",
    "NETLOGON",
    "NETLOGON_LOGON_QUERY",
    "NETLOGON_SAM_LOGON_REQUEST",
    "NETLOGON_SAM_LOGON_RESPONSE_NT40",
    "NETLOGON_SAM_LOGON_RESPONSE",
    "NETLOGON_SAM_LOGON_RESPONSE_EX",
];

/// Classes with Scapy's `show_indent = 0`: the layer after one inside a held packet is
/// shown at its level, not deeper.
const NO_SHOW_INDENT: &[&str] = &[
    "ICMPExtension_Header",
    "ICMPExtension_Object",
    "ICMPExtension_InterfaceInformation",
    "DNSRR",
    "DNSQR",
    "ISAKMP_payload",
    "ISAKMP_payload_SA",
    "ISAKMP_payload_Proposal",
    "ISAKMP_payload_Transform",
    "ISAKMP_payload_KE",
    "ISAKMP_payload_ID",
    "ISAKMP_payload_Hash",
    "ISAKMP_payload_SIG",
    "ISAKMP_payload_Nonce",
    "ISAKMP_payload_Notify",
    "ISAKMP_payload_Delete",
    "ISAKMP_payload_VendorID",
];

/// The Raw packet a field holds where its class could not read the bytes.
pub fn raw(b: &[u8]) -> Nested {
    Nested {
        class: "Raw",
        display: "Raw",
        fields: vec![("load", bytes(b))],
    }
}

/// A Padding packet of these bytes (what a layer leaves after it, as Scapy keeps it).
pub fn padding(b: &[u8]) -> Nested {
    Nested {
        class: "Padding",
        display: "Padding",
        fields: vec![("load", bytes(b))],
    }
}

/// A field among `fields` by name, also inside a field made of fields (`Group`).
pub fn find(fields: Fields, name: &str) -> Option<Field> {
    for (n, f) in fields {
        if n == name {
            return Some(f);
        }
        if let FieldValue::Group(inner, _) = f.value {
            if let Some(f) = find(inner, name) {
                return Some(f);
            }
        }
    }
    None
}

/// A list Scapy holds as one packet whose payload is the next (records whose class
/// names itself as the payload class): shown one after another, its repr nested
/// `[<A ... |<B ... |>>]`.
pub fn chain(list: Vec<Nested>) -> Field {
    let text = list
        .iter()
        .rev()
        .fold(String::new(), |inner, n| repr(n.class, &n.fields, &inner));
    Field {
        show: if list.is_empty() {
            "[]".into()
        } else {
            format!("[{text}]")
        },
        value: FieldValue::Packets(list),
    }
}

/// Scapy's repr of one layer, `<IP  version=4 ... |PAYLOAD>`: unset fields and empty
/// lists are left out.
pub fn repr(class: &str, fields: &Fields, payload: &str) -> String {
    let shown: Vec<String> = fields
        .iter()
        .filter(|(n, f)| match &f.value {
            _ if *n == PAYLOAD => false,
            FieldValue::None => false,
            FieldValue::Packets(l) | FieldValue::Held(l) => !l.is_empty(),
            FieldValue::List(l) => !l.is_empty(),
            _ => f.show != "[]",
        })
        .map(|(n, f)| format!("{n}={}", f.show))
        .collect();
    // Scapy writes " name=value" per field between "<Class " and " |".
    let shown: String = shown.iter().map(|f| format!(" {f}")).collect();
    format!("<{class} {shown} |{payload}>")
}

/// Scapy's `show()` of one layer's fields, each line starting with `label` and `lvl`
/// (Scapy's two indents: the one nested lists add, the one each layer adds). Returns
/// how many levels deeper its groups left the indent, which Scapy keeps for the layers
/// after it.
pub fn show_fields(out: &mut String, fields: &Fields, label: &str, lvl: &str) -> usize {
    let mut lvl = lvl.to_string();
    let mut groups = 0;
    for (n, f) in fields {
        if *n == PAYLOAD {
            continue;
        }
        if let FieldValue::Group(inner, _) = &f.value {
            // Scapy names the group, then shows its fields, and all after it, deeper.
            out.push_str(&format!("{label}{lvl}  {n} =\n"));
            lvl.push_str("   ");
            groups += 1;
            groups += show_fields(out, inner, label, &lvl);
        } else if let FieldValue::Packets(list) | FieldValue::Held(list) = &f.value {
            // A held packet's later items are its payload's layers, each shown deeper.
            let chained = matches!(f.value, FieldValue::Held(_));
            out.push_str(&format!("{label}{lvl}  \\{n:<10}\\\n"));
            let inner = format!("{label}{lvl}   |");
            // Records whose payload is the next record (see `chain`) are shown as
            // layers of one packet: each one indented further.
            let mut deeper = String::new();
            for p in list {
                // Scapy's "pretty" TLS extensions (a name list shown inline) write a
                // space after their header.
                let pretty = p
                    .fields
                    .iter()
                    .any(|(_, f)| matches!(f.value, FieldValue::Inline(_)));
                let sp = if pretty { " " } else { "" };
                out.push_str(&format!("{inner}###[ {} ]###{sp}\n", p.display));
                show_fields(out, &p.fields, &inner, &deeper);
                if (chained && !NO_SHOW_INDENT.contains(&p.class))
                    || SELF_PAYLOAD.contains(&p.class)
                {
                    deeper.push_str("   ");
                }
            }
        } else {
            out.push_str(&format!("{label}{lvl}  {n:<10}= {}\n", f.show));
        }
    }
    groups
}
