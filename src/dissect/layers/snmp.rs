//! SNMP v1/v2c as Scapy 2.8.0's `scapy.layers.snmp` dissects it on UDP 161 and 162:
//! one `SNMP` layer (version, community, the PDU), the PDU a packet in its field
//! (`SNMPget`, `SNMPnext`, `SNMPresponse`, `SNMPset`, `SNMPtrapv1`, `SNMPbulk`,
//! `SNMPinform`, `SNMPtrapv2`) with its `SNMPvarbind` list. Values are Scapy's ASN.1
//! objects (`ber.rs`). A message Scapy's decoder refuses (SNMPv3's header, a wrong tag,
//! a length past the end, bytes left inside a sequence) is Raw, as Scapy leaves it;
//! bytes after the message are Raw after the layer.

use super::ber::{self, Ber, BerError, BerResult};
use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{held, packets, Field, FieldValue, Fields, Nested};
use crate::dissect::{Next, Packet, Walk};

const MODULE: &str = "scapy.layers.snmp";

pub static SNMP: Ops = Ops {
    classes: &[
        Class::new("SNMP", "SNMP", MODULE),
        // The PDU and its variable bindings live in the SNMP layer's fields.
        Class::new("SNMPget", "SNMPget", MODULE),
        Class::new("SNMPnext", "SNMPnext", MODULE),
        Class::new("SNMPresponse", "SNMPresponse", MODULE),
        Class::new("SNMPset", "SNMPset", MODULE),
        Class::new("SNMPtrapv1", "SNMPtrapv1", MODULE),
        Class::new("SNMPbulk", "SNMPbulk", MODULE),
        Class::new("SNMPinform", "SNMPinform", MODULE),
        Class::new("SNMPtrapv2", "SNMPtrapv2", MODULE),
        Class::new("SNMPvarbind", "SNMPvarbind", MODULE),
    ],
    class: |_| &SNMP.classes[0],
    fields,
    summary: no_summary,
};

const VERSIONS: &[(i64, &str)] = &[(0, "v1"), (1, "v2c"), (2, "v2"), (3, "v3")];

const ERRORS: &[(i64, &str)] = &[
    (0, "no_error"),
    (1, "too_big"),
    (2, "no_such_name"),
    (3, "bad_value"),
    (4, "read_only"),
    (5, "generic_error"),
    (6, "no_access"),
    (7, "wrong_type"),
    (8, "wrong_length"),
    (9, "wrong_encoding"),
    (10, "wrong_value"),
    (11, "no_creation"),
    (12, "inconsistent_value"),
    (13, "resource_unavailable"),
    (14, "commit_failed"),
    (15, "undo_failed"),
    (16, "authorization_error"),
    (17, "not_writable"),
    (18, "inconsistent_name"),
];

const TRAPS: &[(i64, &str)] = &[
    (0, "cold_start"),
    (1, "warm_start"),
    (2, "link_down"),
    (3, "link_up"),
    (4, "auth_failure"),
    (5, "egp_neigh_loss"),
    (6, "enterprise_specific"),
];

/// The PDU classes by tag (0xa0 + index).
const PDUS: [&str; 8] = [
    "SNMPget",
    "SNMPnext",
    "SNMPresponse",
    "SNMPset",
    "SNMPtrapv1",
    "SNMPbulk",
    "SNMPinform",
    "SNMPtrapv2",
];

/// After UDP on port 161 or 162.
pub fn parse(w: &mut Walk) -> Next {
    // Keys need no more than the UDP header: the message is read when it is looked at.
    if !w.full {
        return Next::Raw;
    }
    match decode(w.here()) {
        Ok((_, used)) => {
            w.push(Proto::Snmp, used);
            Next::Raw
        }
        Err(_) => Next::Raw,
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    decode(p.layers()[i].bytes(p.data)).map_or_else(|_| Vec::new(), |(f, _)| f)
}

fn none() -> Field {
    Field {
        value: FieldValue::None,
        show: "None".into(),
    }
}

fn integer(s: &[u8]) -> BerResult<(Ber, &[u8])> {
    ber::dec_tagged(ber::INTEGER, s)
}

/// The whole message: the SNMP layer's fields and the bytes it takes.
fn decode(d: &[u8]) -> BerResult<(Fields, usize)> {
    let (mut s, rest) = ber::check(ber::SEQUENCE, d)?;
    let used = d.len() - rest.len();
    if s.is_empty() {
        return Ok((
            vec![("version", none()), ("community", none()), ("PDU", none())],
            used,
        ));
    }
    let (version, r) = integer(s)?;
    s = r;
    let (community, r) = ber::dec_tagged(ber::STRING, s)?;
    s = r;
    let (tag, _) = ber::id_dec(s)?;
    let k = tag.wrapping_sub(0xa0);
    if k >= 8 {
        return Err(BerError::Decode);
    }
    let (pdu, r) = pdu(s, tag, k as usize)?;
    if !r.is_empty() {
        return Err(BerError::Decode);
    }
    Ok((
        vec![
            ("version", version.enum_field(VERSIONS)),
            ("community", community.field()),
            ("PDU", held(vec![pdu])),
        ],
        used,
    ))
}

/// One PDU: a sequence under its own tag.
fn pdu(d: &[u8], tag: u64, k: usize) -> BerResult<(Nested, &[u8])> {
    let (mut s, rest) = ber::check(tag, d)?;
    let names: &[&'static str] = match k {
        4 => &[
            "enterprise",
            "agent_addr",
            "generic_trap",
            "specific_trap",
            "time_stamp",
            "varbindlist",
        ],
        5 => &["id", "non_repeaters", "max_repetitions", "varbindlist"],
        _ => &["id", "error", "error_index", "varbindlist"],
    };
    let mut fields: Fields = Vec::new();
    if s.is_empty() {
        fields = names.iter().map(|n| (*n, none())).collect();
    } else {
        for &name in names {
            let (f, r) = match name {
                "enterprise" => ber::dec_tagged(ber::OID, s).map(|(b, r)| (b.field(), r))?,
                "agent_addr" => ber::dec_tagged(ber::IPADDRESS, s).map(|(b, r)| (b.field(), r))?,
                "generic_trap" => integer(s).map(|(b, r)| (b.enum_field(TRAPS), r))?,
                "error" => integer(s).map(|(b, r)| (b.enum_field(ERRORS), r))?,
                "time_stamp" => ber::dec_tagged(ber::TIME_TICKS, s).map(|(b, r)| (b.field(), r))?,
                "varbindlist" => varbinds(s)?,
                _ => integer(s).map(|(b, r)| (b.field(), r))?,
            };
            fields.push((name, f));
            s = r;
        }
        if !s.is_empty() {
            return Err(BerError::Decode);
        }
    }
    Ok((
        Nested {
            class: PDUS[k],
            display: PDUS[k],
            fields,
        },
        rest,
    ))
}

fn varbinds(d: &[u8]) -> BerResult<(Field, &[u8])> {
    let (mut s, rest) = ber::check(ber::SEQUENCE, d)?;
    let mut list = Vec::new();
    while !s.is_empty() {
        let (v, r) = varbind(s)?;
        list.push(v);
        s = r;
    }
    Ok((packets(list), rest))
}

/// An optional field: a value Scapy's decoder refuses leaves it None and the bytes
/// where they were.
fn optional<'a>(
    s: &'a [u8],
    f: impl FnOnce(&'a [u8]) -> BerResult<(Ber, &'a [u8])>,
) -> BerResult<(Field, &'a [u8])> {
    match f(s) {
        Ok((b, r)) => Ok((b.field(), r)),
        Err(BerError::Decode) => Ok((none(), s)),
        Err(BerError::Fatal) => Err(BerError::Fatal),
    }
}

/// A NULL under an implicit context tag (noSuchObject 0x80 ...).
fn implicit_null(s: &[u8], tag: u64) -> BerResult<(Ber, &[u8])> {
    let (t, rest) = ber::id_dec(s)?;
    if t != tag {
        return Err(BerError::Decode);
    }
    let mut again = vec![ber::NULL as u8];
    again.extend_from_slice(rest);
    let (c, r) = ber::check(ber::NULL, &again)?;
    let left = r.len();
    Ok((ber::int_of(c, "ASN1_NULL"), &s[s.len() - left..]))
}

fn varbind(d: &[u8]) -> BerResult<(Nested, &[u8])> {
    let (mut s, rest) = ber::check(ber::SEQUENCE, d)?;
    let names = [
        "oid",
        "value",
        "noSuchObject",
        "noSuchInstance",
        "endOfMibView",
    ];
    let fields: Fields = if s.is_empty() {
        names.iter().map(|n| (*n, none())).collect()
    } else {
        let (oid, r) = ber::dec_tagged(ber::OID, s)?;
        s = r;
        let mut fields = vec![("oid", oid.field())];
        let (value, r) = optional(s, |x| ber::dec_any(x, 0))?;
        fields.push(("value", value));
        s = r;
        for (n, tag) in names[2..].iter().zip(0x80u64..) {
            let (f, r) = optional(s, |x| implicit_null(x, tag))?;
            fields.push((n, f));
            s = r;
        }
        if !s.is_empty() {
            return Err(BerError::Decode);
        }
        fields
    };
    Ok((
        Nested {
            class: "SNMPvarbind",
            display: "SNMPvarbind",
            fields,
        },
        rest,
    ))
}
