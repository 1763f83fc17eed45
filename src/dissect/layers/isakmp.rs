//! ISAKMP / IKE (RFC 2408, 2409; IKEv2's header is the same) as Scapy 2.8.0's
//! `scapy.layers.isakmp` dissects it on UDP port 500 and after `NON_ESP` on 4500: the
//! `ISAKMP` header, then one layer per payload, each of the class its predecessor's
//! `next_payload` names (SA, proposal, transform, key exchange, identification, hash,
//! signature, nonce, notify, delete, vendor ID), else the generic `ISAKMP_payload`, which
//! is what IKEv2's payloads are. An SA holds its proposals, a proposal its transforms, in
//! a field. An encrypted message's payloads are Raw, as in Scapy.

use super::isakmp_tables::{
    Attr, EXCHANGES, IPSEC_ATTRS, ISAKMP_ATTRS, NOTIFY, PAYLOADS, PROTOS, VENDOR_IDS,
};
use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{
    enum_field, flag_set, held, hex, int, none, raw, xstr, Field, FieldValue, Fields, Nested,
};
use crate::dissect::view::{be16, be32, py_split as take};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{bytes_repr, ipv4_str};

const MODULE: &str = "scapy.layers.isakmp";

/// The payload classes, by `Proto::IsakmpPayload`'s index.
static CLASSES: &[Class] = &[
    Class::new("ISAKMP_payload", "ISAKMP payload", MODULE),
    Class::new("ISAKMP_payload_SA", "ISAKMP SA", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_Proposal", "IKE proposal", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_Transform", "IKE Transform", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_KE", "ISAKMP Key Exchange", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_ID", "ISAKMP Identification", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_Hash", "ISAKMP Hash", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_SIG", "ISAKMP Signature", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_Nonce", "ISAKMP Nonce", MODULE).derived("ISAKMP_payload"),
    Class::new(
        "ISAKMP_payload_Notify",
        "ISAKMP Notify (Notification)",
        MODULE,
    )
    .derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_Delete", "ISAKMP Delete", MODULE).derived("ISAKMP_payload"),
    Class::new("ISAKMP_payload_VendorID", "ISAKMP Vendor ID", MODULE).derived("ISAKMP_payload"),
];

pub static ISAKMP: Ops = Ops {
    classes: &[Class::new("ISAKMP", "ISAKMP", MODULE)],
    class: |_| &ISAKMP.classes[0],
    fields: header_fields,
    summary: no_summary,
};

pub static PAYLOAD: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::IsakmpPayload(k) => &CLASSES[(k as usize).min(CLASSES.len() - 1)],
        _ => &CLASSES[0],
    },
    fields: payload_fields,
    summary: no_summary,
};

const HEADER_LEN: usize = 28;

/// Scapy's class for a payload type: bound types 1-5 and 8-13 (CERT and CR are not), the
/// generic payload for the rest.
fn class_of(next_payload: u8) -> u8 {
    match next_payload {
        1..=5 => next_payload,
        8..=13 => next_payload - 2,
        _ => 0,
    }
}

/// After UDP port 500, or `NON_ESP` on 4500.
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < HEADER_LEN {
        return Next::Raw;
    }
    w.push(Proto::Isakmp, HEADER_LEN);
    // Encrypted payloads are Raw; a next payload of 0 leaves the rest Raw. Keys need the
    // header only: the payloads are read when the packet is looked at.
    if d[19] & 1 != 0 || d[16] == 0 || !w.full {
        return Next::Raw;
    }
    Next::Parse(payload)
}

/// One payload, of the class the layer before it names in its `next_payload` (the
/// header's at byte 16, a payload's at byte 0): Raw where Scapy's dissection fails.
fn payload(w: &mut Walk) -> Next {
    let next = match w.p.layers().last() {
        Some(l) if l.proto == Proto::Isakmp => w.data()[l.start as usize + 16],
        Some(l) => w.data()[l.start as usize],
        None => return Next::Raw,
    };
    let k = class_of(next);
    let d = w.here();
    let Some(used) = decode(k, d, 1).map(|(_, used)| used) else {
        return Next::Raw;
    };
    w.push(Proto::IsakmpPayload(k), used);
    if d[0] == 0 {
        Next::Raw
    } else {
        Next::Parse(payload)
    }
}

static FLAGS: &[&str] = &["encryption", "commit", "auth_only"];

fn header_fields(p: &Packet, i: usize) -> Fields {
    let d = p.layers()[i].header(p.data);
    if d.len() < HEADER_LEN {
        return vec![];
    }
    vec![
        ("init_cookie", xstr(&d[..8])),
        ("resp_cookie", xstr(&d[8..16])),
        ("next_payload", enum_field(d[16], PAYLOADS)),
        ("version", hex(d[17])),
        ("exch_type", enum_field(d[18], EXCHANGES)),
        ("flags", flag_set(d[19] as u32, &FLAGS)),
        ("id", int(be32(d, 20))),
        ("length", int(be32(d, 24))),
    ]
}

/// The `proto` Scapy's transform attributes are named by: the first layer under a
/// payload that has a field of that name (a proposal, a notify, IP's protocol number),
/// or ISAKMP's when there is none.
fn proto_under(p: &Packet, i: usize) -> i64 {
    for j in (0..i).rev() {
        if let Some((_, f)) = p.fields(j).into_iter().find(|(n, _)| *n == "proto") {
            if let FieldValue::Int(v) = f.value {
                return v;
            }
        }
    }
    1
}

fn payload_fields(p: &Packet, i: usize) -> Fields {
    let Proto::IsakmpPayload(k) = p.layers()[i].proto else {
        return vec![];
    };
    let proto = if k == 3 { proto_under(p, i) } else { 1 };
    // The bytes after the layer too: a length below the header's counts from their end.
    decode(k, p.layers()[i].bytes(p.data), proto).map_or_else(Vec::new, |(f, _)| f)
}

/// A string field shown as Python's bytes repr.
fn str_field(b: &[u8]) -> Field {
    crate::dissect::field::bytes(b)
}

/// Payload `k`'s fields and the bytes they take, or None where Scapy's dissection fails.
/// `proto` names a transform's attributes.
fn decode(k: u8, s: &[u8], proto: i64) -> Option<(Fields, usize)> {
    if s.len() < 4 {
        return None;
    }
    let len = be16(s, 2) as i64;
    let mut f: Fields = vec![
        ("next_payload", enum_field(s[0], PAYLOADS)),
        ("res", int(s[1])),
        ("length", int(len)),
    ];
    let fixed = match k {
        1 | 9 | 10 => 12,
        2 | 3 | 5 => 8,
        _ => 4,
    };
    if s.len() < fixed {
        return None;
    }
    let body = &s[fixed..];
    let rest: &[u8] = match k {
        // SA: doi, situation, the proposals.
        1 => {
            f.push((
                "doi",
                enum_field(be32(s, 4), &[(0, "ISAKMP"), (1, "IPSEC")]),
            ));
            f.push(("situation", enum_field(be32(s, 8), &[(1, "identity")])));
            let (v, rest) = packet_field(body, len - 12, 2, 1);
            f.push(("prop", v));
            rest
        }
        2 => {
            f.push(("proposal", int(s[4])));
            f.push(("proto", enum_field(s[5], PROTOS)));
            f.push(("SPIsize", int(s[6])));
            f.push(("trans_nb", int(s[7])));
            let (spi, after) = take(body, s[6] as i64);
            f.push(("SPI", str_field(spi)));
            let (v, rest) = packet_field(after, len - 8, 3, s[5] as i64);
            f.push(("trans", v));
            rest
        }
        3 => {
            f.push(("transform_count", int(s[4])));
            f.push(("transform_id", enum_field(s[5], &[(1, "KEY_IKE")])));
            f.push(("res2", int(be16(s, 6))));
            let (v, rest) = take(body, len - 8);
            f.push(("transforms", transforms(v, proto)));
            rest
        }
        5 => {
            f.push(("IDtype", enum_field(s[4], &[(1, "IPv4_addr"), (11, "Key")])));
            f.push(("ProtoID", enum_field(s[5], &[(0, "Unused")])));
            f.push(("Port", enum_field(be16(s, 6), &[(0, "Unused")])));
            if s[4] == 1 {
                let a: [u8; 4] = body.get(..4)?.try_into().ok()?;
                f.push(("IdentData", crate::dissect::field::text(ipv4_str(&a))));
                &body[4..]
            } else {
                let (v, rest) = take(body, len - 8);
                f.push(("IdentData", str_field(v)));
                rest
            }
        }
        9 | 10 => {
            f.push((
                "doi",
                enum_field(be32(s, 4), &[(0, "ISAKMP"), (1, "IPSEC")]),
            ));
            f.push(("proto", enum_field(s[8], PROTOS)));
            f.push(("SPIsize", int(s[9])));
            let spisize = s[9] as i64;
            if k == 9 {
                f.push(("notify_msg_type", enum_field(be16(s, 10), NOTIFY)));
                let (spi, after) = take(body, spisize);
                f.push(("SPI", str_field(spi)));
                let (data, rest) = take(after, len - spisize - 12);
                f.push(("notify_data", str_field(data)));
                rest
            } else {
                let count = be16(s, 10);
                f.push(("SPIcount", int(count)));
                let mut b = body;
                let mut spis = Vec::new();
                while !b.is_empty() && spis.len() < count as usize {
                    let (v, r) = take(b, spisize);
                    spis.push(str_field(v));
                    b = r;
                }
                f.push(("SPIs", crate::dissect::field::list(spis)));
                b
            }
        }
        11 => {
            let (v, rest) = take(body, len - 4);
            let trimmed = &v[..v.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1)];
            let name = VENDOR_IDS
                .iter()
                .find(|(id, _)| *id == v || *id == trimmed)
                .map(|(_, n)| *n);
            let show = match name {
                Some(n) => format!("{} ({n})", bytes_repr(trimmed)),
                None => bytes_repr(trimmed),
            };
            f.push((
                "VendorID",
                Field {
                    value: FieldValue::Bytes(v.to_vec()),
                    show,
                },
            ));
            rest
        }
        _ => {
            let name = match k {
                4 => "ke",
                6 => "hash",
                7 => "sig",
                8 => "nonce",
                _ => "load",
            };
            let (v, rest) = take(body, len - 4);
            f.push((name, if k == 0 { xstr(v) } else { str_field(v) }));
            rest
        }
    };
    Some((f, s.len() - rest.len()))
}

/// A packet field (Scapy's PacketLenField) holding payload `k` and the payloads its
/// `next_payload` chains after it, all within `n` bytes: None when `n` is 0, Raw where
/// the first fails.
fn packet_field(s: &[u8], n: i64, k: u8, proto: i64) -> (Field, &[u8]) {
    if n == 0 {
        return (none(), s);
    }
    let (m, rest) = take(s, n);
    if m.is_empty() {
        // Scapy makes the class from no bytes: a packet of its default values.
        return (held(vec![empty(k)]), rest);
    }
    (held(chain(m, k, proto)), rest)
}

/// A proposal or transform made from no bytes, with Scapy's defaults.
fn empty(k: u8) -> Nested {
    let mut fields: Fields = vec![
        ("next_payload", none()),
        ("res", int(0)),
        ("length", none()),
    ];
    if k == 2 {
        fields.extend([
            ("proposal", int(1)),
            ("proto", enum_field(1, PROTOS)),
            ("SPIsize", none()),
            ("trans_nb", none()),
            ("SPI", str_field(b"")),
            ("trans", held(vec![raw(b"")])),
        ]);
    } else {
        fields.extend([
            ("transform_count", none()),
            ("transform_id", enum_field(1, &[(1, "KEY_IKE")])),
            ("res2", int(0)),
            ("transforms", none()),
        ]);
    }
    let c = &CLASSES[k as usize];
    Nested {
        class: c.name,
        display: c.display,
        fields,
    }
}

/// Payloads one after another, as one packet and its payloads.
fn chain(mut m: &[u8], mut k: u8, proto: i64) -> Vec<Nested> {
    let mut out = Vec::new();
    loop {
        let Some((fields, used)) = decode(k, m, proto) else {
            out.push(raw(m));
            break;
        };
        let c = &CLASSES[k as usize];
        out.push(Nested {
            class: c.name,
            display: c.display,
            fields,
        });
        let next = m[0];
        m = &m[used..];
        if m.is_empty() {
            break;
        }
        if next == 0 {
            out.push(raw(m));
            break;
        }
        k = class_of(next);
    }
    out
}

/// A transform's attributes, as Scapy's ISAKMPTransformSetField reads them: (type,
/// value) pairs named by the proposal's protocol (ISAKMP's or IPsec ESP's tables).
fn transforms(mut m: &[u8], proto: i64) -> Field {
    let table: &[Attr] = match proto {
        1 => ISAKMP_ATTRS,
        3 => IPSEC_ATTRS,
        _ => &[],
    };
    let mut items = Vec::new();
    let mut shown = Vec::new();
    while m.len() >= 4 {
        let t = be16(m, 0);
        let (typ, value, used) = if t & 0x8000 == 0 {
            let vl = be16(m, 2) as usize;
            // Scapy folds the bytes into an integer of any size.
            (t as i64, Number::of(&m[4..(4 + vl).min(m.len())]), 4 + vl)
        } else {
            ((t & 0x7fff) as i64, Number::Small(be16(m, 2) as u64), 4)
        };
        m = &m[used.min(m.len())..];
        let entry = table.iter().find(|e| e.0 == typ);
        let vname = entry.and_then(|e| match value {
            Number::Small(v) => e.2.iter().find(|x| x.0 as u64 == v).map(|x| x.1),
            Number::Big(_) => None,
        });
        let tf = match entry {
            Some(e) => (FieldValue::Str(e.1.into()), format!("'{}'", e.1)),
            None => (FieldValue::Int(typ), typ.to_string()),
        };
        let vf = match (vname, &value) {
            (Some(n), _) => (FieldValue::Str(n.into()), format!("'{n}'")),
            (None, Number::Small(v)) => (crate::dissect::field::uint(*v).value, v.to_string()),
            (None, Number::Big(d)) => (FieldValue::Str(d.clone()), d.clone()),
        };
        shown.push(format!("({}, {})", tf.1, vf.1));
        items.push(FieldValue::Tuple(vec![tf.0, vf.0]));
    }
    Field {
        value: FieldValue::List(items),
        show: format!("[{}]", shown.join(", ")),
    }
}

/// A transform attribute's value: what fits in 64 bits, else its decimal digits.
enum Number {
    Small(u64),
    Big(String),
}

impl Number {
    fn of(b: &[u8]) -> Number {
        let b = &b[b.iter().position(|&c| c != 0).unwrap_or(b.len())..];
        if b.len() <= 8 {
            return Number::Small(b.iter().fold(0, |v, &c| (v << 8) | c as u64));
        }
        // Long division by 10 of the big-endian bytes.
        let mut n = b.to_vec();
        let mut digits = Vec::new();
        while !n.is_empty() {
            let mut rem = 0u32;
            for x in n.iter_mut() {
                let cur = (rem << 8) | *x as u32;
                *x = (cur / 10) as u8;
                rem = cur % 10;
            }
            digits.push(b'0' + rem as u8);
            let z = n.iter().position(|&c| c != 0).unwrap_or(n.len());
            n.drain(..z);
        }
        digits.reverse();
        Number::Big(String::from_utf8(digits).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    /// An IKEv1 Main Mode proposal built by Scapy 2.8.0: an SA holding a proposal with two
    /// transforms, then a vendor ID Scapy names. Scapy's summary and show() of it.
    #[test]
    fn main_mode_proposal() {
        let hex = "414141414141414100000000000000000110020000000000000000640d000034000000010000\
                   00010000002801010002030000140001000080010007800e0080800c70800000000c0201000080\
                   02000200000014afcad71368a1f1c96b8696fc77570100";
        let ike: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let mut b = Vec::new();
        etherparse::PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(500, 500)
            .write(&mut b, &ike)
            .unwrap();
        let p = dissect(linktype::RAW, &b);
        assert_eq!(
            summary(&p),
            "IP / UDP 10.0.0.1:isakmp > 10.0.0.2:isakmp / ISAKMP / ISAKMP_payload_SA / ISAKMP_payload_VendorID"
        );
        let text = show::show(&p, 0);
        for want in [
            "        exch_type = identity protection\n",
            "###[ ISAKMP SA ]###\n           next_payload= VendorID\n",
            "            |   |  transforms= [('Encryption', 'AES-CBC'), ('KeyLength', 128), ('LifeDuration', 28800)]\n            |   |###[ IKE Transform ]###\n",
            "###[ ISAKMP Vendor ID ]###\n           next_payload= None\n           res       = 0\n           length    = 20\n           VendorID  = b'\\xaf\\xca\\xd7\\x13h\\xa1\\xf1\\xc9k\\x86\\x96\\xfcwW\\x01' (RFC 3706 DPD)\n",
        ] {
            assert!(text.contains(want), "{want}\nnot in\n{text}");
        }
    }
}
