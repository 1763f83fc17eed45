//! GRE (RFC 2784, 2890), including the PPTP flavour's acknowledgment number (RFC 2637).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::bind::GRE_PROTOCOLS;
use crate::dissect::field::{hex, int, named, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, be32, View};
use crate::dissect::{Next, Packet, Walk};

/// A GRE header; `new` checks that the optional words its flags announce are there.
pub struct Header<'a>(&'a [u8]);

impl<'a> View<'a> for Header<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        if b.len() < 4 {
            return None;
        }
        let h = Header(b);
        (b.len() >= h.header_len()).then_some(h)
    }
}

impl Header<'_> {
    fn bit(&self, n: u8) -> u8 {
        (self.0[0] >> (7 - n)) & 1
    }
    pub fn chksum_present(&self) -> bool {
        self.bit(0) == 1
    }
    pub fn routing_present(&self) -> bool {
        self.bit(1) == 1
    }
    pub fn key_present(&self) -> bool {
        self.bit(2) == 1
    }
    pub fn seqnum_present(&self) -> bool {
        self.bit(3) == 1
    }
    /// PPTP's enhanced GRE (version 1) with an acknowledgment number.
    pub fn acknum_present(&self) -> bool {
        self.0[1] & 0x07 == 1 && self.0[1] & 0x80 != 0
    }
    pub fn proto(&self) -> u16 {
        be16(self.0, 2)
    }
    /// The header length, with the optional words its flags announce.
    pub fn header_len(&self) -> usize {
        let mut hl = 4;
        if self.chksum_present() || self.routing_present() {
            hl += 4; // checksum and offset
        }
        if self.key_present() {
            hl += 4;
        }
        if self.seqnum_present() {
            hl += 4;
        }
        if self.acknum_present() {
            hl += 4;
        }
        hl
    }
}

pub static GRE: Ops = Ops {
    classes: &[
        Class::new("GRE", "GRE", "scapy.layers.l2"),
        Class::new("GRE_PPTP", "GRE PPTP", "scapy.layers.l2"),
    ],
    class: |p| &GRE.classes[usize::from(p == Proto::GrePptp)],
    fields,
    summary: no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    // Protocol 0x880b is PPTP's enhanced GRE (RFC 2637): payload length, call id, and a
    // sequence and an acknowledgement number when their bits say so; PPP inside.
    if h.proto() == 0x880b {
        let b = w.here();
        let len = 8 + 4 * usize::from(b[0] & 0x10 != 0) + 4 * usize::from(b[1] & 0x80 != 0);
        if b.len() < len {
            return Next::Raw;
        }
        w.push(Proto::GrePptp, len);
        return Next::Parse(super::ppp::parse);
    }
    w.push(Proto::Gre, h.header_len());
    crate::dissect::bind::find(GRE_PROTOCOLS, h.proto()).unwrap_or(Next::Raw)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let b = h.0;
    if p.layers()[i].proto == Proto::GrePptp {
        return pptp_fields(&h);
    }
    let mut f = first_bits(&h);
    f.extend([
        ("flags", int(b[1] >> 3)),
        ("version", int(b[1] & 7)),
        ("proto", named(h.proto(), names::ethertype(h.proto()))),
    ]);
    let mut at = 4;
    if h.chksum_present() || h.routing_present() {
        f.push(("chksum", hex(be16(b, 4))));
        f.push(("offset", hex(be16(b, 6))));
        at += 4;
    }
    if h.key_present() {
        f.push(("key", hex(be32(b, at))));
        at += 4;
    }
    if h.seqnum_present() {
        f.push(("sequence_number", hex(be32(b, at))));
    }
    f
}

/// GRE_PPTP's fields: the enhanced header of RFC 2637.
fn pptp_fields(h: &Header) -> Fields {
    let b = h.0;
    let mut f = first_bits(h);
    f.extend([
        ("acknum_present", int(b[1] >> 7)),
        ("flags", int((b[1] >> 3) & 0xf)),
        ("version", int(b[1] & 7)),
        ("proto", named(h.proto(), names::ethertype(h.proto()))),
        ("payload_len", int(be16(b, 4))),
        ("call_id", int(be16(b, 6))),
    ]);
    let mut at = 8;
    if h.seqnum_present() {
        f.push(("sequence_number", hex(be32(b, at))));
        at += 4;
    }
    if b[1] & 0x80 != 0 {
        f.push(("ack_number", hex(be32(b, at))));
    }
    f
}

/// The first byte's flags and recursion control, the same in both GRE classes.
fn first_bits(h: &Header) -> Fields {
    vec![
        ("chksum_present", int(h.bit(0))),
        ("routing_present", int(h.bit(1))),
        ("key_present", int(h.bit(2))),
        ("seqnum_present", int(h.bit(3))),
        ("strict_route_source", int(h.bit(4))),
        ("recursion_control", int(h.0[0] & 7)),
    ]
}
