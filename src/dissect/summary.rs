//! Scapy's `Packet.summary()`: layer names joined by " / ", where only the highest layer
//! that has a summary text of its own shows that text.

use super::names;
use super::{Icmp6, Packet, Proto};
use crate::pyfmt::{bytes_repr, ipv4_str, ipv6_str, mac_str};

fn be16(d: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([d[at], d[at + 1]])
}

/// TCP flag letters, lowest bit first, as Scapy's FlagValue prints them.
pub fn tcp_flags(f: u16) -> String {
    const LETTERS: &[u8] = b"FSRPAUECN";
    LETTERS
        .iter()
        .enumerate()
        .filter(|(i, _)| f & (1 << i) != 0)
        .map(|(_, &c)| c as char)
        .collect()
}

/// IP flag names joined by `+`, as Scapy's FlagValue prints multi-letter names.
pub fn ip_flags(v: u16) -> String {
    let names = ["MF", "DF", "evil"];
    let set: Vec<&str> = (0..3)
        .filter(|i| v & (1 << i) != 0)
        .map(|i| names[i])
        .collect();
    set.join("+")
}

pub fn summary(p: &Packet) -> String {
    summary_from(p, 0)
}

/// The summary of a layer and the layers above it (`p[TCP].summary()`).
pub fn summary_from(p: &Packet, from: usize) -> String {
    let layers = p.layers();
    if layers.len() <= from {
        return String::new();
    }
    let mut found = false;
    let mut need_udp = false;
    let mut out = String::new();
    for i in (from..layers.len()).rev() {
        let proto = layers[i].proto;
        let mut ret = String::new();
        if !found || (need_udp && proto == Proto::Udp) {
            ret = layer_summary(p, i);
        }
        if proto == Proto::Llmnr {
            need_udp = true;
        }
        if !ret.is_empty() || need_udp {
            found = true;
        }
        if ret.is_empty() {
            ret = proto.class_name().to_string();
        }
        out = if out.is_empty() {
            ret
        } else {
            format!("{ret} / {out}")
        };
    }
    out
}

/// The addresses of an IPv4 or IPv6 layer, as text.
fn ip_addrs(p: &Packet, i: usize) -> (String, String) {
    let l = p.layers()[i];
    let h = l.header(p.data);
    match l.proto {
        Proto::Ipv6 | Proto::Ipv6Error => (
            ipv6_str(h[8..24].try_into().unwrap()),
            ipv6_str(h[24..40].try_into().unwrap()),
        ),
        _ => (ipv4_str(&h[12..16]), ipv4_str(&h[16..20])),
    }
}

/// A layer's own summary text (Scapy's `mysummary()`), or "" if it has none.
fn layer_summary(p: &Packet, i: usize) -> String {
    let layers = p.layers();
    let l = layers[i];
    let d = p.data;
    let h = l.header(d);
    let under = if i > 0 {
        Some(layers[i - 1].proto)
    } else {
        None
    };
    match l.proto {
        Proto::Ether => format!(
            "{} > {} ({})",
            mac_str(&h[6..12]),
            mac_str(&h[0..6]),
            names::ethertype(be16(h, 12))
        ),
        Proto::Dot3 => format!("802.3 {} > {}", mac_str(&h[6..12]), mac_str(&h[0..6])),
        Proto::Dot1Q | Proto::Dot1AD => {
            // `%Dot1Q.x%` finds the first layer *named* Dot1Q from here down.
            let q = layers[i..].iter().find(|x| x.proto == Proto::Dot1Q);
            let (ty, vlan) = match q {
                Some(q) => {
                    let qh = q.header(d);
                    (
                        names::ethertype(be16(qh, 2)),
                        (be16(qh, 0) & 0x0fff).to_string(),
                    )
                }
                None => ("??".to_string(), "??".to_string()),
            };
            if under == Some(Proto::Ether) {
                let eh = layers[i - 1].header(d);
                format!(
                    "802.1q {} > {} ({ty}) vlan {vlan}",
                    mac_str(&eh[6..12]),
                    mac_str(&eh[0..6])
                )
            } else {
                format!("802.1q ({ty}) vlan {vlan}")
            }
        }
        Proto::Arp => {
            let hwtype = be16(h, 0);
            let ptype = be16(h, 2);
            let (hl, pl) = (h[4] as usize, h[5] as usize);
            let op = be16(h, 6);
            let paddr = |b: &[u8]| -> String {
                if ptype == 0x0800 && pl == 4 {
                    ipv4_str(b)
                } else if ptype == 0x86dd && pl == 16 {
                    ipv6_str(b.try_into().unwrap())
                } else {
                    bytes_repr(b)
                }
            };
            let hwsrc = &h[8..8 + hl];
            let psrc = paddr(&h[8 + hl..8 + hl + pl]);
            let pdst = paddr(&h[8 + 2 * hl + pl..8 + 2 * hl + 2 * pl]);
            match op {
                1 => format!("ARP who has {pdst} says {psrc}"),
                2 => {
                    let hw = if hwtype == 1 && hl == 6 {
                        mac_str(hwsrc)
                    } else {
                        bytes_repr(hwsrc)
                    };
                    format!("ARP is at {hw} says {psrc}")
                }
                _ => format!("ARP {} {psrc} > {pdst}", names::arp_op(op)),
            }
        }
        Proto::Ip => {
            let (s, dst) = ip_addrs(p, i);
            let mut out = format!("{s} > {dst} {}", names::ip_proto(h[9]));
            let frag = be16(h, 6) & 0x1fff;
            if frag != 0 {
                out.push_str(&format!(" frag:{frag}"));
            }
            out
        }
        Proto::Ipv6 => {
            let (s, dst) = ip_addrs(p, i);
            format!("{s} > {dst} ({})", h[6])
        }
        Proto::Tcp | Proto::Udp => {
            let (sp, dp) = (be16(h, 0), be16(h, 2));
            let tcp = l.proto == Proto::Tcp;
            let port = |x| {
                if tcp {
                    names::tcp_port(x)
                } else {
                    names::udp_port(x)
                }
            };
            let name = if tcp { "TCP" } else { "UDP" };
            let flags = if tcp {
                format!(" {}", tcp_flags(be16(h, 12) & 0x01ff))
            } else {
                String::new()
            };
            match under {
                Some(Proto::Ip | Proto::IpError | Proto::Ipv6) => {
                    let (s, dst) = ip_addrs(p, i - 1);
                    format!("{name} {s}:{} > {dst}:{}{flags}", port(sp), port(dp))
                }
                _ => format!("{name} {} > {}{flags}", port(sp), port(dp)),
            }
        }
        Proto::Icmp => {
            let (t, c) = (h[0], h[1]);
            let tc = format!("{} {}", names::icmp_type(t), names::icmp_code(t, c));
            let ext = match p.icmp_ext {
                Some((li, s, e)) if li as usize == i => {
                    let x = &d[s as usize..e as usize];
                    if x.len() >= 8 {
                        format!(" ext:{}", names::icmp_ext_class(x[6]))
                    } else {
                        " ext:??".to_string()
                    }
                }
                _ => String::new(),
            };
            match under {
                Some(Proto::Ip | Proto::IpError) => {
                    let (s, dst) = ip_addrs(p, i - 1);
                    format!("ICMP {s} > {dst} {tc}{ext}")
                }
                _ => format!("ICMP {tc}{ext}"),
            }
        }
        Proto::Icmpv6(k) => match k {
            Icmp6::EchoRequest | Icmp6::EchoReply => format!(
                "ICMPv6 Echo {} (id: {:#x} seq: {:#x})",
                if k == Icmp6::EchoRequest {
                    "Request"
                } else {
                    "Reply"
                },
                be16(h, 4),
                be16(h, 6)
            ),
            Icmp6::NdNs | Icmp6::NdNa => format!(
                "ICMPv6 Neighbor Discovery - Neighbor {} (tgt: {})",
                if k == Icmp6::NdNs {
                    "Solicitation"
                } else {
                    "Advertisement"
                },
                ipv6_str(h[8..24].try_into().unwrap())
            ),
            Icmp6::NdRa => {
                let f = h[5];
                let prf = match (f >> 3) & 3 {
                    0 => "Medium (default)",
                    1 => "High",
                    2 => "Reserved",
                    _ => "Low",
                };
                format!(
                    "ICMPv6 Neighbor Discovery - Router Advertisement Lifetime {} Hop Limit {} \
                     Preference {prf} Managed {} Other {} Home {}",
                    be16(h, 6),
                    h[4],
                    f >> 7,
                    (f >> 6) & 1,
                    (f >> 5) & 1
                )
            }
            _ => String::new(),
        },
        Proto::NdOpt(t) => match t {
            1 | 2 if h.len() >= 8 => format!(
                "ICMPv6 Neighbor Discovery Option - {} Link-Layer Address {}",
                if t == 1 { "Source" } else { "Destination" },
                mac_str(&h[2..8])
            ),
            3 if h.len() >= 32 => format!(
                "ICMPv6 Neighbor Discovery Option - Prefix Information {}/{} On-link {} \
                 Autonomous Address {} Router Address {}",
                ipv6_str(h[16..32].try_into().unwrap()),
                h[2],
                h[3] >> 7,
                (h[3] >> 6) & 1,
                (h[3] >> 5) & 1
            ),
            5 if h.len() >= 8 => format!(
                "ICMPv6 Neighbor Discovery Option - MTU {}",
                u32::from_be_bytes([h[4], h[5], h[6], h[7]])
            ),
            25 if h.len() >= 8 => {
                let addrs: Vec<String> = h[8..]
                    .chunks_exact(16)
                    .map(|c| ipv6_str(c.try_into().unwrap()))
                    .collect();
                format!(
                    "ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option {}",
                    addrs.join(", ")
                )
            }
            _ => String::new(),
        },
        Proto::Dns | Proto::Llmnr => {
            let m = p.dns(i);
            if l.proto == Proto::Llmnr {
                let mut s = if m.qr { "LLMNRResponse" } else { "LLMNRQuery" }.to_string();
                if m.qr {
                    match (&m.rrname, &m.answer) {
                        (Some(n), Some(a)) => {
                            s.push_str(&format!(" '{}' is at '{}'", String::from_utf8_lossy(n), a))
                        }
                        _ => s.push_str(" [malformed]"),
                    }
                } else {
                    match &m.qname {
                        Some(n) => {
                            s.push_str(&format!(" who has '{}'", String::from_utf8_lossy(n)))
                        }
                        None => s.push_str(" [malformed]"),
                    }
                }
                return s;
            }
            let mdns = matches!(under, Some(Proto::Udp | Proto::UdpError))
                && be16(layers[i - 1].header(d), 2) == 5353;
            let mut s = String::from(if mdns { "mDNS " } else { "DNS " });
            if m.qr {
                s.push_str("Ans");
                if let Some(a) = &m.answer {
                    s.push(' ');
                    s.push_str(a);
                } else if m.rcode != 0 {
                    s.push(' ');
                    s.push_str(&names::dns_rcode(m.rcode));
                }
            } else {
                s.push_str("Qry");
                if let Some(q) = &m.qname {
                    s.push(' ');
                    s.push_str(&bytes_repr(q));
                }
            }
            s
        }
        Proto::PppoED => {
            let code = h[1];
            match code {
                0x00 => "PPP Session Stage".into(),
                0x09 => "PPPoE Active Discovery Initiation (PADI)".into(),
                0x07 => "PPPoE Active Discovery Offer (PADO)".into(),
                0x0a => "PPPoE Active Discovery Session-Grant (PADG)".into(),
                0x0b => "PPPoE Active Discovery Session-Credit Response (PADC)".into(),
                0x0c => "PPPoE Active Discovery Quality (PADQ)".into(),
                0x19 => "PPPoE Active Discovery Request (PADR)".into(),
                0x65 => "PPPoE Active Discovery Session-confirmation (PADS)".into(),
                0xa7 => "PPPoE Active Discovery Terminate (PADT)".into(),
                c => c.to_string(),
            }
        }
        Proto::Dhcp => {
            // The message-type option, walking the options as Scapy does.
            let o = l.bytes(d);
            let mut i = 0;
            while i < o.len() {
                match o[i] {
                    0 | 255 => i += 1,
                    code => {
                        if i + 2 > o.len() || i + 2 + o[i + 1] as usize > o.len() {
                            break;
                        }
                        let len = o[i + 1] as usize;
                        if code == 53 && len >= 1 {
                            let name = match o[i + 2] {
                                1 => "discover",
                                2 => "offer",
                                3 => "request",
                                4 => "decline",
                                5 => "ack",
                                6 => "nak",
                                7 => "release",
                                8 => "inform",
                                9 => "force_renew",
                                10 => "lease_query",
                                11 => "lease_unassigned",
                                12 => "lease_unknown",
                                13 => "lease_active",
                                _ => "",
                            };
                            let mut c = name.chars();
                            let cap = match c.next() {
                                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                                None => String::new(),
                            };
                            return format!("DHCP {cap}");
                        }
                        i += 2 + len;
                    }
                }
            }
            String::new()
        }
        Proto::Igmp(t, v3) => {
            let name = if v3 {
                match t {
                    0x11 => "Membership Query".to_string(),
                    0x22 => "Version 3 - Membership Report".to_string(),
                    0x30 => "Multicast Router Advertisement".to_string(),
                    0x31 => "Multicast Router Solicitation".to_string(),
                    0x32 => "Multicast Router Termination".to_string(),
                    _ => t.to_string(),
                }
            } else {
                match t {
                    0x11 => "Group Membership Query".to_string(),
                    0x12 => "Version 1 - Membership Report".to_string(),
                    0x16 => "Version 2 - Membership Report".to_string(),
                    0x17 => "Leave Group".to_string(),
                    _ => t.to_string(),
                }
            };
            let under_ip = matches!(under, Some(Proto::Ip | Proto::IpError));
            match (v3, under_ip) {
                (false, true) => {
                    let (s, dst) = ip_addrs(p, i - 1);
                    format!("IGMP: {s} > {dst} {name} {}", ipv4_str(&h[4..8]))
                }
                (false, false) => format!("IGMP {name} {}", ipv4_str(&h[4..8])),
                (true, true) => {
                    let (s, dst) = ip_addrs(p, i - 1);
                    format!("IGMPv3: {s} > {dst} {name}")
                }
                (true, false) => format!("IGMPv3 {name}"),
            }
        }
        Proto::Ntp => {
            let mode = match h[0] & 7 {
                0 => "reserved",
                1 => "symmetric active",
                2 => "symmetric passive",
                3 => "client",
                4 => "server",
                5 => "broadcast",
                6 => "NTP control message",
                _ => "reserved for private use",
            };
            format!("NTP v{}, {mode}", (h[0] >> 3) & 7)
        }
        Proto::Vxlan => {
            let vni = u32::from_be_bytes([0, h[4], h[5], h[6]]);
            if h[0] & 0x80 != 0 {
                format!("VXLAN (vni={vni} gpid={})", be16(h, 2))
            } else {
                format!("VXLAN (vni={vni})")
            }
        }
        _ => String::new(),
    }
}
