//! IGMP v1 and v2 (RFC 1112, 2236) and v3 (RFC 9776), each message a class of its own
//! as in Scapy.

use super::{Class, Ops, Proto};
use crate::dissect::field::{flag_names, hex, int, named, text, Fields};
use crate::dissect::view::{be16, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

view!(
    /// An IGMP message: type, max response code, checksum, then the type's body.
    Header,
    8
);

impl Header<'_> {
    pub fn kind(&self) -> u8 {
        self.0[0]
    }
    pub fn code(&self) -> u8 {
        self.0[1]
    }
    pub fn chksum(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn gaddr(&self) -> String {
        ipv4_str(&self.0[4..8])
    }
}

const fn c(name: &'static str, display: &'static str) -> Class {
    Class::new(name, display, "scapy.layers.igmp")
}

static CLASSES: [Class; 9] = [
    c("IGMP_MQ", "IGMPv1/v2 Membership Query"),
    c("IGMP_MR", "IGMPv1 Membership Report"),
    c("IGMPv2_MR", "IGMPv2 Membership Report"),
    c("IGMPv2_LG", "IGMPv2 Leave Group"),
    c("IGMPv3_MQ", "IGMPv3 Membership Query"),
    c("IGMPv3_MR", "IGMPv3 Membership Report"),
    c("IGMPv3_MRA", "IGMPv3_MRA"),
    c("IGMPv3_MRS", "IGMPv3_MRS"),
    c("IGMPv3_MRT", "IGMPv3_MRT"),
];

pub static IGMP: Ops = Ops {
    classes: &CLASSES,
    class: |p| {
        let (t, v3) = match p {
            Proto::Igmp(t, v3) => (t, v3),
            _ => (0, false),
        };
        &CLASSES[match (t, v3) {
            (0x11, true) => 4,
            (0x22, _) => 5,
            (0x30, _) => 6,
            (0x31, _) => 7,
            (0x32, _) => 8,
            (0x12, _) => 1,
            (0x16, _) => 2,
            (0x17, _) => 3,
            _ => 0,
        }]
    },
    fields,
    summary,
};

/// A query of 12 bytes or more is version 3; so are the types only version 3 has.
pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let (t, rest) = (h.kind(), w.rest());
    let v3 = match t {
        0x11 => rest >= 12,
        0x22 | 0x30 | 0x31 | 0x32 => true,
        _ => false,
    };
    // A v3 query lists its sources; other v3 messages hold records to the end; v1/v2
    // messages are 8 bytes.
    let hl = match (t, v3) {
        (0x11, true) => (12 + 4 * be16(h.0, 10) as usize).min(rest),
        (_, true) => rest,
        _ => 8,
    };
    w.push(Proto::Igmp(t, v3), hl);
    Next::Raw
}

fn type_name(t: u8, v3: bool) -> String {
    let s = match (t, v3) {
        (0x11, true) => "Membership Query",
        (0x22, true) => "Version 3 - Membership Report",
        (0x30, true) => "Multicast Router Advertisement",
        (0x31, true) => "Multicast Router Solicitation",
        (0x32, true) => "Multicast Router Termination",
        (0x11, false) => "Group Membership Query",
        (0x12, false) => "Version 1 - Membership Report",
        (0x16, false) => "Version 2 - Membership Report",
        (0x17, false) => "Leave Group",
        _ => return t.to_string(),
    };
    s.to_string()
}

/// The max response code, in tenths of a second (RFC 9776 4.1.1 for v3 queries).
fn mrcode(code: u8, v3_query: bool) -> crate::dissect::field::Field {
    let v = if v3_query && code >= 128 {
        let (mant, exp) = (code as u32 & 0x0f, (code as u32 >> 4) & 7);
        (mant | 0x10) << (exp + 3)
    } else {
        code as u32
    };
    named(v, format!("{v} 1/10sec"))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let (Some(h), Proto::Igmp(t, v3)) = (p.view::<Header>(i), p.layers()[i].proto) else {
        return vec![];
    };
    let b = h.0;
    let kind = ("type", named(t, type_name(t, v3)));
    match (t, v3) {
        (0x11, true) => {
            let n = if b.len() >= 12 { be16(b, 10) } else { 0 };
            let srcs: Vec<String> = b
                .get(12..)
                .unwrap_or(&[])
                .chunks_exact(4)
                .take(n as usize)
                .map(|a| format!("'{}'", ipv4_str(a)))
                .collect();
            let flags = b.get(8).map_or(0, |x| x >> 4);
            vec![
                kind,
                ("mrcode", mrcode(h.code(), true)),
                ("chksum", hex(h.chksum())),
                ("gaddr", text(h.gaddr())),
                (
                    "flags",
                    named(flags, flag_names(flags as u64 >> 3, &["extended"])),
                ),
                ("s", int(b.get(8).map_or(0, |x| (x >> 3) & 1))),
                ("qrv", int(b.get(8).map_or(0, |x| x & 7))),
                ("qqic", int(b.get(9).copied().unwrap_or(0))),
                ("numsrc", int(n)),
                ("srcaddrs", text(format!("[{}]", srcs.join(", ")))),
            ]
        }
        (0x30, true) => vec![
            kind,
            ("advIntvl", int(h.code())),
            ("chksum", hex(h.chksum())),
            ("qryIntvl", int(be16(b, 4))),
            ("robust", int(be16(b, 6))),
        ],
        (_, true) => {
            let mut f = vec![
                kind,
                ("reserved", int(h.code())),
                ("chksum", hex(h.chksum())),
            ];
            if t == 0x22 {
                f.push(("flags", int(be16(b, 4))));
                f.push(("numgrp", int(be16(b, 6))));
            }
            f
        }
        _ => vec![
            kind,
            ("mrcode", mrcode(h.code(), false)),
            ("chksum", hex(h.chksum())),
            ("gaddr", text(h.gaddr())),
        ],
    }
}

fn summary(p: &Packet, i: usize) -> String {
    let (Some(h), Proto::Igmp(t, v3)) = (p.view::<Header>(i), p.layers()[i].proto) else {
        return String::new();
    };
    let name = type_name(t, v3);
    let under_ip = matches!(p.under(i), Some(Proto::Ip | Proto::IpError));
    let addrs = || super::ipv4::addrs(p, i - 1);
    match (v3, under_ip) {
        (false, true) => {
            let (s, d) = addrs();
            format!("IGMP: {s} > {d} {name} {}", h.gaddr())
        }
        (false, false) => format!("IGMP {name} {}", h.gaddr()),
        (true, true) => {
            let (s, d) = addrs();
            format!("IGMPv3: {s} > {d} {name}")
        }
        (true, false) => format!("IGMPv3 {name}"),
    }
}
