//! IPv6 (RFC 8200) and its extension headers; the IPv6 header an ICMPv6 error quotes.

use super::{no_summary, Class, Ops, Proto};
use crate::build::{f, put16, put32, shown, Ctx, Kind, Template, D};
use crate::dissect::bind::{ip_protocol, IPV6_HEADERS};
use crate::dissect::field::{int, named, packets, text, Fields};
use crate::dissect::names;
use crate::dissect::view::{addr16, be16, be32, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv6_str;

pub const LEN: usize = 40;

view!(
    /// An IPv6 header, 40 bytes.
    Header,
    LEN
);

impl Header<'_> {
    pub fn version(&self) -> u32 {
        be32(self.0, 0) >> 28
    }
    pub fn tc(&self) -> u32 {
        (be32(self.0, 0) >> 20) & 0xff
    }
    pub fn fl(&self) -> u32 {
        be32(self.0, 0) & 0xfffff
    }
    pub fn plen(&self) -> u16 {
        be16(self.0, 4)
    }
    pub fn nh(&self) -> u8 {
        self.0[6]
    }
    pub fn hlim(&self) -> u8 {
        self.0[7]
    }
    pub fn src(&self) -> [u8; 16] {
        addr16(self.0, 8)
    }
    pub fn dst(&self) -> [u8; 16] {
        addr16(self.0, 24)
    }
    pub fn src_str(&self) -> String {
        ipv6_str(&self.src())
    }
    pub fn dst_str(&self) -> String {
        ipv6_str(&self.dst())
    }
}

view!(
    /// An extension header: next header, then its length in 8-byte units past the first 8.
    Ext,
    2
);

impl Ext<'_> {
    pub fn nh(&self) -> u8 {
        self.0[0]
    }
    pub fn len_words(&self) -> u8 {
        self.0[1]
    }
}

view!(
    /// The fragment header, 8 bytes.
    Fragment,
    8
);

impl Fragment<'_> {
    pub fn nh(&self) -> u8 {
        self.0[0]
    }
    pub fn res1(&self) -> u8 {
        self.0[1]
    }
    pub fn offset(&self) -> u16 {
        be16(self.0, 2) >> 3
    }
    pub fn res2(&self) -> u16 {
        (be16(self.0, 2) >> 1) & 3
    }
    pub fn m(&self) -> u16 {
        be16(self.0, 2) & 1
    }
    pub fn id(&self) -> u32 {
        be32(self.0, 4)
    }
}

pub static IPV6: Ops = Ops {
    classes: &[Class::new("IPv6", "IPv6", "scapy.layers.inet6")],
    class: |_| &IPV6.classes[0],
    fields,
    summary,
};

pub static IPV6_ERROR: Ops = Ops {
    classes: &[Class::new(
        "IPerror6",
        "IPv6 in ICMPv6",
        "scapy.layers.inet6",
    )],
    class: |_| &IPV6_ERROR.classes[0],
    fields,
    summary: no_summary,
};

pub static HOP_BY_HOP: Ops = Ops {
    classes: &[Class::new(
        "IPv6ExtHdrHopByHop",
        "IPv6 Extension Header - Hop-by-Hop Options Header",
        "scapy.layers.inet6",
    )],
    class: |_| &HOP_BY_HOP.classes[0],
    fields: options_fields,
    summary: no_summary,
};

pub static DEST_OPT: Ops = Ops {
    classes: &[Class::new(
        "IPv6ExtHdrDestOpt",
        "IPv6 Extension Header - Destination Options Header",
        "scapy.layers.inet6",
    )],
    class: |_| &DEST_OPT.classes[0],
    fields: options_fields,
    summary: no_summary,
};

pub static ROUTING: Ops = Ops {
    classes: &[Class::new(
        "IPv6ExtHdrRouting",
        "IPv6 Option Header Routing",
        "scapy.layers.inet6",
    )],
    class: |_| &ROUTING.classes[0],
    fields: routing_fields,
    summary: no_summary,
};

pub static FRAGMENT: Ops = Ops {
    classes: &[Class::new(
        "IPv6ExtHdrFragment",
        "IPv6 Extension Header - Fragmentation header",
        "scapy.layers.inet6",
    )],
    class: |_| &FRAGMENT.classes[0],
    fields: fragment_fields,
    summary: no_summary,
};

/// The IPv6 header an ICMPv6 error quotes.
pub fn parse_quoted(w: &mut Walk) -> Next {
    w.quoted = true;
    parse(w)
}

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let (plen, nh) = (h.plen() as usize, h.nh());
    // A jumbogram (payload length 0 with a hop-by-hop header) keeps all it has.
    if !(plen == 0 && nh == 0) && w.at + LEN + plen < w.end {
        w.cut(w.at + LEN + plen);
    }
    w.push(
        if w.quoted {
            Proto::Ipv6Error
        } else {
            Proto::Ipv6
        },
        LEN,
    );
    // Scapy's IPv6 guesses a mobility header itself (not after extension headers).
    if nh == 135 && !w.quoted && w.rest() > 3 {
        return Next::Parse(super::mip6::parse);
    }
    next_header(w, nh)
}

/// What an IPv6 next-header value (after IPv6, an extension header or AH) names.
pub fn next_header(w: &Walk, nh: u8) -> Next {
    ip_protocol(IPV6_HEADERS, nh, w.quoted)
}

fn ext(w: &mut Walk, proto: Proto) -> Next {
    let Some(h) = Ext::new(w.here()) else {
        return Next::Raw;
    };
    let len = (h.len_words() as usize + 1) * 8;
    if w.rest() < len {
        return Next::Raw;
    }
    let nh = h.nh();
    w.push(proto, len);
    next_header(w, nh)
}

pub fn parse_hop_by_hop(w: &mut Walk) -> Next {
    ext(w, Proto::HopByHop)
}

pub fn parse_routing(w: &mut Walk) -> Next {
    ext(w, Proto::Routing)
}

pub fn parse_dest_opt(w: &mut Walk) -> Next {
    ext(w, Proto::DestOpt)
}

/// A fragment: only the first (offset 0) is dissected further.
pub fn parse_fragment(w: &mut Walk) -> Next {
    let Some(h) = Fragment::new(w.here()) else {
        return Next::Raw;
    };
    let (nh, off) = (h.nh(), h.offset());
    w.push(Proto::Fragment6, 8);
    if off != 0 {
        Next::Raw
    } else {
        next_header(w, nh)
    }
}

fn nh_field(nh: u8) -> crate::dissect::field::Field {
    named(nh, names::ipv6_nh(nh))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    vec![
        ("version", int(h.version())),
        ("tc", int(h.tc())),
        ("fl", int(h.fl())),
        ("plen", int(h.plen())),
        ("nh", nh_field(h.nh())),
        ("hlim", int(h.hlim())),
        ("src", text(h.src_str())),
        ("dst", text(h.dst_str())),
    ]
}

fn options_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Ext>(i) else {
        return vec![];
    };
    let b = h.0;
    let end = ((h.len_words() as usize + 1) * 8).min(b.len());
    let opts = super::hbhopt::options(b.get(2..end).unwrap_or(&[]));
    vec![
        ("nh", nh_field(h.nh())),
        ("len", int(h.len_words())),
        ("autopad", named(1, "On".into())),
        ("options", packets(opts)),
    ]
}

fn routing_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Ext>(i) else {
        return vec![];
    };
    let b = h.0;
    let (kind, segleft) = (b.get(2).copied(), b.get(3).copied());
    let addrs: Vec<String> = b
        .get(8..)
        .unwrap_or(&[])
        .chunks_exact(16)
        .map(|c| ipv6_str(&addr16(c, 0)))
        .collect();
    vec![
        ("nh", nh_field(h.nh())),
        ("len", int(h.len_words())),
        ("type", int(kind.unwrap_or(0))),
        ("segleft", int(segleft.unwrap_or(0))),
        ("reserved", int(if b.len() >= 8 { be32(b, 4) } else { 0 })),
        ("addresses", text(format!("[ {} ]", addrs.join(", ")))),
    ]
}

fn fragment_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Fragment>(i) else {
        return vec![];
    };
    vec![
        ("nh", nh_field(h.nh())),
        ("res1", int(h.res1())),
        ("offset", int(h.offset())),
        ("res2", int(h.res2())),
        ("m", int(h.m())),
        ("id", int(h.id())),
    ]
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    format!("{} > {} ({})", h.src_str(), h.dst_str(), h.nh())
}

fn nh_name(n: i64) -> String {
    names::ipv6_nh(n as u8)
}

/// `IPv6(dst=...)`: `plen` computed, `nh` from the layer above, `src` from the route.
pub static BUILD: Template = Template {
    class: "IPv6",
    fields: &[
        f("version", "BitField  (4 bits)", Kind::Int, D::Int(6)),
        f("tc", "BitField  (8 bits)", Kind::Int, D::Int(0)),
        f("fl", "BitField  (20 bits)", Kind::Int, D::Int(0)),
        f("plen", "ShortField", Kind::Int, D::None),
        f("nh", "ByteEnumField", Kind::Enum(nh_name, 255), D::Int(59)),
        f("hlim", "ByteField", Kind::Int, D::Int(64)),
        shown("src", "SourceIP6Field", Kind::Ip6),
        shown("dst", "DestIP6Field", Kind::Ip6),
    ],
    build: build_ipv6,
    start: parse,
    linktype: crate::dissect::linktype::IPV6,
    options_at: 0,
};

fn build_ipv6(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = Vec::with_capacity(40 + c.payload.len());
    let first =
        (c.int("version")? & 15) << 28 | (c.int("tc")? & 255) << 20 | (c.int("fl")? & 0xfffff);
    put32(&mut o, first);
    put16(&mut o, c.opt("plen")?.unwrap_or(c.payload.len() as i64));
    o.push(c.int("nh")? as u8);
    o.push(c.int("hlim")? as u8);
    o.extend_from_slice(&c.get("src").ip6("src")?);
    o.extend_from_slice(&c.get("dst").ip6("dst")?);
    o.extend_from_slice(c.payload);
    Ok(o)
}
