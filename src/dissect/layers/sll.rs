//! Link-layer headers that are not Ethernet: Linux cooked captures (SLL, SLL2) and the BSD
//! loopback header (NULL, LOOP).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{enum_field, fixed_str, hex, int, named, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, be32, view, View};
use crate::dissect::{linktype, Next, Packet, Walk};

view!(
    /// A Linux cooked header (LINKTYPE_LINUX_SLL), 16 bytes.
    Cooked,
    16
);

impl<'a> Cooked<'a> {
    pub fn pkttype(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn lladdrtype(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn lladdrlen(&self) -> u16 {
        be16(self.0, 4)
    }
    /// The 8 address bytes, whatever `lladdrlen` says (as Scapy reads them).
    pub fn src(&self) -> &'a [u8] {
        &self.0[6..14]
    }
    pub fn proto(&self) -> u16 {
        be16(self.0, 14)
    }
}

view!(
    /// A Linux cooked header, version 2 (LINKTYPE_LINUX_SLL2), 20 bytes.
    CookedV2,
    20
);

impl<'a> CookedV2<'a> {
    pub fn proto(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn reserved(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn ifindex(&self) -> u32 {
        be32(self.0, 4)
    }
    pub fn lladdrtype(&self) -> u16 {
        be16(self.0, 8)
    }
    pub fn pkttype(&self) -> u8 {
        self.0[10]
    }
    pub fn lladdrlen(&self) -> u8 {
        self.0[11]
    }
    /// The 8 address bytes, whatever `lladdrlen` says (as Scapy reads them).
    pub fn src(&self) -> &'a [u8] {
        &self.0[12..20]
    }
}

view!(
    /// The BSD loopback header: an address family, 4 bytes.
    Loopback,
    4
);

impl Loopback<'_> {
    pub fn le(&self) -> u32 {
        u32::from_le_bytes([self.0[0], self.0[1], self.0[2], self.0[3]])
    }
    pub fn be(&self) -> u32 {
        be32(self.0, 0)
    }
}

pub static COOKED: Ops = Ops {
    classes: &[Class::new("CookedLinux", "cooked linux", "scapy.layers.l2")],
    class: |_| &COOKED.classes[0],
    fields: cooked_fields,
    summary: no_summary,
};

pub static COOKED_V2: Ops = Ops {
    classes: &[Class::new(
        "CookedLinuxV2",
        "cooked linux v2",
        "scapy.layers.l2",
    )],
    class: |_| &COOKED_V2.classes[0],
    fields: cooked_v2_fields,
    summary: no_summary,
};

pub static LOOPBACK: Ops = Ops {
    classes: &[Class::new("Loopback", "Loopback", "scapy.layers.l2")],
    class: |_| &LOOPBACK.classes[0],
    fields: loopback_fields,
    summary: no_summary,
};

pub fn parse_cooked(w: &mut Walk) -> Next {
    let Some(h) = Cooked::new(w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::CookedLinux, 16);
    Next::EtherType(h.proto())
}

pub fn parse_cooked_v2(w: &mut Walk) -> Next {
    let Some(h) = CookedV2::new(w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::CookedLinuxV2, 20);
    Next::EtherType(h.proto())
}

/// NULL is in the capturing host's byte order, LOOP in network order.
pub fn parse_loopback(w: &mut Walk) -> Next {
    let Some(h) = Loopback::new(w.here()) else {
        return Next::Raw;
    };
    let mut t = if w.p.linktype == linktype::NULL {
        h.le()
    } else {
        h.be()
    };
    // A big-endian host's family reads as a huge number here.
    if w.extended && t > 0xffff {
        t = t.swap_bytes();
    }
    w.push(Proto::Loopback, 4);
    let low = be16(h.0, 2);
    match t {
        0 | 2 => Next::Parse(super::ipv4::parse),
        10 | 24 => Next::Parse(super::ipv6::parse),
        28 | 30 if w.extended => Next::Parse(super::ipv6::parse),
        // Some writers put an EtherType in the last two bytes.
        _ if w.extended && low == 0x0800 => Next::Parse(super::ipv4::parse),
        _ if w.extended && low == 0x86dd => Next::Parse(super::ipv6::parse),
        _ => Next::Raw,
    }
}

/// Linux packet types, as Scapy names them in cooked captures.
fn pkttype(t: u8) -> String {
    match t {
        0 => "unicast".into(),
        1 => "broadcast".into(),
        2 => "multicast".into(),
        3 => "unicast-to-another-host".into(),
        4 => "sent-by-us".into(),
        _ => t.to_string(),
    }
}

fn cooked_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Cooked>(i) else {
        return vec![];
    };
    vec![
        ("pkttype", named(h.pkttype(), pkttype(h.pkttype() as u8))),
        ("lladdrtype", hex(h.lladdrtype())),
        ("lladdrlen", int(h.lladdrlen())),
        ("src", fixed_str(h.src())),
        ("proto", named(h.proto(), names::ethertype(h.proto()))),
    ]
}

fn cooked_v2_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<CookedV2>(i) else {
        return vec![];
    };
    vec![
        ("proto", named(h.proto(), names::ethertype(h.proto()))),
        ("reserved", int(h.reserved())),
        ("ifindex", int(h.ifindex())),
        ("lladdrtype", hex(h.lladdrtype())),
        ("pkttype", named(h.pkttype(), pkttype(h.pkttype()))),
        ("lladdrlen", int(h.lladdrlen())),
        ("src", fixed_str(h.src())),
    ]
}

/// Address families as Scapy names them (BSD's AF_ numbers).
const FAMILIES: &[(i64, &str)] = &[
    (0x2, "IPv4"),
    (0x7, "OSI"),
    (0x10, "Appletalk"),
    (0x17, "Netware IPX/SPX"),
    (0x18, "IPv6"),
    (0x1c, "IPv6"),
    (0x1e, "IPv6"),
];

/// Scapy reads NULL's family as a big-endian number shifted right by 24 (right for a
/// little-endian capturing host), LOOP's as it is.
fn loopback_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Loopback>(i) else {
        return vec![];
    };
    let t = if p.linktype == linktype::NULL {
        h.be() >> 24
    } else {
        h.be()
    };
    vec![("type", enum_field(t, FAMILIES))]
}
