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
use crate::dissect::field::{bytes, held, int, FieldValue, Fields};
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
fn pick(h: Hook, f: &Fields, _: &[u16], _: &[Fields]) -> Pick2 {
    if h == Hook::Sasl {
        // `_SaslCredentialsField`: GSS-API tokens for the GSS mechanisms.
        return match bytes_field(f, "mechanism") {
            Some(b"GSS-SPNEGO" | b"GSSAPI") => Pick2::Native(super::gssapi::blob_at),
            _ => Pick2::Keep,
        };
    }
    if h != Hook::Control {
        return Pick2::Keep;
    }
    let Some(t) = bytes_field(f, "controlType") else {
        return Pick2::Keep;
    };
    // Scapy decodes the type as UTF-8 first.
    if std::str::from_utf8(t).is_err() {
        return Pick2::Fail;
    }
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
            if u32::from_be_bytes([d[0], d[1], d[2], d[3]]) as usize + 4 == d.len()
                && super::gssapi::sasl_buffer(&d[4..]).is_some()
            {
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

/// The length, then the GSS-API token (Scapy's `_GSSAPI_Field`).
fn sasl_fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    vec![
        (
            "BufferLength",
            int(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as i64),
        ),
        (
            "Buffer",
            super::gssapi::sasl_buffer(&b[4..]).map_or_else(|| bytes(&b[4..]), held),
        ),
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

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    fn cldap(payload: &[u8]) -> (String, String) {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(3000, 389)
            .write(&mut b, payload)
            .unwrap();
        let p = dissect(linktype::ETHERNET, &b);
        (summary(&p), show::show(&p, 3))
    }

    fn ldap(payload: &[u8]) -> String {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(3000, 389, 1, 8192)
            .psh()
            .ack(1)
            .write(&mut b, payload)
            .unwrap();
        summary(&dissect(linktype::ETHERNET, &b))
    }

    /// Found by mutating samples/kerberos.pcap: a message without an operation has no
    /// summary of its own (TCP shows its own); a control type that is not UTF-8 fails
    /// the message in Scapy's `_ControlValue_Field`, optional or not.
    #[test]
    fn empty_message_and_bad_control_type() {
        assert_eq!(
            ldap(b"\x30\x00"),
            "Ether / IP / TCP 10.0.0.1:3000 > 10.0.0.2:ldap PA / LDAP"
        );
        assert_eq!(
            ldap(b"\x30\x00\x30\x05\x02\x01\x03\x42\x00"),
            "Ether / IP / TCP / LDAP / LDAP UnbindRequest(3)"
        );
        let msg = |ty: &[u8]| {
            let ctrl = [b"\x30\x08\x04\x02", ty, b"\x04\x02\x01\x02"].concat();
            [b"\x30\x11\x02\x01\x03\x42\x00\xa0\x0a", &ctrl[..]].concat()
        };
        assert_eq!(
            ldap(&msg(b"\xc9.")),
            "Ether / IP / TCP 10.0.0.1:3000 > 10.0.0.2:ldap PA / Raw"
        );
        assert_eq!(
            ldap(&msg(b"..")),
            "Ether / IP / TCP / LDAP UnbindRequest(3)"
        );
    }

    /// Scapy's asn1fields rules, as Scapy 2.8.0 applies them to these messages: an
    /// optional field that is not there is None; bytes left inside a SEQUENCE or a tag
    /// no CHOICE alternative has fail the message (Raw); messages follow one another;
    /// bytes after the last are Raw.
    #[test]
    fn asn1_rules_as_scapy_applies_them() {
        let unbind = b"\x30\x05\x02\x01\x03\x42\x00";
        let (s, text) = cldap(unbind);
        assert_eq!(s, "Ether / IP / UDP 10.0.0.1:3000 > 10.0.0.2:ldap / CLDAP");
        assert!(
            text.contains("  messageID = 0x3 <ASN1_INTEGER[3]>\n  user      = None\n  \\protocolOp\\\n   |###[ LDAP_UnbindRequest ]###\n   |  info      = None\n"),
            "{text}"
        );
        let (s, _) = cldap(b"\x30\x08\x02\x01\x03\x42\x00\x01\x01\xff");
        assert!(s.ends_with(":ldap / Raw"), "{s}");
        let (s, _) = cldap(b"\x30\x05\x02\x01\x03\x43\x00");
        assert!(s.ends_with(":ldap / Raw"), "{s}");
        let (s, _) = cldap(&[&unbind[..], b"\x30\x05\x02\x01\x04\x42\x00"].concat());
        assert!(s.ends_with(":ldap / CLDAP / CLDAP"), "{s}");
        let (s, _) = cldap(&[&unbind[..], b"xyz"].concat());
        assert!(s.ends_with(":ldap / CLDAP / Raw"), "{s}");
    }
}
