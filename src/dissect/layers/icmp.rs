//! ICMP (RFC 792), with the RFC 4884 extension after an error, and the ICMP header an
//! ICMP error quotes (Scapy's ICMPerror).

use super::{Class, Ops, Proto};
use crate::build::{checksum, f, put16, put32, Ctx, Kind, Template, D, V};
use crate::dissect::field::{bytes, hex, int, named, text, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, be32, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

/// An ICMP header; its length depends on the type (timestamps 20, masks 12, others 8).
pub struct Header<'a>(&'a [u8]);

impl<'a> View<'a> for Header<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        let t = *b.first()?;
        (b.len() >= header_len(t)).then_some(Header(b))
    }
}

/// Scapy's ICMP header length for a message type.
pub fn header_len(t: u8) -> usize {
    match t {
        13 | 14 => 20,
        17 | 18 => 12,
        _ => 8,
    }
}

/// The types whose bytes 4..8 are an identifier and a sequence number.
pub const ID_TYPES: [u8; 10] = [0, 8, 13, 14, 15, 16, 17, 18, 37, 38];

/// Error types, which quote the offending packet.
fn is_error(t: u8) -> bool {
    matches!(t, 3 | 4 | 5 | 11 | 12)
}

impl<'a> Header<'a> {
    pub fn kind(&self) -> u8 {
        self.0[0]
    }
    pub fn code(&self) -> u8 {
        self.0[1]
    }
    pub fn chksum(&self) -> u16 {
        be16(self.0, 2)
    }
    /// The identifier of an echo, timestamp, information or mask message; 0 otherwise.
    pub fn id(&self) -> u16 {
        if ID_TYPES.contains(&self.kind()) {
            be16(self.0, 4)
        } else {
            0
        }
    }
    pub fn seq(&self) -> u16 {
        be16(self.0, 6)
    }
    fn byte(&self, at: usize) -> u8 {
        self.0[at]
    }
    fn word(&self, at: usize) -> u16 {
        be16(self.0, at)
    }
    fn long(&self, at: usize) -> u32 {
        be32(self.0, at)
    }
}

pub static ICMP: Ops = Ops {
    classes: &[Class::new("ICMP", "ICMP", "scapy.layers.inet")],
    class: |_| &ICMP.classes[0],
    fields,
    summary,
};

pub static ICMP_ERROR: Ops = Ops {
    classes: &[Class::new("ICMPerror", "ICMP in ICMP", "scapy.layers.inet")],
    class: |_| &ICMP_ERROR.classes[0],
    fields,
    summary: super::no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let (t, hl, start) = (h.kind(), header_len(h.kind()), w.at);
    let index = w.next_index();
    w.push(
        if w.quoted {
            Proto::IcmpError
        } else {
            Proto::Icmp
        },
        hl,
    );
    // RFC 4884 (the padding the quoted packet leaves is dropped).
    if matches!(t, 3 | 11 | 12) {
        mark_ext(w, index, start, hl);
    }
    if is_error(t) {
        Next::Parse(super::ipv4::parse_quoted)
    } else {
        Next::Raw
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let t = h.kind();
    let mut f = vec![
        ("type", named(t, names::icmp_type(t))),
        ("code", named(h.code(), names::icmp_code(t, h.code()))),
        ("chksum", hex(h.chksum())),
    ];
    if ID_TYPES.contains(&t) {
        f.push(("id", hex(h.id())));
        f.push(("seq", hex(h.seq())));
    }
    match t {
        3 => f.extend([
            ("reserved", int(h.byte(4))),
            ("length", int(h.byte(5))),
            ("nexthopmtu", int(h.word(6))),
        ]),
        5 => f.push(("gw", text(ipv4_str(&h.0[4..8])))),
        11 => f.extend([
            ("reserved", int(h.byte(4))),
            ("length", int(h.byte(5))),
            ("unused", int(h.word(6))),
        ]),
        12 => f.extend([
            ("ptr", int(h.byte(4))),
            ("length", int(h.byte(5))),
            ("unused", int(h.word(6))),
        ]),
        13 | 14 => f.extend([
            ("ts_ori", timestamp(h.long(8))),
            ("ts_rx", timestamp(h.long(12))),
            ("ts_tx", timestamp(h.long(16))),
        ]),
        17 | 18 => f.push(("addr_mask", text(ipv4_str(&h.0[8..12])))),
        _ => {}
    }
    if matches!(t, 0 | 3 | 5 | 8 | 13 | 14 | 15 | 16 | 17 | 18) {
        f.push(("unused", bytes(b"")));
    } else if !matches!(t, 11 | 12) {
        f.push(("unused", int(h.long(4))));
    }
    if matches!(t, 3 | 11 | 12) && p.layers()[i].proto == Proto::Icmp {
        ext_fields(p, i, &mut f);
    }
    f
}

/// RFC 4884's `extpad` and `ext`, which Scapy lists for every ICMP and ICMPv6 error that
/// may carry an extension, with or without one.
pub fn ext_fields(p: &Packet, i: usize, f: &mut Fields) {
    match p.icmp_ext {
        Some((at, s, e)) if at as usize == i => {
            let (ps, pe) = (p.icmp_pad.0 as usize, p.icmp_pad.1 as usize);
            let pad = &p.data[ps..pe];
            let mut extpad = bytes(pad);
            if !pad.is_empty() && pad.iter().all(|&b| b == 0) {
                extpad.show = format!("b'' ({} octets)", pad.len());
            }
            f.push(("extpad", extpad));
            f.push(("ext", extension(&p.data[s as usize..e as usize])));
        }
        _ => {
            f.push(("extpad", bytes(b"")));
            f.push(("ext", crate::dissect::field::none()));
        }
    }
}

/// RFC 4884: an ICMP or ICMPv6 error of 144 bytes or more carries an extension structure
/// from byte 136 on; Scapy reads it there, whatever it holds, and cuts the quoted packet
/// at that byte.
pub fn mark_ext(w: &mut Walk, index: usize, start: usize, hl: usize) {
    if w.end - start >= 144 && hl <= 136 {
        w.icmp_ext = Some((index, start + 136, w.end));
        w.set_end(start + 136);
    }
}

/// The RFC 4884 extension structure as Scapy's `ext` field holds it: the header, then
/// one object (RFC 5837's interface information by its class), then the rest as Raw.
fn extension(d: &[u8]) -> crate::dissect::field::Field {
    use crate::dissect::field::{held, Nested};
    let raw = |b: &[u8]| Nested {
        class: "Raw",
        display: "Raw",
        fields: vec![("load", bytes(b))],
    };
    let mut list = vec![Nested {
        class: "ICMPExtension_Header",
        display: "ICMP Extension Header (RFC4884)",
        fields: vec![
            ("version", int(d[0] >> 4)),
            ("reserved", int(u16::from_be_bytes([d[0] & 0x0f, d[1]]))),
            ("chksum", hex(u16::from_be_bytes([d[2], d[3]]))),
        ],
    }];
    let rest = &d[4..];
    if rest.len() < 4 {
        if !rest.is_empty() {
            list.push(raw(rest));
        }
        return held(list);
    }
    let mut f = vec![
        ("len", int(u16::from_be_bytes([rest[0], rest[1]]))),
        (
            "classnum",
            crate::dissect::field::enum_field(rest[2], ICMP_EXT_CLASSES),
        ),
    ];
    let mut at = 4;
    let info = rest[2] == 2 && interface_info(rest, &mut f, &mut at);
    if !info {
        f.truncate(2);
        f.push(("classtype", int(rest[3])));
        at = 4;
    }
    list.push(Nested {
        class: if info {
            "ICMPExtension_InterfaceInformation"
        } else {
            "ICMPExtension_Object"
        },
        display: if info {
            "ICMP Extension Object - Interface Information Object (RFC5837)"
        } else {
            "ICMP Extension Object"
        },
        fields: f,
    });
    if at < rest.len() {
        list.push(raw(&rest[at..]));
    }
    held(list)
}

const ICMP_EXT_CLASSES: &[(i64, &str)] = &[
    (1, "MPLS"),
    (2, "Interface Information"),
    (3, "Interface Identification"),
    (4, "Extended Information"),
];

/// RFC 5837's fields after the object header, as far as the flags ask for them; false
/// when the bytes run out (the object is then shown as a plain one).
fn interface_info(d: &[u8], f: &mut Fields, at: &mut usize) -> bool {
    let c = d[3];
    f.extend([
        ("classtype", int(c >> 6)),
        ("reserved", int((c >> 4) & 3)),
        ("has_ifindex", int((c >> 3) & 1)),
        ("has_ipaddr", int((c >> 2) & 1)),
        ("has_ifname", int((c >> 1) & 1)),
        ("has_mtu", int(c & 1)),
    ]);
    let take = |at: &mut usize, n: usize| -> Option<&[u8]> {
        let b = d.get(*at..*at + n)?;
        *at += n;
        Some(b)
    };
    let mut go = || -> Option<()> {
        if c & 8 != 0 {
            let b = take(at, 4)?;
            f.push(("ifindex", int(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))));
        }
        if c & 4 != 0 {
            let b = take(at, 4)?;
            let afi = u16::from_be_bytes([b[0], b[1]]);
            f.push(("afi", int(afi)));
            f.push(("reserved2", int(u16::from_be_bytes([b[2], b[3]]))));
            if afi == 1 {
                f.push(("ip4", text(ipv4_str(take(at, 4)?))));
            } else if afi == 2 {
                let b = take(at, 16)?;
                let a: [u8; 16] = b.try_into().ok()?;
                f.push(("ip6", text(std::net::Ipv6Addr::from(a).to_string())));
            }
        }
        if c & 2 != 0 {
            let n = take(at, 1)?[0] as usize;
            f.push(("ifname_len", int(n as u8)));
            f.push(("ifname", bytes(take(at, n)?)));
        }
        if c & 1 != 0 {
            let b = take(at, 4)?;
            f.push(("mtu", int(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))));
        }
        Some(())
    };
    go().is_some()
}

/// Milliseconds since midnight UTC (RFC 792), shown as Scapy does: `4:28:51.171`.
fn timestamp(ms: u32) -> crate::dissect::field::Field {
    let (sec, milli) = (ms / 1000, ms % 1000);
    named(
        ms,
        format!("{}:{}:{}.{milli}", sec / 3600, sec / 60 % 60, sec % 60),
    )
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    let t = h.kind();
    let tc = format!("{} {}", names::icmp_type(t), names::icmp_code(t, h.code()));
    let ext = match p.icmp_ext {
        Some((li, s, e)) if li as usize == i => {
            let x = &p.data[s as usize..e as usize];
            if x.len() >= 8 {
                format!(" ext:{}", names::icmp_ext_class(x[6]))
            } else {
                " ext:??".to_string()
            }
        }
        _ => String::new(),
    };
    match p.under(i) {
        Some(Proto::Ip | Proto::IpError) => {
            let (s, d) = super::ipv4::addrs(p, i - 1);
            format!("ICMP {s} > {d} {tc}{ext}")
        }
        _ => format!("ICMP {tc}{ext}"),
    }
}

fn type_name(n: i64) -> String {
    names::icmp_type(n as u8)
}

/// `ICMP(type=..., code=..., id=..., seq=...)`: the fields a type has follow RFC 792
/// as Scapy lays them out; `chksum` computed.
pub static BUILD: Template = Template {
    class: "ICMP",
    fields: &[
        f(
            "type",
            "ByteEnumField",
            Kind::Enum(type_name, 255),
            D::Int(8),
        ),
        f(
            "code",
            "MultiEnumField (Depends on 8)",
            Kind::Int,
            D::Int(0),
        ),
        f("chksum", "XShortField", Kind::Int, D::None),
        f("id", "XShortField (Cond)", Kind::Int, D::Int(0)),
        f("seq", "XShortField (Cond)", Kind::Int, D::Int(0)),
        f("ts_ori", "ICMPTimeStampField (Cond)", Kind::Int, D::Now),
        f("ts_rx", "ICMPTimeStampField (Cond)", Kind::Int, D::Now),
        f("ts_tx", "ICMPTimeStampField (Cond)", Kind::Int, D::Now),
        f("gw", "IPField (Cond)", Kind::Ip4, D::Str("0.0.0.0")),
        f("ptr", "ByteField (Cond)", Kind::Int, D::Int(0)),
        f("reserved", "ByteField (Cond)", Kind::Int, D::Int(0)),
        f("length", "ByteField (Cond)", Kind::Int, D::Int(0)),
        f("addr_mask", "IPField (Cond)", Kind::Ip4, D::Str("0.0.0.0")),
        f("nexthopmtu", "ShortField (Cond)", Kind::Int, D::Int(0)),
        f(
            "unused",
            "MultipleTypeField (ShortField, IntField, StrFixedLenField)",
            Kind::RData,
            D::Bytes(b""),
        ),
        f(
            "extpad",
            "_ICMPExtensionPadField (Cond)",
            Kind::Bytes,
            D::Bytes(b""),
        ),
        f("ext", "_ICMPExtensionField (Cond)", Kind::Bytes, D::None),
    ],
    build: build_icmp,
    start: parse,
    linktype: 0,
    options_at: 0,
};

fn build_icmp(c: &Ctx) -> Result<Vec<u8>, String> {
    let t = c.int("type")?;
    let mut o = Vec::with_capacity(8 + c.payload.len());
    o.push(t as u8);
    o.push(c.int("code")? as u8);
    put16(&mut o, 0);
    if ID_TYPES.contains(&(t as u8)) {
        put16(&mut o, c.int("id")?);
        put16(&mut o, c.int("seq")?);
    }
    if t == 13 || t == 14 {
        for n in ["ts_ori", "ts_rx", "ts_tx"] {
            put32(&mut o, c.int(n)?);
        }
    }
    if t == 5 {
        o.extend_from_slice(&c.get("gw").ip4("gw")?);
    }
    if t == 12 {
        o.push(c.int("ptr")? as u8);
    }
    if t == 3 || t == 11 {
        o.push(c.int("reserved")? as u8);
    }
    if matches!(t, 3 | 11 | 12) {
        o.push(c.int("length")? as u8);
    }
    if t == 17 || t == 18 {
        o.extend_from_slice(&c.get("addr_mask").ip4("addr_mask")?);
    }
    if t == 3 {
        put16(&mut o, c.int("nexthopmtu")?);
    }
    let unused = match c.get("unused") {
        V::Int(n) => *n,
        _ => 0,
    };
    match t {
        11 | 12 => put16(&mut o, unused),
        0 | 3 | 5 | 8 | 13..=18 => {}
        _ => put32(&mut o, unused),
    }
    o.extend_from_slice(c.payload);
    let ck = match c.opt("chksum")? {
        Some(v) => v as u16,
        None => checksum(&o),
    };
    o[2..4].copy_from_slice(&ck.to_be_bytes());
    Ok(o)
}
