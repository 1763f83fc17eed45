//! The session key of one packet, as Scapy 2.8.0's default extractor makes it.

use std::fmt;

use crate::dissect::layers::{arp, ether, icmp, ipv4, ipv6, sll, tcp, udp};
use crate::dissect::{dissect_headers, linktype, Packet, Proto};
use crate::pyfmt::{bytes_repr, ipv4_str, ipv6_str};

/// `{IP:%IP.src%}{IPv6:%IPv6.src%}`: the first IPv4 and the first IPv6 address, written
/// one after the other (both appear for IPv6-in-IPv4).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Addr {
    pub v4: Option<[u8; 4]>,
    pub v6: Option<[u8; 16]>,
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(a) = self.v4 {
            f.write_str(&ipv4_str(&a))?;
        }
        if let Some(a) = self.v6 {
            f.write_str(&ipv6_str(&a))?;
        }
        Ok(())
    }
}

/// An ARP protocol address, kept with what says how to print it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArpAddr {
    pub ptype: u16,
    pub bytes: Vec<u8>,
}

impl ArpAddr {
    /// The sender and target protocol addresses of an ARP header.
    pub fn of(h: &arp::Header) -> (ArpAddr, ArpAddr) {
        let ptype = h.ptype();
        (
            ArpAddr {
                ptype,
                bytes: h.psrc().to_vec(),
            },
            ArpAddr {
                ptype,
                bytes: h.pdst().to_vec(),
            },
        )
    }
}

impl fmt::Display for ArpAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.ptype, self.bytes.len()) {
            (0x0800, 4) => f.write_str(&ipv4_str(&self.bytes)),
            (0x86dd, 16) => f.write_str(&ipv6_str(self.bytes[..].try_into().unwrap())),
            _ => f.write_str(&bytes_repr(&self.bytes)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Tcp {
        src: Addr,
        dst: Addr,
        sport: u16,
        dport: u16,
    },
    Udp {
        src: Addr,
        dst: Addr,
        sport: u16,
        dport: u16,
    },
    Icmp {
        src: Addr,
        dst: Addr,
        kind: u8,
        code: u8,
        id: u16,
    },
    Ipv6 {
        src: Addr,
        dst: Addr,
        nh: u8,
    },
    Ip {
        src: Addr,
        dst: Addr,
        proto: u8,
    },
    Arp {
        psrc: ArpAddr,
        pdst: ArpAddr,
    },
    Ether {
        etype: u16,
    },
    Other,
}

impl Key {
    /// The protocol word the key starts with (`TCP`, `UDP`, ...).
    pub fn proto(&self) -> &'static str {
        match self {
            Key::Tcp { .. } => "TCP",
            Key::Udp { .. } => "UDP",
            Key::Icmp { .. } => "ICMP",
            Key::Ipv6 { .. } => "IPv6",
            Key::Ip { .. } => "IP",
            Key::Arp { .. } => "ARP",
            Key::Ether { .. } => "Ethernet",
            Key::Other => "Other",
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::dissect::names;
        match self {
            Key::Tcp {
                src,
                dst,
                sport,
                dport,
            } => write!(f, "TCP {src}:{sport} > {dst}:{dport}"),
            Key::Udp {
                src,
                dst,
                sport,
                dport,
            } => write!(f, "UDP {src}:{sport} > {dst}:{dport}"),
            Key::Icmp {
                src,
                dst,
                kind,
                code,
                id,
            } => {
                write!(f, "ICMP {src} > {dst} type={kind} code={code} id={id:#x}")
            }
            Key::Ipv6 { src, dst, nh } => {
                write!(f, "IPv6 {src} > {dst} nh={}", names::ipv6_nh(*nh))
            }
            Key::Ip { src, dst, proto } => {
                write!(f, "IP {src} > {dst} proto={}", names::ip_proto(*proto))
            }
            Key::Arp { psrc, pdst } => write!(f, "ARP {psrc} > {pdst}"),
            Key::Ether { etype } => write!(f, "Ethernet type={etype:04x}"),
            Key::Other => f.write_str("Other"),
        }
    }
}

/// The key of one packet. Ethernet frames are keyed exactly as Scapy keys them. Packets
/// of other link types (which Scapy files under `Other`) are keyed as Scapy would key the
/// same packet over Ethernet: from their first IP, IPv6 or ARP layer, else by the cooked
/// header's protocol, else as `Ethernet type=ffff`.
pub fn key_of(lt: u16, data: &[u8]) -> Key {
    key_of_packet(&dissect_headers(lt, data))
}

/// The key of a packet already dissected.
pub fn key_of_packet(p: &Packet) -> Key {
    if p.linktype == linktype::ETHERNET {
        if !p.has(Proto::Ether) {
            return Key::Other;
        }
        return key_of_layers(p, 0, None);
    }
    let layers = p.layers();
    for want in [Proto::Ip, Proto::Ipv6, Proto::Arp] {
        if let Some(i) = layers.iter().position(|l| l.proto == want) {
            return key_of_layers(p, i, None);
        }
    }
    match layers.first().map(|l| l.proto) {
        Some(Proto::CookedLinux) => {
            key_of_layers(p, 1, p.view::<sll::Cooked>(0).map(|h| h.proto()))
        }
        Some(Proto::CookedLinuxV2) => {
            key_of_layers(p, 1, p.view::<sll::CookedV2>(0).map(|h| h.proto()))
        }
        _ => Key::Ether { etype: 0xffff },
    }
}

/// The key from the layers at and after `from`; `ether_type` is a cooked header's
/// protocol, for packets with no Ethernet header.
fn key_of_layers(p: &Packet, from: usize, ether_type: Option<u16>) -> Key {
    let first = |proto: Proto| (from..p.layers().len()).find(|&i| p.layers()[i].proto == proto);
    let ip = first(Proto::Ip).and_then(|i| p.view::<ipv4::Header>(i));
    let ip6 = first(Proto::Ipv6).and_then(|i| p.view::<ipv6::Header>(i));
    if ip.is_some() || ip6.is_some() {
        let src = Addr {
            v4: ip.as_ref().map(|h| h.src()),
            v6: ip6.as_ref().map(|h| h.src()),
        };
        let dst = Addr {
            v4: ip.as_ref().map(|h| h.dst()),
            v6: ip6.as_ref().map(|h| h.dst()),
        };
        if let Some(h) = first(Proto::Tcp).and_then(|i| p.view::<tcp::Header>(i)) {
            return Key::Tcp {
                src,
                dst,
                sport: h.sport(),
                dport: h.dport(),
            };
        }
        if let Some(h) = first(Proto::Udp).and_then(|i| p.view::<udp::Header>(i)) {
            return Key::Udp {
                src,
                dst,
                sport: h.sport(),
                dport: h.dport(),
            };
        }
        if let Some(h) = first(Proto::Icmp).and_then(|i| p.view::<icmp::Header>(i)) {
            return Key::Icmp {
                src,
                dst,
                kind: h.kind(),
                code: h.code(),
                id: h.id(),
            };
        }
        if let Some(h) = ip6 {
            return Key::Ipv6 {
                src,
                dst,
                nh: h.nh(),
            };
        }
        return Key::Ip {
            src,
            dst,
            proto: ip.map_or(0, |h| h.proto()),
        };
    }
    if let Some(h) = first(Proto::Arp).and_then(|i| p.view::<arp::Header>(i)) {
        let (psrc, pdst) = ArpAddr::of(&h);
        return Key::Arp { psrc, pdst };
    }
    match first(Proto::Ether).and_then(|i| p.view::<ether::Header>(i)) {
        Some(h) => Key::Ether { etype: h.kind() },
        None => Key::Ether {
            etype: ether_type.unwrap_or(0),
        },
    }
}
