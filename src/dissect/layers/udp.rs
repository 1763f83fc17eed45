//! UDP (RFC 768), and the UDP header an ICMP error quotes (Scapy's UDPerror).

use super::{Class, Ops, Proto};
use crate::build::{f, put16, Ctx, Kind, Template, D};
use crate::dissect::bind::{port, UDP_PORTS};
use crate::dissect::field::{hex, int, named, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, view, View};
use crate::dissect::{Next, Packet, Walk};

pub const LEN: usize = 8;

view!(
    /// A UDP header, 8 bytes.
    Header,
    LEN
);

impl Header<'_> {
    pub fn sport(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn dport(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn length(&self) -> u16 {
        be16(self.0, 4)
    }
    pub fn chksum(&self) -> u16 {
        be16(self.0, 6)
    }
}

pub static UDP: Ops = Ops {
    classes: &[Class::new("UDP", "UDP", "scapy.layers.inet")],
    class: |_| &UDP.classes[0],
    fields,
    summary,
};

pub static UDP_ERROR: Ops = Ops {
    classes: &[Class::new("UDPerror", "UDP in ICMP", "scapy.layers.inet")],
    class: |_| &UDP_ERROR.classes[0],
    fields,
    summary: super::no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    // Scapy slices the payload at `len - 8`, Python-style (negative counts from the end).
    let keep = crate::dissect::view::py_len(w.rest() - LEN, h.length() as i64 - LEN as i64);
    w.cut(w.at + LEN + keep);
    w.push(
        if w.quoted {
            Proto::UdpError
        } else {
            Proto::Udp
        },
        LEN,
    );
    if w.at >= w.end {
        Next::Done
    } else {
        port(UDP_PORTS, h.sport(), h.dport(), w.extended, w.loaded)
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let (sp, dp) = (h.sport(), h.dport());
    vec![
        ("sport", named(sp, names::udp_port(sp))),
        ("dport", named(dp, names::udp_port(dp))),
        ("len", int(h.length())),
        ("chksum", hex(h.chksum())),
    ]
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    let (sp, dp) = (names::udp_port(h.sport()), names::udp_port(h.dport()));
    match p.under(i) {
        Some(Proto::Ip | Proto::IpError | Proto::Ipv6) => {
            let (s, d) = super::ipv4::addrs(p, i - 1);
            format!("UDP {s}:{sp} > {d}:{dp}")
        }
        _ => format!("UDP {sp} > {dp}"),
    }
}

fn port_name(n: i64) -> String {
    names::udp_port(n as u16)
}

/// `UDP(sport=..., dport=...)`: `len` and `chksum` computed.
pub static BUILD: Template = Template {
    class: "UDP",
    fields: &[
        f(
            "sport",
            "ShortEnumField",
            Kind::Enum(port_name, 65535),
            D::Int(53),
        ),
        f(
            "dport",
            "ShortEnumField",
            Kind::Enum(port_name, 65535),
            D::Int(53),
        ),
        f("len", "ShortField", Kind::Int, D::None),
        f("chksum", "XShortField", Kind::Int, D::None),
    ],
    build: build_udp,
    start: parse,
    linktype: 0,
    options_at: 0,
};

fn build_udp(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = Vec::with_capacity(8 + c.payload.len());
    put16(&mut o, c.int("sport")?);
    put16(&mut o, c.int("dport")?);
    put16(&mut o, c.opt("len")?.unwrap_or(8 + c.payload.len() as i64));
    put16(&mut o, 0);
    o.extend_from_slice(c.payload);
    let ck = match c.opt("chksum")? {
        Some(v) => v as u16,
        // A computed checksum of 0 is sent as 0xffff (RFC 768).
        None => match crate::build::l4_checksum(c, 17, &o)? {
            Some(0) => 0xffff,
            Some(x) => x,
            None => 0,
        },
    };
    o[6..8].copy_from_slice(&ck.to_be_bytes());
    Ok(o)
}
