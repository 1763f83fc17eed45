//! IPv4 (RFC 791), and the IPv4 header an ICMP error quotes (Scapy's IPerror).

use super::{Class, Ops, Proto};
use crate::build::{checksum, f, put16, shown, Ctx, Kind, Template, D, V};
use crate::dissect::bind::{ip_protocol, IP_PROTOCOLS};
use crate::dissect::field::{flag_names, flags, hex, int, named, packets, text, Fields};
use crate::dissect::names;
use crate::dissect::view::{addr4, be16, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

pub const MIN_LEN: usize = 20;

view!(
    /// An IPv4 header (its fixed 20 bytes; options follow up to `ihl`).
    Header,
    MIN_LEN
);

impl Header<'_> {
    pub fn version(&self) -> u8 {
        self.0[0] >> 4
    }
    /// The header length in 32-bit words.
    pub fn ihl(&self) -> u8 {
        self.0[0] & 0x0f
    }
    pub fn tos(&self) -> u8 {
        self.0[1]
    }
    pub fn total_len(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn id(&self) -> u16 {
        be16(self.0, 4)
    }
    /// The three flag bits (reserved "evil", DF, MF), MF lowest.
    pub fn flags(&self) -> u16 {
        be16(self.0, 6) >> 13
    }
    /// The fragment offset, in 8-byte units.
    pub fn frag(&self) -> u16 {
        be16(self.0, 6) & 0x1fff
    }
    pub fn ttl(&self) -> u8 {
        self.0[8]
    }
    pub fn proto(&self) -> u8 {
        self.0[9]
    }
    pub fn chksum(&self) -> u16 {
        be16(self.0, 10)
    }
    pub fn src(&self) -> [u8; 4] {
        addr4(self.0, 12)
    }
    pub fn dst(&self) -> [u8; 4] {
        addr4(self.0, 16)
    }
}

/// IP flag names joined by `+`, as Scapy's FlagValue prints multi-letter names.
pub fn flags_text(v: u16) -> String {
    flag_names(v as u64, &["MF", "DF", "evil"])
}

pub static IP: Ops = Ops {
    classes: &[Class::new("IP", "IP", "scapy.layers.inet")],
    class: |_| &IP.classes[0],
    fields,
    summary,
};

pub static IP_ERROR: Ops = Ops {
    classes: &[Class::new("IPerror", "IP in ICMP", "scapy.layers.inet")],
    class: |_| &IP_ERROR.classes[0],
    fields,
    summary: super::no_summary,
};

/// The IPv4 header an ICMP error quotes.
pub fn parse_quoted(w: &mut Walk) -> Next {
    w.quoted = true;
    parse(w)
}

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let ihl = h.ihl() as usize * 4;
    let total = h.total_len() as usize;
    let hl = ihl.max(MIN_LEN).min(w.rest());
    // Scapy: payload = the IP length less the header; the rest is padding.
    if total >= ihl && w.at + total < w.end && total >= hl {
        w.cut(w.at + total);
    }
    let (frag, proto) = (h.frag(), h.proto());
    w.push(if w.quoted { Proto::IpError } else { Proto::Ip }, hl);
    if frag != 0 {
        Next::Raw
    } else {
        ip_protocol(IP_PROTOCOLS, proto, w.quoted)
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let mut f = vec![
        ("version", int(h.version())),
        ("ihl", int(h.ihl())),
        ("tos", hex(h.tos())),
        ("len", int(h.total_len())),
        ("id", int(h.id())),
        ("flags", flags(h.flags(), false, flags_text(h.flags()))),
        ("frag", int(h.frag())),
        ("ttl", int(h.ttl())),
        ("proto", named(h.proto(), names::ip_proto(h.proto()))),
        ("chksum", hex(h.chksum())),
        ("src", text(ipv4_str(&h.src()))),
        ("dst", text(ipv4_str(&h.dst()))),
    ];
    // Scapy shows the option list even when it is empty.
    let end = (h.ihl() as usize * 4).min(h.0.len());
    let opts = h.0.get(MIN_LEN..end).unwrap_or(&[]);
    f.push(("options", packets(super::ipopt::options(opts))));
    f
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    let mut out = format!(
        "{} > {} {}",
        ipv4_str(&h.src()),
        ipv4_str(&h.dst()),
        names::ip_proto(h.proto())
    );
    if h.frag() != 0 {
        out.push_str(&format!(" frag:{}", h.frag()));
    }
    out
}

/// The source and destination of an IPv4 or IPv6 layer, as text (summaries of the
/// layers above show them).
pub fn addrs(p: &Packet, i: usize) -> (String, String) {
    match p.layers()[i].proto {
        Proto::Ipv6 | Proto::Ipv6Error => match p.view::<super::ipv6::Header>(i) {
            Some(h) => (h.src_str(), h.dst_str()),
            None => Default::default(),
        },
        _ => match p.view::<Header>(i) {
            Some(h) => (ipv4_str(&h.src()), ipv4_str(&h.dst())),
            None => Default::default(),
        },
    }
}

fn proto_name(n: i64) -> String {
    names::ip_proto(n as u8)
}

/// `IP(dst=..., ttl=...)`: `ihl`, `len` and `chksum` computed, `proto` from the layer
/// above, `src` from the route to `dst`.
pub static BUILD: Template = Template {
    class: "IP",
    fields: &[
        f("version", "BitField  (4 bits)", Kind::Int, D::Int(4)),
        f("ihl", "BitField  (4 bits)", Kind::Int, D::None),
        f("tos", "XByteField", Kind::Int, D::Int(0)),
        f("len", "ShortField", Kind::Int, D::None),
        f("id", "ShortField", Kind::Int, D::Int(1)),
        f(
            "flags",
            "FlagsField",
            Kind::Flags(&["MF", "DF", "evil"]),
            D::Int(0),
        ),
        f("frag", "BitField  (13 bits)", Kind::Int, D::Int(0)),
        f("ttl", "ByteField", Kind::Int, D::Int(64)),
        f(
            "proto",
            "ByteEnumField",
            Kind::Enum(proto_name, 255),
            D::Int(0),
        ),
        f("chksum", "XShortField", Kind::Int, D::None),
        shown("src", "SourceIPField", Kind::Ip4),
        shown("dst", "DestIPField", Kind::Ip4),
        f("options", "PacketListField", Kind::IpOptions, D::List),
    ],
    build: build_ip,
    start: parse,
    linktype: crate::dissect::linktype::IPV4,
    options_at: MIN_LEN,
};

fn build_ip(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut opts = match c.get("options") {
        V::Bytes(b) => b.clone(),
        _ => Vec::new(),
    };
    while opts.len() % 4 != 0 {
        opts.push(0);
    }
    let ihl = c.opt("ihl")?.unwrap_or(5 + opts.len() as i64 / 4);
    let len = c
        .opt("len")?
        .unwrap_or((MIN_LEN + opts.len() + c.payload.len()) as i64);
    let mut o = Vec::with_capacity(MIN_LEN + opts.len() + c.payload.len());
    o.push(((c.int("version")? & 15) << 4 | (ihl & 15)) as u8);
    o.push(c.int("tos")? as u8);
    put16(&mut o, len);
    put16(&mut o, c.int("id")?);
    put16(
        &mut o,
        (c.int("flags")? & 7) << 13 | (c.int("frag")? & 0x1fff),
    );
    o.push(c.int("ttl")? as u8);
    o.push(c.int("proto")? as u8);
    put16(&mut o, 0);
    o.extend_from_slice(&c.get("src").ip4("src")?);
    o.extend_from_slice(&c.get("dst").ip4("dst")?);
    o.extend_from_slice(&opts);
    let ck = match c.opt("chksum")? {
        Some(v) => v as u16,
        None => checksum(&o),
    };
    o[10..12].copy_from_slice(&ck.to_be_bytes());
    o.extend_from_slice(c.payload);
    Ok(o)
}
