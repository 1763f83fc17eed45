//! IEEE 802.2 LLC, SNAP and the Spanning Tree BPDU.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::bind::{find, LLC_SAPS, SNAP_CODES};
use crate::dissect::field::{hex, int, named, text, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, be32, mac, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::mac_str;

view!(
    /// An LLC header: DSAP, SSAP, control.
    Llc,
    3
);

impl Llc<'_> {
    pub fn dsap(&self) -> u8 {
        self.0[0]
    }
    pub fn ssap(&self) -> u8 {
        self.0[1]
    }
    pub fn ctrl(&self) -> u8 {
        self.0[2]
    }
}

view!(
    /// A SNAP header: organisation code and protocol.
    Snap,
    5
);

impl Snap<'_> {
    pub fn oui(&self) -> u32 {
        u32::from_be_bytes([0, self.0[0], self.0[1], self.0[2]])
    }
    pub fn code(&self) -> u16 {
        be16(self.0, 3)
    }
}

view!(
    /// A configuration BPDU (IEEE 802.1D), 35 bytes.
    Stp,
    STP_LEN
);

const STP_LEN: usize = 35;

impl Stp<'_> {
    /// A BCD-like time in 1/256 seconds, as Scapy's BCDFloatField reads it.
    fn time(&self, at: usize) -> String {
        crate::pyfmt::float_repr(be16(self.0, at) as f64 / 256.0)
    }
}

pub static LLC: Ops = Ops {
    classes: &[Class::new("LLC", "LLC", "scapy.layers.l2")],
    class: |_| &LLC.classes[0],
    fields: llc_fields,
    summary: no_summary,
};

pub static SNAP: Ops = Ops {
    classes: &[Class::new("SNAP", "SNAP", "scapy.layers.l2")],
    class: |_| &SNAP.classes[0],
    fields: snap_fields,
    summary: no_summary,
};

pub static STP: Ops = Ops {
    classes: &[Class::new(
        "STP",
        "Spanning Tree Protocol",
        "scapy.layers.l2",
    )],
    class: |_| &STP.classes[0],
    fields: stp_fields,
    summary: no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Llc::new(w.here()) else {
        return Next::Raw;
    };
    let saps = (h.dsap(), h.ssap(), h.ctrl());
    w.push(Proto::Llc, 3);
    find(LLC_SAPS, saps).map_or(Next::Raw, Next::Parse)
}

pub fn parse_snap(w: &mut Walk) -> Next {
    let Some(h) = Snap::new(w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::Snap, 5);
    find(SNAP_CODES, h.code()).unwrap_or(Next::Raw)
}

/// Spanning Tree: a fixed 35-byte BPDU; what follows is Raw.
pub fn parse_stp(w: &mut Walk) -> Next {
    if w.rest() >= STP_LEN {
        w.push(Proto::Stp, STP_LEN);
    }
    Next::Raw
}

fn llc_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Llc>(i) else {
        return vec![];
    };
    vec![
        ("dsap", hex(h.dsap())),
        ("ssap", hex(h.ssap())),
        ("ctrl", int(h.ctrl())),
    ]
}

fn snap_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Snap>(i) else {
        return vec![];
    };
    vec![
        ("OUI", names::oui(&h.0[..3])),
        ("code", named(h.code(), names::ethertype(h.code()))),
    ]
}

fn stp_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Stp>(i) else {
        return vec![];
    };
    let b = h.0;
    vec![
        ("proto", int(be16(b, 0))),
        ("version", int(b[2])),
        ("bpdutype", int(b[3])),
        ("bpduflags", int(b[4])),
        ("rootid", int(be16(b, 5))),
        ("rootmac", text(mac_str(&mac(b, 7)))),
        ("pathcost", int(be32(b, 13))),
        ("bridgeid", int(be16(b, 17))),
        ("bridgemac", text(mac_str(&mac(b, 19)))),
        ("portid", int(be16(b, 25))),
        ("age", text(h.time(27))),
        ("maxage", text(h.time(29))),
        ("hellotime", text(h.time(31))),
        ("fwddelay", text(h.time(33))),
    ]
}
