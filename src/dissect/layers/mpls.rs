//! MPLS label stacks (RFC 3032). Scapy does not bind them by default: only the extended
//! walk (conversations, follow) reads through them.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{int, Fields};
use crate::dissect::view::{be32, view, View};
use crate::dissect::{Next, Packet, Walk};

view!(
    /// One label stack entry: label, traffic class, bottom-of-stack bit, TTL.
    Entry,
    4
);

impl Entry<'_> {
    pub fn bottom(&self) -> bool {
        self.0[2] & 1 == 1
    }
}

pub static MPLS: Ops = Ops {
    classes: &[Class::new("MPLS", "MPLS", "scapy.contrib.mpls")],
    class: |_| &MPLS.classes[0],
    fields,
    summary: no_summary,
};

/// The labels down to the bottom of the stack as one layer, then IPv4 or IPv6 by the
/// version nibble.
pub fn parse(w: &mut Walk) -> Next {
    let here = w.here();
    let mut n = 0;
    loop {
        match here.get(n..).and_then(Entry::new) {
            None => return Next::Raw,
            Some(e) => {
                n += 4;
                if e.bottom() {
                    break;
                }
            }
        }
    }
    w.push(Proto::Mpls, n);
    match w.here().first().map(|b| b >> 4) {
        Some(4) => Next::Parse(super::ipv4::parse),
        Some(6) => Next::Parse(super::ipv6::parse),
        _ => Next::Raw,
    }
}

/// The first label's fields (Scapy has one MPLS layer per label).
fn fields(p: &Packet, i: usize) -> Fields {
    let Some(e) = p.view::<Entry>(i) else {
        return vec![];
    };
    let v = be32(e.0, 0);
    vec![
        ("label", int(v >> 12)),
        ("cos", int((v >> 9) & 7)),
        ("s", int((v >> 8) & 1)),
        ("ttl", int(v & 0xff)),
    ]
}
