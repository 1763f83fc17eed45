//! The session key of one packet, as Scapy 2.8.0's default extractor makes it.

use std::fmt;

use crate::dissect::{dissect_headers, linktype, Layer, Packet, Proto};
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
    pub fn of(h: &[u8]) -> (ArpAddr, ArpAddr) {
        let ptype = be16(h, 2);
        let (hl, pl) = (h[4] as usize, h[5] as usize);
        (
            ArpAddr {
                ptype,
                bytes: h[8 + hl..8 + hl + pl].to_vec(),
            },
            ArpAddr {
                ptype,
                bytes: h[8 + 2 * hl + pl..8 + 2 * hl + 2 * pl].to_vec(),
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

const ICMP_ID_TYPES: [u8; 10] = [0, 8, 13, 14, 15, 16, 17, 18, 37, 38];

/// The key of one packet. Ethernet frames are keyed exactly as Scapy keys them. Packets
/// of other link types (which Scapy files under `Other`) are keyed as Scapy would key the
/// same packet over Ethernet: from their first IP, IPv6 or ARP layer, else by the cooked
/// header's protocol, else as `Ethernet type=ffff`.
pub fn key_of(lt: u16, data: &[u8]) -> Key {
    key_of_packet(&dissect_headers(lt, data))
}

/// The key of a packet already dissected.
pub fn key_of_packet(p: &Packet) -> Key {
    let (lt, data) = (p.linktype, p.data);
    if lt == linktype::ETHERNET {
        if !p.has(Proto::Ether) {
            return Key::Other;
        }
        return key_of_layers(p, p.layers(), 0);
    }
    let layers = p.layers();
    for want in [Proto::Ip, Proto::Ipv6, Proto::Arp] {
        if let Some(i) = layers.iter().position(|l| l.proto == want) {
            return key_of_layers(p, &layers[i..], 0);
        }
    }
    match layers.first().map(|l| l.proto) {
        Some(Proto::CookedLinux) => key_of_layers(p, &layers[1..], be16(data, 14)),
        Some(Proto::CookedLinuxV2) => key_of_layers(p, &layers[1..], be16(data, 0)),
        _ => Key::Ether { etype: 0xffff },
    }
}

fn be16(d: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([d[at], d[at + 1]])
}

fn key_of_layers(p: &Packet, layers: &[Layer], ether_type: u16) -> Key {
    let d = p.data;
    let first = |proto: Proto| {
        layers
            .iter()
            .find(|l| l.proto == proto)
            .map(|l| l.header(d))
    };
    let ip = first(Proto::Ip);
    let ip6 = first(Proto::Ipv6);
    if ip.is_some() || ip6.is_some() {
        let src = Addr {
            v4: ip.map(|h| h[12..16].try_into().unwrap()),
            v6: ip6.map(|h| h[8..24].try_into().unwrap()),
        };
        let dst = Addr {
            v4: ip.map(|h| h[16..20].try_into().unwrap()),
            v6: ip6.map(|h| h[24..40].try_into().unwrap()),
        };
        if let Some(h) = first(Proto::Tcp) {
            return Key::Tcp {
                src,
                dst,
                sport: be16(h, 0),
                dport: be16(h, 2),
            };
        }
        if let Some(h) = first(Proto::Udp) {
            return Key::Udp {
                src,
                dst,
                sport: be16(h, 0),
                dport: be16(h, 2),
            };
        }
        if let Some(h) = first(Proto::Icmp) {
            let id = if ICMP_ID_TYPES.contains(&h[0]) {
                be16(h, 4)
            } else {
                0
            };
            return Key::Icmp {
                src,
                dst,
                kind: h[0],
                code: h[1],
                id,
            };
        }
        if let Some(h) = ip6 {
            return Key::Ipv6 { src, dst, nh: h[6] };
        }
        return Key::Ip {
            src,
            dst,
            proto: ip.map_or(0, |h| h[9]),
        };
    }
    if let Some(h) = first(Proto::Arp) {
        let ptype = be16(h, 2);
        let (hl, pl) = (h[4] as usize, h[5] as usize);
        let psrc = ArpAddr {
            ptype,
            bytes: h[8 + hl..8 + hl + pl].to_vec(),
        };
        let pdst = ArpAddr {
            ptype,
            bytes: h[8 + 2 * hl + pl..8 + 2 * hl + 2 * pl].to_vec(),
        };
        return Key::Arp { psrc, pdst };
    }
    match first(Proto::Ether) {
        Some(h) => Key::Ether { etype: be16(h, 12) },
        None => Key::Ether { etype: ether_type },
    }
}
