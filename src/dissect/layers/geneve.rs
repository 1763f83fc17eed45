//! Geneve (RFC 8926). Scapy does not bind it by default: only the extended walk
//! (conversations, follow) reads through it.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::bind::{find, GENEVE_PROTOCOLS};
use crate::dissect::field::{hex, int, named, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, View};
use crate::dissect::{Next, Packet, Walk};

/// A Geneve header: 8 bytes and its options.
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

impl Header<'_> {
    pub fn header_len(&self) -> usize {
        8 + (self.0[0] & 0x3f) as usize * 4
    }
    pub fn proto(&self) -> u16 {
        be16(self.0, 2)
    }
}

pub static GENEVE: Ops = Ops {
    classes: &[Class::new("GENEVE", "GENEVE", "scapy.contrib.geneve")],
    class: |_| &GENEVE.classes[0],
    fields,
    summary: no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    w.quoted = false;
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::Geneve, h.header_len());
    find(GENEVE_PROTOCOLS, h.proto()).map_or(Next::Raw, Next::Parse)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let b = h.0;
    vec![
        ("version", int(b[0] >> 6)),
        ("optionlen", int(b[0] & 0x3f)),
        ("oam", int(b[1] >> 7)),
        ("critical", int((b[1] >> 6) & 1)),
        ("reserved", int(b[1] & 0x3f)),
        ("proto", named(h.proto(), names::ethertype(h.proto()))),
        ("vni", hex(u32::from_be_bytes([0, b[4], b[5], b[6]]))),
        ("reserved2", hex(b[7])),
    ]
}
