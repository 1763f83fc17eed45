//! LDAP (RFC 4511) and CLDAP as Scapy 2.8.0's `scapy.layers.ldap` dissects them: on TCP
//! ports 389 and 3268 one `LDAP` layer per message (`messageID`, the operation as a
//! packet in `protocolOp`: `LDAP_BindRequest`, `LDAP_SearchRequest` with its filter,
//! `LDAP_SearchResponseEntry` ..., and the controls), one after another in a segment;
//! a segment that does not start with a SEQUENCE but with its own length is SASL-wrapped
//! (`LDAP_SASL_Buffer`); on UDP port 389 `CLDAP`. The classes come from Scapy's own
//! (ldap_schema.rs, by tools/make-asn1-schema.py) and asn1.rs walks them. What Scapy's
//! decoder refuses is Raw.

use super::asn1::{bytes_field, Dec, Hook, Pick2};
use super::ldap_schema::{self as ls, LAYER_CLASSES, SCHEMA};
use super::{Class, Ops, Proto};
use crate::dissect::field::{bytes, int, FieldValue, Fields};
use crate::dissect::{Next, Packet, Walk};

pub static LDAP: Ops = Ops {
    classes: LAYER_CLASSES,
    class: |p| match p {
        Proto::Cldap => &LAYER_CLASSES[ls::CLDAP as usize],
        _ => &LAYER_CLASSES[ls::LDAP as usize],
    },
    fields,
    summary,
};

pub static SASL: Ops = Ops {
    classes: &[Class::new(
        "LDAP_SASL_Buffer",
        "LDAP_SASL_Buffer",
        "scapy.layers.ldap",
    )],
    class: |_| &SASL.classes[0],
    fields: sasl_fields,
    summary: super::no_summary,
};

/// `_ControlValue_Field`: a control's value is the packet its type names.
fn pick(h: Hook, f: &Fields, _: &[u16]) -> Pick2 {
    if h != Hook::Control {
        return Pick2::Keep;
    }
    let Some(t) = bytes_field(f, "controlType") else {
        return Pick2::Keep;
    };
    ls::CONTROLS
        .iter()
        .find(|(k, _)| k.as_bytes() == t)
        .map_or(Pick2::Keep, |&(_, c)| Pick2::Class(c))
}

fn decode(cls: u16, d: &[u8]) -> Option<(Fields, usize)> {
    let (p, rest) = Dec::new(&SCHEMA, pick).class(cls, d).ok()?;
    Some((p.fields, d.len() - rest.len()))
}

/// After TCP on port 389 or 3268: LDAP messages while they decode.
pub fn parse_tcp(w: &mut Walk) -> Next {
    if !w.full {
        return Next::Raw;
    }
    while w.rest() > 0 {
        let d = w.here();
        // `LDAP.dispatch_hook`: not a SEQUENCE is a SASL buffer when its length is
        // exactly what follows, else Raw.
        if d.len() >= 4 && d[0] != 0x30 {
            if u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as usize + 4 == d.len() {
                w.push(Proto::LdapSasl, d.len());
            }
            break;
        }
        match decode(ls::LDAP, d) {
            Some((_, used)) => w.push(Proto::Ldap, used),
            None => break,
        }
    }
    Next::Raw
}

/// After UDP on port 389: CLDAP messages while they decode.
pub fn parse_udp(w: &mut Walk) -> Next {
    if !w.full {
        return Next::Raw;
    }
    while w.rest() > 0 {
        match decode(ls::CLDAP, w.here()) {
            Some((_, used)) => w.push(Proto::Cldap, used),
            None => break,
        }
    }
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = &p.layers()[i];
    let cls = if l.proto == Proto::Cldap {
        ls::CLDAP
    } else {
        ls::LDAP
    };
    decode(cls, l.header(p.data)).map_or_else(Vec::new, |(f, _)| f)
}

/// The GSS-API token is kept as its bytes (docs/compat.md).
fn sasl_fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    vec![
        (
            "BufferLength",
            int(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as i64),
        ),
        ("Buffer", bytes(&b[4..])),
    ]
}

/// `LDAP.mysummary`: the operation's class, spaced, and the message id
/// (`LDAP SearchRequest(2)`); CLDAP has none.
fn summary(p: &Packet, i: usize) -> String {
    if p.layers()[i].proto != Proto::Ldap {
        return String::new();
    }
    let f = fields(p, i);
    let op = f.iter().find(|(k, _)| *k == "protocolOp");
    let id = f.iter().find(|(k, _)| *k == "messageID");
    match (op.map(|(_, f)| &f.value), id.map(|(_, f)| &f.value)) {
        (Some(FieldValue::Held(l)), Some(FieldValue::Asn1(b))) => match (l.first(), &b.val) {
            (Some(n), super::ber::BerVal::Int(v)) => format!("{}({v})", n.class.replace('_', " ")),
            _ => String::new(),
        },
        _ => String::new(),
    }
}
