//! Mobile IPv4 (RFC 5944, RFC 3519) as Scapy 2.8.0's `scapy.layers.mobileip` dissects it
//! on UDP port 434: `MobileIP` (the type), then a registration request (`MobileIPRRQ`),
//! reply (`MobileIPRRP`) or tunnel data message (`MobileIPTunnelData`, with the IP packet
//! it carries). Extensions after a request or reply are Raw, as in Scapy.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{enum_field, hex, int, text, uint, Fields};
use crate::dissect::view::{be16, be64};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

const MODULE: &str = "scapy.layers.mobileip";

/// By `Proto::MobileIp`'s index.
static CLASSES: &[Class] = &[
    Class::new("MobileIP", "Mobile IP (RFC3344)", MODULE),
    Class::new(
        "MobileIPRRQ",
        "Mobile IP Registration Request (RFC3344)",
        MODULE,
    ),
    Class::new(
        "MobileIPRRP",
        "Mobile IP Registration Reply (RFC3344)",
        MODULE,
    ),
    Class::new(
        "MobileIPTunnelData",
        "Mobile IP Tunnel Data Message (RFC3519)",
        MODULE,
    ),
];
const RRQ: u8 = 1;
const RRP: u8 = 2;
const TUNNEL: u8 = 3;

pub static MOBILEIP: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::MobileIp(k) => &CLASSES[(k as usize).min(CLASSES.len() - 1)],
        _ => &CLASSES[0],
    },
    fields,
    summary: no_summary,
};

/// The header bytes of each class.
fn len_of(k: u8) -> usize {
    match k {
        RRQ => 23,
        RRP => 19,
        TUNNEL => 3,
        _ => 1,
    }
}

/// After UDP port 434.
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.is_empty() {
        return Next::Raw;
    }
    w.push(Proto::MobileIp(0), 1);
    let k = match d[0] {
        1 => RRQ,
        3 => RRP,
        4 => TUNNEL,
        _ => return Next::Raw,
    };
    Next::Parse(match k {
        RRQ => |w| message(w, RRQ),
        RRP => |w| message(w, RRP),
        _ => |w| message(w, TUNNEL),
    })
}

/// A request, reply or tunnel data header: Raw where it is cut short, as Scapy's
/// dissection of it fails; an IP packet after tunnel data whose next header is 4.
fn message(w: &mut Walk, k: u8) -> Next {
    let d = w.here();
    if d.len() < len_of(k) {
        return Next::Raw;
    }
    w.push(Proto::MobileIp(k), len_of(k));
    if k == TUNNEL && d[0] == 4 {
        Next::Parse(super::ipv4::parse)
    } else {
        Next::Raw
    }
}

fn addr(b: &[u8], at: usize) -> crate::dissect::field::Field {
    text(ipv4_str(&[b[at], b[at + 1], b[at + 2], b[at + 3]]))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Proto::MobileIp(k) = p.layers()[i].proto else {
        return vec![];
    };
    let b = p.layers()[i].header(p.data);
    if b.len() < len_of(k) {
        return vec![];
    }
    match k {
        RRQ => vec![
            ("flags", hex(b[0])),
            ("lifetime", int(be16(b, 1))),
            ("homeaddr", addr(b, 3)),
            ("haaddr", addr(b, 7)),
            ("coaddr", addr(b, 11)),
            ("id", uint(be64(b, 15))),
        ],
        RRP => vec![
            ("code", int(b[0])),
            ("lifetime", int(be16(b, 1))),
            ("homeaddr", addr(b, 3)),
            ("haaddr", addr(b, 7)),
            ("id", uint(be64(b, 11))),
        ],
        TUNNEL => vec![("nexthdr", int(b[0])), ("res", int(be16(b, 1)))],
        _ => vec![("type", enum_field(b[0], &[(1, "RRQ"), (3, "RRP")]))],
    }
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    /// A registration request with an authentication extension after it (Raw).
    #[test]
    fn registration_request() {
        let mut m = vec![1, 0x00, 0x01, 0x2c, 10, 0, 0, 9, 10, 0, 0, 1, 10, 1, 0, 1];
        m.extend([0xe0, 0, 0, 0, 0, 0, 0, 7]);
        m.extend([32, 4, 0, 0, 1, 0]);
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 1, 0, 1], [10, 0, 0, 1], 64)
            .udp(434, 434)
            .write(&mut b, &m)
            .unwrap();
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(
            summary(&p),
            "Ether / IP / UDP 10.1.0.1:434 > 10.0.0.1:434 / MobileIP / MobileIPRRQ / Raw"
        );
        let text = show::show(&p, 3);
        assert!(
            text.contains("###[ Mobile IP Registration Request (RFC3344) ]###\n     flags     = 0x0\n     lifetime  = 300\n     homeaddr  = 10.0.0.9\n"),
            "{text}"
        );
        assert!(
            text.contains("     id        = 16140901064495857671\n"),
            "{text}"
        );
    }
}
