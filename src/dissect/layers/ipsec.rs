//! IPsec: the Authentication Header (RFC 4302) and ESP (RFC 4303), with the markers of
//! ESP in UDP (RFC 3948) Scapy tells apart from it: `NON_ESP` (four zero bytes, what IKE
//! on port 4500 starts with) and `NAT_KEEPALIVE` (the byte 0xff alone).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{hex, int, named, text, xstr, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, be32, view, View};
use crate::dissect::{Next, Packet, Walk};

view!(
    /// An AH header: next header, length (in 4-byte units less 2), SPI, sequence, ICV.
    Ah,
    12
);

impl<'a> Ah<'a> {
    pub fn nh(&self) -> u8 {
        self.0[0]
    }
    pub fn payloadlen(&self) -> u8 {
        self.0[1]
    }
    /// The header's length in bytes, as its length field says.
    pub fn header_len(&self) -> usize {
        (self.payloadlen() as usize + 2) * 4
    }
    pub fn spi(&self) -> u32 {
        be32(self.0, 4)
    }
    pub fn seq(&self) -> u32 {
        be32(self.0, 8)
    }
    pub fn icv(&self) -> &'a [u8] {
        &self.0[12..]
    }
}

view!(
    /// An ESP header: SPI and sequence; the rest is encrypted.
    Esp,
    8
);

pub static AH: Ops = Ops {
    classes: &[Class::new("AH", "AH", "scapy.layers.ipsec")],
    class: |_| &AH.classes[0],
    fields: ah_fields,
    summary: no_summary,
};

pub static ESP: Ops = Ops {
    classes: &[
        Class::new("ESP", "ESP", "scapy.layers.ipsec"),
        Class::new("NON_ESP", "NON_ESP", "scapy.layers.ipsec"),
        Class::new("NAT_KEEPALIVE", "NAT_KEEPALIVE", "scapy.layers.ipsec"),
    ],
    class: |p| match p {
        Proto::NonEsp => &ESP.classes[1],
        Proto::NatKeepalive => &ESP.classes[2],
        _ => &ESP.classes[0],
    },
    fields: esp_fields,
    summary: no_summary,
};

/// AH: its next header is read as an IPv6 next header, under IPv4 too.
pub fn parse_ah(w: &mut Walk) -> Next {
    let Some(h) = Ah::new(w.here()) else {
        return Next::Raw;
    };
    let len = h.header_len().min(w.rest());
    let nh = h.nh();
    w.push(Proto::Ah, len);
    super::ipv6::next_header(w, nh)
}

/// ESP (IP protocol 50, UDP port 4500): everything after it is encrypted. Scapy's
/// dispatch hook makes four zero bytes `NON_ESP` and a lone 0xff `NAT_KEEPALIVE`.
pub fn parse_esp(w: &mut Walk) -> Next {
    match w.here() {
        [0, 0, 0, 0, ..] => {
            w.push(Proto::NonEsp, 4);
            return Next::Parse(super::isakmp::parse);
        }
        [0xff] => {
            w.push(Proto::NatKeepalive, 1);
            return Next::Done;
        }
        _ => {}
    }
    if Esp::new(w.here()).is_none() {
        return Next::Raw;
    }
    w.push(Proto::Esp, w.rest());
    Next::Done
}

fn ah_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Ah>(i) else {
        return vec![];
    };
    vec![
        ("nh", named(h.nh(), names::ip_proto(h.nh()))),
        ("payloadlen", int(h.payloadlen())),
        ("reserved", int(be16(h.0, 2))),
        ("spi", hex(h.spi())),
        ("seq", int(h.seq())),
        ("icv", xstr(h.icv())),
        ("padding", text(String::new())),
    ]
}

fn esp_fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    match l.proto {
        Proto::NonEsp => return vec![("non_esp", hex(be32(l.header(p.data), 0)))],
        Proto::NatKeepalive => return vec![("nat_keepalive", hex(l.header(p.data)[0]))],
        _ => {}
    }
    let Some(h) = p.view::<Esp>(i) else {
        return vec![];
    };
    vec![
        ("spi", hex(be32(h.0, 0))),
        ("seq", int(be32(h.0, 4))),
        ("data", xstr(&h.0[8..])),
    ]
}
