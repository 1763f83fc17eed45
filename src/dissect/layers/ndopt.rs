//! ICMPv6 neighbour-discovery options (RFC 4861 section 4.6 and later RFCs): a list of
//! type-length-value options after a router or neighbour message.

use super::{Class, Ops, Proto};
use crate::dissect::field::{hex, int, text, Fields};
use crate::dissect::view::{addr16, be16, be32, mac, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{ipv6_str, mac_str};

view!(
    /// One option: type, length in 8-byte units, value.
    Opt,
    2
);

impl Opt<'_> {
    pub fn kind(&self) -> u8 {
        self.0[0]
    }
    pub fn len_units(&self) -> u8 {
        self.0[1]
    }
}

const fn c(name: &'static str, display: &'static str) -> Class {
    Class::new(name, display, "scapy.layers.inet6")
}

const P: &str = "ICMPv6 Neighbor Discovery Option - ";

/// The option types Scapy has a class for, in the order of `CLASSES`.
const TYPES: [u8; 13] = [1, 2, 3, 4, 5, 7, 8, 24, 25, 26, 31, 37, 38];

/// Their classes; the last is Scapy's class for the types it has none for.
static CLASSES: [Class; 14] = [
    c(
        "ICMPv6NDOptSrcLLAddr",
        "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address",
    ),
    c(
        "ICMPv6NDOptDstLLAddr",
        "ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address",
    ),
    c(
        "ICMPv6NDOptPrefixInfo",
        "ICMPv6 Neighbor Discovery Option - Prefix Information",
    ),
    c(
        "ICMPv6NDOptRedirectedHdr",
        "ICMPv6 Neighbor Discovery Option - Redirected Header",
    ),
    c("ICMPv6NDOptMTU", "ICMPv6 Neighbor Discovery Option - MTU"),
    c(
        "ICMPv6NDOptAdvInterval",
        "ICMPv6 Neighbor Discovery - Interval Advertisement",
    ),
    c(
        "ICMPv6NDOptHAInfo",
        "ICMPv6 Neighbor Discovery - Home Agent Information",
    ),
    c(
        "ICMPv6NDOptRouteInfo",
        "ICMPv6 Neighbor Discovery Option - Route Information Option",
    ),
    c(
        "ICMPv6NDOptRDNSS",
        "ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option",
    ),
    c(
        "ICMPv6NDOptEFA",
        "ICMPv6 Neighbor Discovery Option - Expanded Flags Option",
    ),
    c(
        "ICMPv6NDOptDNSSL",
        "ICMPv6 Neighbor Discovery Option - DNS Search List Option",
    ),
    c(
        "ICMPv6NDOptCaptivePortal",
        "ICMPv6 Neighbor Discovery Option - Captive-Portal Option",
    ),
    c(
        "ICMPv6NDOptPREF64",
        "ICMPv6 Neighbor Discovery Option - PREF64 Option",
    ),
    c(
        "ICMPv6NDOptUnknown",
        "ICMPv6 Neighbor Discovery Option - Scapy Unimplemented",
    ),
];

pub static NDOPT: Ops = Ops {
    classes: &CLASSES,
    class: |p| {
        let t = match p {
            Proto::NdOpt(t) => t,
            _ => 0,
        };
        let i = TYPES.iter().position(|k| *k == t).unwrap_or(TYPES.len());
        &CLASSES[i]
    },
    fields,
    summary,
};

/// Options follow one another to the end; a zero or overlong length takes the rest.
pub fn parse(w: &mut Walk) -> Next {
    if w.rest() == 0 {
        return Next::Done;
    }
    let Some(o) = Opt::new(w.here()) else {
        return Next::Raw;
    };
    let (t, len) = (o.kind(), o.len_units() as usize * 8);
    if len == 0 || len > w.rest() {
        // Scapy reads a zero or overlong option length as "the rest".
        w.push(Proto::NdOpt(t), w.rest());
        return Next::Done;
    }
    w.push_at(Proto::NdOpt(t), w.at, len, w.at + len);
    w.at += len;
    Next::Parse(parse)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(o) = p.view::<Opt>(i) else {
        return vec![];
    };
    let b = o.0;
    let mut f = vec![("type", int(o.kind())), ("len", int(o.len_units()))];
    match o.kind() {
        1 | 2 if b.len() >= 8 => f.push(("lladdr", text(mac_str(&mac(b, 2))))),
        5 if b.len() >= 8 => f.extend([("res", hex(be16(b, 2))), ("mtu", int(be32(b, 4)))]),
        // ICMPv6NDOptPrefixInfo (RFC 4861 section 4.6.2).
        3 if b.len() >= 32 => f.extend([
            ("prefixlen", int(b[2])),
            ("L", int(b[3] >> 7)),
            ("A", int((b[3] >> 6) & 1)),
            ("R", int((b[3] >> 5) & 1)),
            ("res1", int(b[3] & 0x1f)),
            ("validlifetime", hex(be32(b, 4))),
            ("preferredlifetime", hex(be32(b, 8))),
            ("res2", hex(be32(b, 12))),
            ("prefix", text(ipv6_str(&addr16(b, 16)))),
        ]),
        _ => {}
    }
    f
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(o) = p.view::<Opt>(i) else {
        return String::new();
    };
    let h = o.0;
    match o.kind() {
        t @ (1 | 2) if h.len() >= 8 => format!(
            "{P}{} Link-Layer Address {}",
            if t == 1 { "Source" } else { "Destination" },
            mac_str(&mac(h, 2))
        ),
        3 if h.len() >= 32 => format!(
            "{P}Prefix Information {}/{} On-link {} Autonomous Address {} Router Address {}",
            ipv6_str(&addr16(h, 16)),
            h[2],
            h[3] >> 7,
            (h[3] >> 6) & 1,
            (h[3] >> 5) & 1
        ),
        5 if h.len() >= 8 => format!("{P}MTU {}", be32(h, 4)),
        25 if h.len() >= 8 => {
            let addrs: Vec<String> = h[8..]
                .chunks_exact(16)
                .map(|c| ipv6_str(&addr16(c, 0)))
                .collect();
            format!("{P}Recursive DNS Server Option {}", addrs.join(", "))
        }
        _ => String::new(),
    }
}
