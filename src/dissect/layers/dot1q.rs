//! IEEE 802.1Q VLAN tags and 802.1ad (QinQ) service tags.

use super::{Class, Ops, Proto};
use crate::build::{f, put16, Ctx, Kind, Template, D};
use crate::dissect::field::{int, named, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::mac_str;

view!(
    /// A VLAN tag: priority, DEI, VLAN id, then the inner EtherType (or a length).
    Tag,
    4
);

impl Tag<'_> {
    pub fn prio(&self) -> u16 {
        be16(self.0, 0) >> 13
    }
    pub fn dei(&self) -> u16 {
        (be16(self.0, 0) >> 12) & 1
    }
    pub fn vlan(&self) -> u16 {
        be16(self.0, 0) & 0x0fff
    }
    pub fn kind(&self) -> u16 {
        be16(self.0, 2)
    }
}

pub static DOT1Q: Ops = Ops {
    classes: &[Class::new("Dot1Q", "802.1Q", "scapy.layers.l2")],
    class: |_| &DOT1Q.classes[0],
    fields,
    summary,
};

pub static DOT1AD: Ops = Ops {
    classes: &[Class::new("Dot1AD", "802_1AD", "scapy.layers.l2")],
    class: |_| &DOT1AD.classes[0],
    fields,
    summary,
};

/// An 802.1Q tag (EtherTypes 0x8100 and 0x9100).
pub fn parse(w: &mut Walk) -> Next {
    tag(w, Proto::Dot1Q)
}

/// An 802.1ad service tag (EtherType 0x88a8).
pub fn parse_ad(w: &mut Walk) -> Next {
    tag(w, Proto::Dot1AD)
}

fn tag(w: &mut Walk, proto: Proto) -> Next {
    let Some(h) = Tag::new(w.here()) else {
        return Next::Raw;
    };
    let inner = h.kind();
    if inner <= 1500 {
        // A length, not a type: LLC follows, the rest is padding.
        w.cut((w.at + 4 + inner as usize).min(w.end));
        w.push(proto, 4);
        Next::Parse(super::llc::parse)
    } else {
        w.push(proto, 4);
        Next::EtherType(inner)
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Tag>(i) else {
        return vec![];
    };
    vec![
        ("prio", int(h.prio())),
        ("dei", int(h.dei())),
        ("vlan", int(h.vlan())),
        ("type", named(h.kind(), names::ethertype(h.kind()))),
    ]
}

fn summary(p: &Packet, i: usize) -> String {
    // `%Dot1Q.x%` finds the first layer *named* Dot1Q from here down.
    let q = (i..p.layers().len()).find(|&j| p.layers()[j].proto == Proto::Dot1Q);
    let (ty, vlan) = match q.and_then(|j| p.view::<Tag>(j)) {
        Some(q) => (names::ethertype(q.kind()), q.vlan().to_string()),
        None => ("??".to_string(), "??".to_string()),
    };
    match p.under(i) {
        Some(Proto::Ether) => {
            let Some(e) = p.view::<super::ether::Header>(i - 1) else {
                return String::new();
            };
            format!(
                "802.1q {} > {} ({ty}) vlan {vlan}",
                mac_str(&e.src()),
                mac_str(&e.dst())
            )
        }
        _ => format!("802.1q ({ty}) vlan {vlan}"),
    }
}

/// `Dot1Q(vlan=5)`: the EtherType of what it carries comes from the layer above.
pub static BUILD: Template = Template {
    class: "Dot1Q",
    fields: &[
        f("prio", "BitField  (3 bits)", Kind::Int, D::Int(0)),
        f("dei", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f("vlan", "BitField  (12 bits)", Kind::Int, D::Int(1)),
        f(
            "type",
            "XShortEnumField",
            Kind::Enum(super::ether::ethertype_name, 0xffff),
            D::Int(0),
        ),
    ],
    build: build_dot1q,
    start: parse,
    linktype: 0,
    options_at: 0,
};

fn build_dot1q(c: &Ctx) -> Result<Vec<u8>, String> {
    let tci = (c.int("prio")? & 7) << 13 | (c.int("dei")? & 1) << 12 | (c.int("vlan")? & 0xfff);
    let mut o = Vec::with_capacity(4 + c.payload.len());
    put16(&mut o, tci);
    put16(&mut o, c.int("type")?);
    o.extend_from_slice(c.payload);
    Ok(o)
}
