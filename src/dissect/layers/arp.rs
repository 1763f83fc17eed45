//! ARP (RFC 826), any hardware and protocol address lengths.

use super::{Class, Ops, Proto};
use crate::build::{f, put16, shown, Ctx, Kind, Template, D};
use crate::dissect::field::{bytes, hex, int, named, text, Field, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{bytes_repr, ipv4_str, ipv6_str, mac_str};

/// An ARP message; `new` checks that all four addresses are there.
pub struct Header<'a>(&'a [u8]);

impl<'a> View<'a> for Header<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        if b.len() < 8 {
            return None;
        }
        let h = Header(b);
        (b.len() >= h.header_len()).then_some(h)
    }
}

impl<'a> Header<'a> {
    pub fn hwtype(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn ptype(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn hwlen(&self) -> usize {
        self.0[4] as usize
    }
    pub fn plen(&self) -> usize {
        self.0[5] as usize
    }
    pub fn op(&self) -> u16 {
        be16(self.0, 6)
    }
    /// The message's length: 8 bytes and the four addresses.
    pub fn header_len(&self) -> usize {
        8 + 2 * self.hwlen() + 2 * self.plen()
    }
    pub fn hwsrc(&self) -> &'a [u8] {
        &self.0[8..8 + self.hwlen()]
    }
    pub fn psrc(&self) -> &'a [u8] {
        let at = 8 + self.hwlen();
        &self.0[at..at + self.plen()]
    }
    pub fn hwdst(&self) -> &'a [u8] {
        let at = 8 + self.hwlen() + self.plen();
        &self.0[at..at + self.hwlen()]
    }
    pub fn pdst(&self) -> &'a [u8] {
        let at = 8 + 2 * self.hwlen() + self.plen();
        &self.0[at..at + self.plen()]
    }
    /// A protocol address as Scapy prints it: IPv4, IPv6, or bytes.
    pub fn paddr_str(&self, b: &[u8]) -> String {
        match (self.ptype(), b.len()) {
            (0x0800, 4) => ipv4_str(b),
            (0x86dd, 16) => ipv6_str(b.try_into().unwrap_or(&[0; 16])),
            _ => bytes_repr(b),
        }
    }
}

pub static ARP: Ops = Ops {
    classes: &[Class::new("ARP", "ARP", "scapy.layers.l2")],
    class: |_| &ARP.classes[0],
    fields,
    summary,
};

/// ARP ends the packet; what follows its addresses is padding.
pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let need = h.header_len();
    w.cut(w.at + need);
    w.push(Proto::Arp, need);
    Next::Done
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let paddr = |b: &[u8]| match (h.ptype(), b.len()) {
        (0x0800, 4) | (0x86dd, 16) => text(h.paddr_str(b)),
        _ => bytes(b),
    };
    let haddr = |b: &[u8]| -> Field {
        if h.hwlen() == 6 {
            text(mac_str(b))
        } else {
            bytes(b)
        }
    };
    let hw = h.hwtype();
    vec![
        (
            "hwtype",
            if hw == 1 {
                named(hw, "Ethernet (10Mb)".into())
            } else {
                hex(hw)
            },
        ),
        ("ptype", named(h.ptype(), names::ethertype(h.ptype()))),
        ("hwlen", int(h.hwlen() as i64)),
        ("plen", int(h.plen() as i64)),
        ("op", named(h.op(), names::arp_op(h.op()))),
        ("hwsrc", haddr(h.hwsrc())),
        ("psrc", paddr(h.psrc())),
        ("hwdst", haddr(h.hwdst())),
        ("pdst", paddr(h.pdst())),
    ]
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    let psrc = h.paddr_str(h.psrc());
    let pdst = h.paddr_str(h.pdst());
    match h.op() {
        1 => format!("ARP who has {pdst} says {psrc}"),
        2 => {
            let hw = if h.hwtype() == 1 && h.hwlen() == 6 {
                mac_str(h.hwsrc())
            } else {
                bytes_repr(h.hwsrc())
            };
            format!("ARP is at {hw} says {psrc}")
        }
        op => format!("ARP {} {psrc} > {pdst}", names::arp_op(op)),
    }
}

fn hwtype_name(n: i64) -> String {
    match n {
        1 => "Ethernet (10Mb)".into(),
        _ => n.to_string(),
    }
}

fn op_name(n: i64) -> String {
    names::arp_op(n as u16)
}

/// `ARP(pdst=...)`: a who-has from this machine's address on the route to `pdst`.
pub static BUILD: Template = Template {
    class: "ARP",
    fields: &[
        f(
            "hwtype",
            "XShortEnumField",
            Kind::Enum(hwtype_name, 1),
            D::Int(1),
        ),
        f(
            "ptype",
            "XShortEnumField",
            Kind::Enum(super::ether::ethertype_name, 0xffff),
            D::Int(0x0800),
        ),
        f("hwlen", "FieldLenField", Kind::Int, D::None),
        f("plen", "FieldLenField", Kind::Int, D::None),
        f("op", "ShortEnumField", Kind::Enum(op_name, 9), D::Int(1)),
        shown(
            "hwsrc",
            "MultipleTypeField (SourceMACField, StrFixedLenField)",
            Kind::Mac,
        ),
        shown(
            "psrc",
            "MultipleTypeField (SourceIPField, SourceIP6Field, StrFixedLenField)",
            Kind::Addr,
        ),
        shown(
            "hwdst",
            "MultipleTypeField (MACField, StrFixedLenField)",
            Kind::Mac,
        ),
        shown(
            "pdst",
            "MultipleTypeField (IPField, IP6Field, StrFixedLenField)",
            Kind::Addr,
        ),
    ],
    build: build_arp,
    start: parse,
    linktype: 0,
    options_at: 0,
};

fn proto_addr(v: &crate::build::V, name: &str) -> Result<Vec<u8>, String> {
    match v {
        crate::build::V::Str(s) if s.contains(':') => Ok(v.ip6(name)?.to_vec()),
        _ => Ok(v.ip4(name)?.to_vec()),
    }
}

fn build_arp(c: &Ctx) -> Result<Vec<u8>, String> {
    let (psrc, pdst) = (
        proto_addr(c.get("psrc"), "psrc")?,
        proto_addr(c.get("pdst"), "pdst")?,
    );
    let mut o = Vec::with_capacity(28 + c.payload.len());
    put16(&mut o, c.int("hwtype")?);
    put16(&mut o, c.int("ptype")?);
    o.push(c.opt("hwlen")?.unwrap_or(6) as u8);
    o.push(c.opt("plen")?.unwrap_or(psrc.len() as i64) as u8);
    put16(&mut o, c.int("op")?);
    o.extend_from_slice(&c.get("hwsrc").mac("hwsrc")?);
    o.extend_from_slice(&psrc);
    o.extend_from_slice(&c.get("hwdst").mac("hwdst")?);
    o.extend_from_slice(&pdst);
    o.extend_from_slice(c.payload);
    Ok(o)
}
