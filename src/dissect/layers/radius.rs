//! RADIUS (RFC 2865, 2866, 3579, 5176) as Scapy 2.8.0's `scapy.layers.radius` dissects it
//! on UDP 1812, 1813 and 3799: one `Radius` layer whose `attributes` field holds the
//! attributes, each of the class Scapy registers for its type (`RadiusAttr_User_Name`,
//! `RadiusAttr_NAS_IP_Address`, `RadiusAttr_EAP_Message` with the EAP message inside it,
//! `RadiusAttr_Vendor_Specific` with Microsoft's MS-CHAP values ...), else
//! `RadiusAttribute`. EAP messages split over several attributes are joined, as Scapy's
//! auto-defrag joins them. Bytes after the length are Raw after the layer.

use super::radius_tables::{ATTRIBUTES, CLASSES, CODES, KINDS, MICROSOFT, VALUES};
use super::{Ops, Proto};
use crate::dissect::field::{
    bytes, enum_field, fixed_str, held, int, none, packets, raw, text, xstr, FieldValue, Fields,
    Nested,
};
use crate::dissect::view::py_split as split;
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

pub const MODULE: &str = "scapy.layers.radius";

/// How an attribute class reads its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Bytes of `len - 2` (Scapy's StrLenField).
    Str,
    /// A 32-bit integer.
    Int,
    /// Bytes shown in hex, `len - 2` of them (0 when `len` is 0).
    Hex,
    /// An IPv4 address.
    Ip,
    /// A 32-bit integer named by the type's table.
    Enum,
    /// Message-Authenticator: 16 bytes shown in hex.
    Auth,
    /// EAP-Message: an EAP packet.
    Eap,
    /// Vendor-Specific: vendor id, type, length, value.
    Vendor,
}

pub static RADIUS: Ops = Ops {
    classes: CLASSES,
    class: |_| &CLASSES[0],
    fields,
    summary,
};

/// Scapy's `conf.max_list_count`: a list with more items fails the whole layer.
const MAX_ITEMS: usize = 100;

/// After UDP on port 1812, 1813 or 3799.
pub fn parse(w: &mut Walk) -> Next {
    // Keys need the layer only: the attributes are read when the packet is looked at.
    if !w.full {
        if w.rest() >= 4 {
            w.push(Proto::Radius, w.rest());
        }
        return Next::Raw;
    }
    if let Some((_, used)) = decode(w.here()) {
        w.push(Proto::Radius, used);
    }
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    decode(p.layers()[i].bytes(p.data)).map_or_else(Vec::new, |(f, _)| f)
}

/// The layer's fields and how many bytes it takes, or None where Scapy's dissection
/// fails (fewer than 4 bytes, more than 100 attributes): then the bytes are Raw.
fn decode(d: &[u8]) -> Option<(Fields, usize)> {
    if d.len() < 4 {
        return None;
    }
    let len = u16::from_be_bytes([d[2], d[3]]);
    let (auth, after) = split(&d[4..], 16);
    let (region, rest) = split(after, len as i64 - 20);
    let attrs = attributes(region);
    if attrs.len() > MAX_ITEMS {
        return None;
    }
    Some((
        vec![
            ("code", enum_field(d[0], CODES)),
            ("id", int(d[1])),
            ("len", int(len)),
            ("authenticator", xstr(auth)),
            ("attributes", packets(attrs)),
        ],
        d.len() - rest.len(),
    ))
}

/// The attribute list: each attribute's class reads what it reads and the rest is the
/// next attribute; one that fails takes the rest as Raw.
fn attributes(mut s: &[u8]) -> Vec<Nested> {
    let mut out = Vec::new();
    while !s.is_empty() && out.len() <= MAX_ITEMS {
        match attribute(s) {
            Some((n, rest)) => {
                out.push(n);
                s = rest;
            }
            None => {
                out.push(raw(s));
                break;
            }
        }
    }
    out
}

fn be32(b: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(..4)?.try_into().ok()?))
}

/// One attribute and the bytes after it, or None where its class fails.
fn attribute(s: &[u8]) -> Option<(Nested, &[u8])> {
    let t = s[0];
    let (class, display, kind) = KINDS
        .iter()
        .find(|k| k.0 == t)
        .map_or(("RadiusAttribute", "Radius Attribute", Kind::Str), |k| {
            (k.1, k.2, k.3)
        });
    let len = *s.get(1)?;
    let body = &s[2..];
    let mut f: Fields = vec![("type", enum_field(t, ATTRIBUTES)), ("len", int(len))];
    let rest = match kind {
        Kind::Str | Kind::Hex => {
            let n = if kind == Kind::Hex && len == 0 {
                0
            } else {
                len as i64 - 2
            };
            let (v, rest) = if n == 0 {
                (&[][..], body)
            } else {
                split(body, n)
            };
            f.push(("value", if kind == Kind::Hex { xstr(v) } else { bytes(v) }));
            rest
        }
        Kind::Int | Kind::Ip | Kind::Enum => {
            let v = be32(body)?;
            f.push((
                "value",
                match kind {
                    Kind::Int => int(v),
                    Kind::Ip => text(ipv4_str(&v.to_be_bytes())),
                    _ => enum_field(v, VALUES.iter().find(|x| x.0 == t).map_or(&[], |x| x.1)),
                },
            ));
            &body[4..]
        }
        Kind::Auth => {
            let (v, rest) = split(body, 16);
            f.push(("value", xstr(v)));
            rest
        }
        Kind::Eap => return eap_message(f, len, body).map(|(f, r)| (nest(class, display, f), r)),
        Kind::Vendor => {
            let id = be32(body)?;
            let (vtype, vlen) = (*body.get(4)?, *body.get(5)?);
            f.push(("vendor_id", enum_field(id, &[(311, "Microsoft")])));
            let types: &[(i64, &str)] = if id == 311 { MICROSOFT } else { &[] };
            f.push(("vendor_type", enum_field(vtype, types)));
            f.push(("vendor_len", int(vlen)));
            let n = vlen as i64 - 2;
            let (v, rest) = if n == 0 {
                (&[][..], &body[6..])
            } else {
                split(&body[6..], n)
            };
            f.push(("value", vendor_value(id, vtype, n, v)));
            rest
        }
    };
    Some((nest(class, display, f), rest))
}

fn nest(class: &'static str, display: &'static str, fields: Fields) -> Nested {
    Nested {
        class,
        display,
        fields,
    }
}

/// An EAP message dissected as Scapy's `EAP(m)` dissects it, or None where that fails.
fn eap(m: &[u8]) -> Option<Vec<Nested>> {
    let p = crate::dissect::dissect_from(super::eapol::parse_eap, m, 0);
    if p.layers().first().is_none_or(|l| l.proto == Proto::Raw) {
        return None;
    }
    Some(crate::dissect::nested_layers(&p))
}

/// EAP-Message: the EAP packet in its value. An EAP message of 254 bytes or more was
/// split over several attributes: Scapy joins the EAP-Message attributes that follow,
/// up to one shorter than 254 bytes, and dissects the whole message in the first.
fn eap_message(mut f: Fields, len: u8, body: &[u8]) -> Option<(Fields, &[u8])> {
    let n = len as i64 - 2;
    if n == 0 {
        f.push(("value", none()));
        return Some((f, body));
    }
    let (m, rest) = split(body, n);
    let whole = m.len() >= 4 && u16::from_be_bytes([m[2], m[3]]) < 254;
    if let Some(layers) = whole.then(|| eap(m)).flatten() {
        f.push(("value", held(layers)));
        return Some((f, rest));
    }
    // The value is Raw: join the fragments that follow.
    let mut buf = m.to_vec();
    let mut x = rest;
    while x.first() == Some(&79) {
        let l = *x.get(1)? as usize;
        if l == 0 {
            break;
        }
        buf.extend_from_slice(x.get(2..l.min(x.len())).unwrap_or(&[]));
        x = &x[l.min(x.len())..];
        if l < 254 {
            f.push(("value", held(eap(&buf)?)));
            return Some((f, x));
        }
    }
    f.push(("value", held(vec![raw(m)])));
    Some((f, rest))
}

/// A vendor-specific value: Microsoft's MS-CHAP values are packets, others bytes.
fn vendor_value(id: u32, vtype: u8, n: i64, v: &[u8]) -> crate::dissect::field::Field {
    let class = match (id, vtype) {
        (311, 25) => "MS_CHAP2_Response",
        (311, 26) => "MS_CHAP2_Success",
        (311, 2) => "MS_CHAP_Error",
        (311, 10) => "MS_CHAP_Domain",
        _ => return bytes(v),
    };
    if n == 0 {
        return none();
    }
    if v.len() < if class == "MS_CHAP2_Response" { 2 } else { 1 } {
        return held(vec![raw(v)]);
    }
    let mut f: Fields = vec![("Ident", int(v[0]))];
    let rest = match class {
        "MS_CHAP2_Response" => {
            f.push(("Flags", int(v[1])));
            let mut at = 2;
            for (name, l) in [("PeerChallenge", 16), ("Reserved", 8), ("Response", 24)] {
                let end = (at + l).min(v.len());
                f.push((name, xstr(&v[at..end])));
                at = end;
            }
            &v[at..]
        }
        "MS_CHAP2_Success" => {
            let (s, rest) = split(&v[1..], 42);
            f.push(("String", fixed_str(s)));
            rest
        }
        _ => {
            f.push(("String", bytes(&v[1..])));
            &[]
        }
    };
    let mut list = vec![nest(class, class, f)];
    if !rest.is_empty() {
        list.push(raw(rest));
    }
    held(list)
}

/// Scapy's `mysummary`: the code, and for an Access-Request the user and how they log on.
fn summary(p: &Packet, i: usize) -> String {
    let f = fields(p, i);
    let code = f.first().map_or(String::new(), |(_, c)| c.show.clone());
    let mut extra = String::new();
    if matches!(f.first(), Some((_, c)) if c.value == FieldValue::Int(1)) {
        let attrs = match f.get(4).map(|(_, a)| &a.value) {
            Some(FieldValue::Packets(l)) => l.as_slice(),
            _ => &[],
        };
        // Scapy keys the attributes by type (vendor and type for vendor-specific ones);
        // the last of a key wins.
        let num = |n: &Nested, name: &str| match n.fields.iter().find(|(k, _)| *k == name) {
            Some((
                _,
                crate::dissect::field::Field {
                    value: FieldValue::Int(v),
                    ..
                },
            )) => Some(*v),
            _ => None,
        };
        let has_type = |t: i64| {
            attrs.iter().any(|a| {
                a.class != "Raw"
                    && a.class != "RadiusAttr_Vendor_Specific"
                    && num(a, "type") == Some(t)
            })
        };
        let has_vendor = |id: i64, t: i64| {
            attrs.iter().any(|a| {
                a.class == "RadiusAttr_Vendor_Specific"
                    && num(a, "vendor_id") == Some(id)
                    && num(a, "vendor_type") == Some(t)
            })
        };
        let user = attrs
            .iter()
            .rev()
            .find(|a| a.class == "RadiusAttr_User_Name");
        if let Some(u) = user {
            if let Some((_, v)) = u.fields.iter().find(|(k, _)| *k == "value") {
                if let FieldValue::Bytes(b) = &v.value {
                    extra.push_str(&format!("User:'{}' ", decode_ignore(b)));
                }
            }
        }
        let how = [(2, "PAP"), (3, "CHAP"), (79, "EAP")]
            .iter()
            .find(|(t, _)| has_type(*t))
            .map(|(_, s)| *s)
            .or_else(|| has_vendor(311, 1).then_some("MS-CHAP"))
            .or_else(|| has_vendor(311, 25).then_some("MS-CHAP2"));
        extra.push_str(how.unwrap_or(""));
    }
    let extra = extra.trim();
    if extra.is_empty() {
        format!("RADIUS {code}")
    } else {
        format!("RADIUS {code} ({extra})")
    }
}

/// Python's `b.decode(errors="ignore")`: invalid UTF-8 sequences are left out.
fn decode_ignore(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.utf8_chunks() {
        out.push_str(chunk.valid());
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    fn frame(radius: &[u8]) -> Vec<u8> {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(40000, 1812)
            .write(&mut b, radius)
            .unwrap();
        b
    }

    /// An Access-Request whose EAP response (an identity of 300 bytes) is split over two
    /// EAP-Message attributes: Scapy joins them into the first and the second is gone.
    #[test]
    fn split_eap_message_is_joined() {
        let mut eap = vec![2, 7, 0x01, 0x31, 1];
        eap.extend(std::iter::repeat_n(b'x', 300));
        let mut attrs = vec![1, 5, b'b', b'o', b'b'];
        attrs.extend([79, 255]);
        attrs.extend(&eap[..253]);
        attrs.extend([79, (eap.len() - 253 + 2) as u8]);
        attrs.extend(&eap[253..]);
        let mut r = vec![1, 9];
        r.extend(((20 + attrs.len()) as u16).to_be_bytes());
        r.extend([0xaa; 16]);
        r.extend(&attrs);
        let b = frame(&r);
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(
            summary(&p),
            "Ether / IP / UDP / RADIUS Access-Request (User:'bob' EAP)"
        );
        let text = show::show(&p, 3);
        assert!(text.contains("   |###[ EAP-Message ]###\n   |  type      = EAP-Message\n   |  len       = 255\n   |  \\value     \\\n   |   |###[ EAP ]###\n   |   |  code      = Response\n"), "{text}");
        assert_eq!(text.matches("###[ EAP-Message ]###").count(), 1, "{text}");
        assert!(text.contains("   |   |  len       = 305\n"), "{text}");
    }

    /// A length below the header's 20 bytes counts from the end, as Python slices: the
    /// attributes end 20 - len bytes before the data does (here 2) and the rest is Raw.
    #[test]
    fn short_length_slices_as_python() {
        let mut r = vec![4, 1, 0, 18];
        r.extend([0; 16]);
        r.extend([1, 5, b'e', b'v', b'e', 0xff, 0xff]);
        let b = frame(&r);
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(
            summary(&p),
            "Ether / IP / UDP / RADIUS Accounting-Request / Raw"
        );
        let text = show::show(&p, 3);
        assert!(text.contains("   |  value     = b'eve'\n"), "{text}");
    }
}
