//! Ethernet II and IEEE 802.3 (a length where the EtherType would be).

use super::{Class, Ops, Proto};
use crate::build::{f, put16, shown, Ctx, Kind, Template, D};
use crate::dissect::field::{int, named, text, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, mac, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::mac_str;

view!(
    /// An Ethernet (or 802.3) header: destination, source, type or length.
    Header,
    LEN
);

pub const LEN: usize = 14;

impl Header<'_> {
    pub fn dst(&self) -> [u8; 6] {
        mac(self.0, 0)
    }
    pub fn src(&self) -> [u8; 6] {
        mac(self.0, 6)
    }
    /// The EtherType, or the 802.3 length.
    pub fn kind(&self) -> u16 {
        be16(self.0, 12)
    }
}

pub static ETHER: Ops = Ops {
    classes: &[Class::new("Ether", "Ethernet", "scapy.layers.l2")],
    class: |_| &ETHER.classes[0],
    fields,
    summary,
};

pub static DOT3: Ops = Ops {
    classes: &[Class::new("Dot3", "802.3", "scapy.layers.l2")],
    class: |_| &DOT3.classes[0],
    fields,
    summary,
};

/// Ethernet II when the type is above 1500; 802.3 and LLC otherwise, the bytes past
/// its length being padding.
pub fn parse(w: &mut Walk) -> Next {
    w.quoted = false;
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let t = h.kind();
    if t <= 1500 {
        let len = (t as usize).min(w.rest() - LEN);
        w.cut(w.at + LEN + len);
        w.push(Proto::Dot3, LEN);
        Next::Parse(super::llc::parse)
    } else {
        w.push(Proto::Ether, LEN);
        Next::EtherType(t)
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let last = if p.layers()[i].proto == Proto::Ether {
        ("type", named(h.kind(), names::ethertype(h.kind())))
    } else {
        ("len", int(h.kind()))
    };
    vec![
        ("dst", text(mac_str(&h.dst()))),
        ("src", text(mac_str(&h.src()))),
        last,
    ]
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    if p.layers()[i].proto == Proto::Ether {
        format!(
            "{} > {} ({})",
            mac_str(&h.src()),
            mac_str(&h.dst()),
            names::ethertype(h.kind())
        )
    } else {
        format!("802.3 {} > {}", mac_str(&h.src()), mac_str(&h.dst()))
    }
}

/// EtherType names for the fields that take them (Ether, Dot1Q, ARP's ptype).
pub fn ethertype_name(n: i64) -> String {
    names::ethertype(n as u16)
}

/// `Ether(dst=..., src=..., type=...)`: the source is the MAC of the interface that
/// reaches the destination above; the destination is looked up when built.
pub static BUILD: Template = Template {
    class: "Ether",
    fields: &[
        f("dst", "DestMACField", Kind::Mac, D::None),
        shown("src", "SourceMACField", Kind::Mac),
        f(
            "type",
            "XShortEnumField",
            Kind::Enum(ethertype_name, 0xffff),
            D::Int(0x9000),
        ),
    ],
    build: build_ether,
    start: parse,
    linktype: crate::dissect::linktype::ETHERNET,
    options_at: 0,
};

fn build_ether(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = Vec::with_capacity(LEN + c.payload.len());
    o.extend_from_slice(&c.get("dst").mac("dst")?);
    o.extend_from_slice(&c.get("src").mac("src")?);
    put16(&mut o, c.int("type")?);
    o.extend_from_slice(c.payload);
    Ok(o)
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, summary};

    // An 802.3 frame carrying a rapid STP BPDU: tcpdump's 802.1w_rapid_stp.pcap, frame 1.
    // Scapy 2.8.0: `802.3 00:19:06:ea:b8:8c > 01:80:c2:00:00:00 / LLC / STP / Raw / Padding`.
    const DOT3_STP: [u8; 60] = [
        0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x8c, 0x00, 0x27, 0x42,
        0x42, 0x03, 0x00, 0x00, 0x02, 0x02, 0x0e, 0x80, 0x01, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80,
        0x00, 0x00, 0x00, 0x00, 0x80, 0x01, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, 0x80, 0x0c, 0x00,
        0x00, 0x14, 0x00, 0x02, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn dot3_length_cuts_padding() {
        let p = dissect(linktype::ETHERNET, &DOT3_STP);
        let names: Vec<_> = p.layers().iter().map(|l| l.proto.class_name()).collect();
        assert_eq!(names, ["Dot3", "LLC", "STP", "Raw", "Padding"]);
        assert_eq!(p.layers()[0].end, 14 + 0x27);
        assert_eq!(
            summary(&p),
            "802.3 00:19:06:ea:b8:8c > 01:80:c2:00:00:00 / LLC / STP / Raw / Padding"
        );
    }
}
