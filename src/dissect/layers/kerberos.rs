//! Kerberos (RFC 4120) as Scapy 2.8.0's `scapy.layers.kerberos` dissects it: on UDP
//! port 88 the `Kerberos` layer, whose `root` holds the message (`KRB_AS_REQ`,
//! `KRB_AS_REP`, `KRB_TGS_REQ`, `KRB_TGS_REP`, `KRB_AP_REQ`, `KRB_AP_REP`, `KRB_ERROR`
//! ...); on TCP port 88 the 4-byte `KerberosTCPHeader` first. The classes come from
//! Scapy's own (kerberos_schema.rs, by tools/make-asn1-schema.py) and asn1.rs walks
//! them. PA-DATA values, authorization data, FAST armor and KRB-ERROR's e-data are
//! packets of the class their type names, as Scapy's fields pick them. A message
//! Scapy's decoder refuses is Raw; bytes after it are Raw.

use super::asn1::{int_field, Dec, Hook, Pick2};
use super::kerberos_schema::{self as ks, LAYER_CLASSES, SCHEMA};
use super::{Ops, Proto};
use crate::dissect::field::{held, int, none, raw, Field, FieldValue, Fields};
use crate::dissect::view::{be16, be32, py_split as split};
use crate::dissect::{Next, Packet, Walk};

pub static KERBEROS: Ops = Ops {
    classes: LAYER_CLASSES,
    class: |p| match p {
        Proto::KerberosTcp => &LAYER_CLASSES[ks::KERBEROS_TCP_HEADER as usize],
        Proto::Kpasswd(REQ) => &LAYER_CLASSES[ks::KPASSWD_REQ as usize],
        Proto::Kpasswd(REP) => &LAYER_CLASSES[ks::KPASSWD_REP as usize],
        Proto::Kpasswd(_) => &LAYER_CLASSES[ks::KPASSWD_TCP_HEADER as usize],
        _ => &LAYER_CLASSES[ks::KERBEROS as usize],
    },
    fields,
    summary,
};

/// The class a hook's string holds, as `_PADATA_value_Field`, `_KRBERROR_data_Field`
/// and the other fields' `m2i` choose it.
pub fn pick(h: Hook, f: &Fields, stack: &[u16], parents: &[Fields]) -> Pick2 {
    let of = |name| int_field(f, name);
    match h {
        Hook::Padata => {
            let Some(&(_, req, rep)) =
                of("padataType").and_then(|t| ks::PADATA.iter().find(|(k, _, _)| *k == t))
            else {
                return Pick2::Keep;
            };
            // `stack` ends with PADATA; a reply is a PADATA in a KDC reply, or in the
            // e-data of a KRB-ERROR.
            let up = |k: usize| stack.len().checked_sub(k).map(|i| stack[i]);
            let reply = matches!(up(2), Some(ks::KRB_AS_REP | ks::KRB_TGS_REP))
                || up(3) == Some(ks::KRB_ERROR);
            Pick2::Class(if reply { rep } else { req })
        }
        Hook::AuthData => of("adType")
            .and_then(|t| ks::AUTHDATA.iter().find(|(k, _)| *k == t))
            .map_or(Pick2::Keep, |&(_, c)| Pick2::Class(c)),
        Hook::FastArmor if of("armorType") == Some(1) => Pick2::Class(ks::KRB_AP_REQ),
        Hook::KrbErrorData => match of("errorCode") {
            Some(14 | 24 | 25 | 36 | 80) => Pick2::Class(ks::METHODDATA),
            Some(12 | 18 | 41) => Pick2::Try(&[ks::KERB_ERROR_DATA, ks::METHODDATA]),
            Some(7) => Pick2::Try(&[ks::KERB_ERROR_DATA, ks::KERB_ERROR_UNK]),
            Some(6 | 13 | 23 | 29 | 32 | 60 | 62) => Pick2::Class(ks::KERB_ERROR_DATA),
            Some(69) => Pick2::Class(ks::KRB_TGT_REP),
            _ => Pick2::Keep,
        },
        Hook::ErrorData => super::gssapi::ext_error_pick(of("dataType")),
        Hook::GssMech | Hook::SpnegoToken | Hook::MechListMic => {
            super::gssapi::pick(h, f, stack, parents)
        }
        // The checksum's GSS-API form is not ASN.1 in Scapy: kept as the string
        // (docs/compat.md).
        _ => Pick2::Keep,
    }
}

/// The Kerberos layer's fields and the bytes it takes, or None where Scapy fails.
fn decode(d: &[u8]) -> Option<(Fields, usize)> {
    let (p, rest) = Dec::new(&SCHEMA, pick).class(ks::KERBEROS, d).ok()?;
    Some((p.fields, d.len() - rest.len()))
}

fn push(w: &mut Walk) {
    if let Some((_, used)) = decode(w.here()) {
        w.push(Proto::Kerberos, used);
    }
}

/// After UDP: the message. Keys need no more than the UDP header: the message is read
/// when the packet is looked at.
fn udp(w: &mut Walk, body: fn(&mut Walk)) -> Next {
    if w.full {
        body(w);
    }
    Next::Raw
}

/// After TCP: the 4-byte length, then the message (which the length does not bound, as
/// in Scapy).
fn tcp(w: &mut Walk, header: Proto, body: fn(&mut Walk)) -> Next {
    if w.rest() < 4 {
        return Next::Raw;
    }
    w.push(header, 4);
    if w.full && w.rest() > 0 {
        body(w);
    }
    Next::Raw
}

/// After UDP on port 88.
pub fn parse_udp(w: &mut Walk) -> Next {
    udp(w, push)
}

/// After TCP on port 88.
pub fn parse_tcp(w: &mut Walk) -> Next {
    tcp(w, Proto::KerberosTcp, push)
}

/// Kpasswd (RFC 3244) by `Proto::Kpasswd`'s index: a request, a reply, TCP's header.
const REQ: u8 = 0;
const REP: u8 = 1;
const TCP_HEADER: u8 = 2;

/// `Kpasswd.dispatch_hook`: a request (version 0xff80, or 1 with an AP-REQ), a reply
/// (version 1 with an AP-REP); None where Scapy's hook fails (no tag to read).
fn kpasswd_kind(d: &[u8]) -> Option<u8> {
    if d.len() < 4 {
        return Some(REQ);
    }
    if d[2..4] == [0xff, 0x80] {
        return Some(REQ);
    }
    if d[2..4] == [0, 1] {
        let (tag, _) = super::ber::id_dec(&d[6.min(d.len())..8.min(d.len())]).ok()?;
        return Some(if tag & 0x1f == 15 { REP } else { REQ });
    }
    Some(REQ)
}

/// A PacketLenField of a Kerberos message: None for a length of 0, the message, or Raw
/// where it does not decode.
fn packet_len(cls: u16, b: &[u8], len: i64) -> Field {
    if len == 0 {
        return none();
    }
    match Dec::new(&SCHEMA, pick).whole_list(cls, b) {
        Ok(l) => held(l),
        Err(_) => held(vec![raw(b)]),
    }
}

/// `KPASSWD_REQ` or `KPASSWD_REP`: the lengths, the AP message, then the KRB-PRIV
/// (or, without an AP message, the KRB-ERROR); the bytes it takes. None when too short
/// for the three 16-bit fields.
fn kpasswd(d: &[u8], rep: bool) -> Option<(Fields, usize)> {
    if d.len() < 6 {
        return None;
    }
    let len = be16(d, 0) as i64;
    let ap = be16(d, 4) as i64;
    let (ap_name, ap_cls, sub) = if rep {
        ("aprep", ks::KRB_AP_REP, "apreplen")
    } else {
        ("apreq", ks::KRB_AP_REQ, "apreqlen")
    };
    let mut f: Fields = vec![
        ("len", int(len)),
        ("pvno", int(be16(d, 2) as i64)),
        (sub, int(ap)),
    ];
    let (b, rest) = split(&d[6..], ap);
    f.push((ap_name, packet_len(ap_cls, b, ap)));
    let (name, cls, n) = if ap != 0 {
        ("krbpriv", ks::KRB_PRIV, len - 6 - ap)
    } else {
        ("error", ks::KRB_ERROR, len - 6)
    };
    let (b, rest) = split(rest, n);
    f.push((name, packet_len(cls, b, n)));
    Some((f, d.len() - rest.len()))
}

/// After UDP on port 464.
pub fn parse_kpasswd_udp(w: &mut Walk) -> Next {
    udp(w, push_kpasswd)
}

/// After TCP on port 464.
pub fn parse_kpasswd_tcp(w: &mut Walk) -> Next {
    tcp(w, Proto::Kpasswd(TCP_HEADER), push_kpasswd)
}

fn push_kpasswd(w: &mut Walk) {
    let d = w.here();
    if let Some(k) = kpasswd_kind(d) {
        if let Some((_, used)) = kpasswd(d, k == REP) {
            w.push(Proto::Kpasswd(k), used);
        }
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = &p.layers()[i];
    match l.proto {
        Proto::Kpasswd(TCP_HEADER) | Proto::KerberosTcp => {
            vec![("len", int(be32(l.header(p.data), 0) as i64))]
        }
        Proto::Kpasswd(k) => kpasswd(l.header(p.data), k == REP).map_or_else(Vec::new, |x| x.0),
        _ => decode(l.bytes(p.data)).map_or_else(Vec::new, |(f, _)| f),
    }
}

/// `Kerberos.mysummary`: the message's own summary, its class name.
fn summary(p: &Packet, i: usize) -> String {
    if p.layers()[i].proto != Proto::Kerberos {
        return String::new();
    }
    match fields(p, i).first().map(|(_, f)| &f.value) {
        Some(FieldValue::Held(l)) => l.first().map_or(String::new(), |n| n.class.to_string()),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    /// A KRB-ERROR as a Windows KDC sends it for an unknown user, built by Scapy 2.8.0
    /// (`KRB_ERROR(errorCode=6, eData=KERB_ERROR_DATA(dataType=3,
    /// dataValue=KERB_EXT_ERROR(status=0xc0000064)))`): the e-data is the extended
    /// error with its NT status named, as Scapy shows it.
    #[test]
    fn extended_error_in_e_data() {
        let msg = "7e6a3068a003020105a10302011ea411180f32303236313132393039303830365aa5030201\
                   01a603020106a90b1b09582e4558414d504c45aa133011a003020102a10a30081b066b72\
                   62746774ab021b00ac1904173015a103020103a20e040c640000c00000000001000000";
        let payload: Vec<u8> = (0..msg.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&msg[i..i + 2], 16).unwrap())
            .collect();
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1])
            .ipv4([10, 0, 0, 2], [10, 0, 0, 1], 64)
            .udp(88, 5000)
            .write(&mut b, &payload)
            .unwrap();
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(summary(&p), "Ether / IP / UDP / KRB_ERROR");
        let text = show::show(&p, 3);
        let want = "   |  \\eData     \\\n   |   |###[ KERB_ERROR_DATA ]###\n   |   |  dataType  = 'KERB_ERR_TYPE_EXTENDED' 0x3 <ASN1_INTEGER[3]>\n   |   |  \\dataValue \\\n   |   |   |###[ KERB_EXT_ERROR ]###\n   |   |   |  status    = STATUS_NO_SUCH_USER\n   |   |   |  reserved  = 0x0\n   |   |   |  flags     = 0x1\n";
        assert!(text.contains(want), "{text}");
    }
}
