//! Header fields of a layer under Scapy's field names: the value a script reads
//! (`p[IP].ttl`) and the text Scapy's packet repr shows (`proto=tcp`).

use super::names;
use super::{Layer, Packet, Proto};
use crate::pyfmt::{ipv4_str, ipv6_str, mac_str};

#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Int(i64),
    Str(String),
    Bytes(Vec<u8>),
    /// TCP (`true`) or IP (`false`) flags.
    Flags(u16, bool),
}

#[derive(Clone, Debug)]
pub struct Field {
    pub value: FieldValue,
    /// What Scapy's repr shows for it.
    pub show: String,
}

fn int(v: impl Into<i64>) -> Field {
    let v = v.into();
    Field {
        value: FieldValue::Int(v),
        show: v.to_string(),
    }
}
fn hex(v: impl Into<i64>) -> Field {
    let v = v.into();
    Field {
        value: FieldValue::Int(v),
        show: format!("{v:#x}"),
    }
}
fn named(v: impl Into<i64>, name: String) -> Field {
    Field {
        value: FieldValue::Int(v.into()),
        show: name,
    }
}
fn bytes(b: &[u8]) -> Field {
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: crate::pyfmt::bytes_repr(b),
    }
}
/// Linux packet types, as Scapy names them in cooked captures.
fn pkttype(t: u8) -> String {
    match t {
        0 => "unicast".into(),
        1 => "broadcast".into(),
        2 => "multicast".into(),
        3 => "unicast-to-another-host".into(),
        4 => "sent-by-us".into(),
        _ => t.to_string(),
    }
}
/// TCP options as Scapy lists them: `[('MSS', 1460), ('SAckOK', b''), ...]`.
fn tcp_options(o: &[u8]) -> String {
    let mut items = Vec::new();
    let mut i = 0;
    while i < o.len() {
        let kind = o[i];
        if kind == 0 {
            items.push("('EOL', None)".to_string());
            break;
        }
        if kind == 1 {
            items.push("('NOP', None)".to_string());
            i += 1;
            continue;
        }
        let Some(&len) = o.get(i + 1) else { break };
        let len = len as usize;
        if len < 2 || i + len > o.len() {
            break;
        }
        let v = &o[i + 2..i + len];
        let num = |b: &[u8]| b.iter().fold(0u64, |a, &x| a << 8 | x as u64);
        items.push(match (kind, v.len()) {
            (2, 2) => format!("('MSS', {})", num(v)),
            (3, 1) => format!("('WScale', {})", v[0]),
            (4, 0) => "('SAckOK', b'')".to_string(),
            (5, n) if n % 8 == 0 => {
                let parts: Vec<String> = v.chunks(4).map(|c| num(c).to_string()).collect();
                if parts.len() == 1 {
                    format!("('SAck', ({},))", parts[0])
                } else {
                    format!("('SAck', ({}))", parts.join(", "))
                }
            }
            (8, 8) => format!("('Timestamp', ({}, {}))", num(&v[..4]), num(&v[4..])),
            (28, 2) => format!("('UTO', {})", num(v)),
            (34, _) => format!("('TFO', {})", crate::pyfmt::bytes_repr(v)),
            _ => format!("({kind}, {})", crate::pyfmt::bytes_repr(v)),
        });
        i += len;
    }
    format!("[{}]", items.join(", "))
}
fn icmp6_type(t: u8) -> String {
    let s = match t {
        1 => "Destination unreachable",
        2 => "Packet too big",
        3 => "Time exceeded",
        4 => "Parameter problem",
        128 => "Echo Request",
        129 => "Echo Reply",
        130 => "MLD Query",
        131 => "MLD Report",
        132 => "MLD Done",
        133 => "Router Solicitation",
        134 => "Router Advertisement",
        135 => "Neighbor Solicitation",
        136 => "Neighbor Advertisement",
        137 => "Redirect Message",
        143 => "MLD Report Version 2",
        _ => return t.to_string(),
    };
    s.to_string()
}

fn text(s: String) -> Field {
    Field {
        show: s.clone(),
        value: FieldValue::Str(s),
    }
}
fn be16(d: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([d[at], d[at + 1]])
}
fn be32(d: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]])
}

/// Named EtherType for reprs: Scapy shows known ones by name.
fn etype(t: u16) -> Field {
    let n = names::ethertype(t);
    named(t, n)
}

/// The fields of a layer, in Scapy's order.
pub fn fields(p: &Packet, l: &Layer) -> Vec<(&'static str, Field)> {
    let h = l.header(p.data);
    let mut f: Vec<(&'static str, Field)> = Vec::new();
    match l.proto {
        Proto::Ether | Proto::Dot3 => {
            f.push(("dst", text(mac_str(&h[0..6]))));
            f.push(("src", text(mac_str(&h[6..12]))));
            if l.proto == Proto::Ether {
                f.push(("type", etype(be16(h, 12))));
            } else {
                f.push(("len", int(be16(h, 12))));
            }
        }
        Proto::Dot1Q | Proto::Dot1AD => {
            let tci = be16(h, 0);
            f.push(("prio", int(tci >> 13)));
            f.push(("dei", int((tci >> 12) & 1)));
            f.push(("vlan", int(tci & 0x0fff)));
            f.push(("type", etype(be16(h, 2))));
        }
        Proto::CookedLinux => {
            let alen = (be16(h, 4) as usize).min(8);
            f.push(("pkttype", named(be16(h, 0), pkttype(be16(h, 0) as u8))));
            f.push(("lladdrtype", hex(be16(h, 2))));
            f.push(("lladdrlen", int(be16(h, 4))));
            f.push(("src", bytes(&h[6..6 + alen])));
            f.push(("proto", etype(be16(h, 14))));
        }
        Proto::CookedLinuxV2 => {
            let alen = (h[11] as usize).min(8);
            f.push(("proto", etype(be16(h, 0))));
            f.push(("reserved", int(be16(h, 2))));
            f.push(("ifindex", int(be32(h, 4))));
            f.push(("lladdrtype", hex(be16(h, 8))));
            f.push(("pkttype", named(h[10], pkttype(h[10]))));
            f.push(("lladdrlen", int(h[11])));
            f.push(("src", bytes(&h[12..12 + alen])));
        }
        Proto::Loopback => {
            let t = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
            f.push(("type", int(t)));
        }
        Proto::Arp => {
            let (hl, pl) = (h[4] as usize, h[5] as usize);
            let ptype = be16(h, 2);
            let paddr = |b: &[u8]| match (ptype, pl) {
                (0x0800, 4) => text(ipv4_str(b)),
                (0x86dd, 16) => text(ipv6_str(b.try_into().unwrap())),
                _ => Field {
                    value: FieldValue::Bytes(b.to_vec()),
                    show: crate::pyfmt::bytes_repr(b),
                },
            };
            let haddr = |b: &[u8]| {
                if hl == 6 {
                    text(mac_str(b))
                } else {
                    Field {
                        value: FieldValue::Bytes(b.to_vec()),
                        show: crate::pyfmt::bytes_repr(b),
                    }
                }
            };
            let hw = be16(h, 0);
            f.push((
                "hwtype",
                if hw == 1 {
                    named(hw, "Ethernet (10Mb)".into())
                } else {
                    hex(hw)
                },
            ));
            f.push(("ptype", etype(ptype)));
            f.push(("hwlen", int(h[4])));
            f.push(("plen", int(h[5])));
            f.push(("op", named(be16(h, 6), names::arp_op(be16(h, 6)))));
            f.push(("hwsrc", haddr(&h[8..8 + hl])));
            f.push(("psrc", paddr(&h[8 + hl..8 + hl + pl])));
            f.push(("hwdst", haddr(&h[8 + hl + pl..8 + 2 * hl + pl])));
            f.push(("pdst", paddr(&h[8 + 2 * hl + pl..8 + 2 * hl + 2 * pl])));
        }
        Proto::Ip | Proto::IpError => {
            let fl = be16(h, 6);
            f.push(("version", int(h[0] >> 4)));
            f.push(("ihl", int(h[0] & 0x0f)));
            f.push(("tos", hex(h[1])));
            f.push(("len", int(be16(h, 2))));
            f.push(("id", int(be16(h, 4))));
            let flags = fl >> 13;
            f.push((
                "flags",
                Field {
                    value: FieldValue::Flags(flags, false),
                    show: super::summary::ip_flags(flags),
                },
            ));
            f.push(("frag", int(fl & 0x1fff)));
            f.push(("ttl", int(h[8])));
            f.push(("proto", named(h[9], names::ip_proto(h[9]))));
            f.push(("chksum", hex(be16(h, 10))));
            f.push(("src", text(ipv4_str(&h[12..16]))));
            f.push(("dst", text(ipv4_str(&h[16..20]))));
        }
        Proto::Ipv6 | Proto::Ipv6Error => {
            let w = be32(h, 0);
            f.push(("version", int(w >> 28)));
            f.push(("tc", int((w >> 20) & 0xff)));
            f.push(("fl", int(w & 0xfffff)));
            f.push(("plen", int(be16(h, 4))));
            f.push(("nh", named(h[6], names::ipv6_nh(h[6]))));
            f.push(("hlim", int(h[7])));
            f.push(("src", text(ipv6_str(h[8..24].try_into().unwrap()))));
            f.push(("dst", text(ipv6_str(h[24..40].try_into().unwrap()))));
        }
        Proto::Tcp | Proto::TcpError => {
            let (sp, dp) = (be16(h, 0), be16(h, 2));
            f.push(("sport", named(sp, names::tcp_port(sp))));
            f.push(("dport", named(dp, names::tcp_port(dp))));
            f.push(("seq", int(be32(h, 4))));
            if h.len() >= 20 {
                let flags = be16(h, 12) & 0x01ff;
                f.push(("ack", int(be32(h, 8))));
                f.push(("dataofs", int(h[12] >> 4)));
                f.push(("reserved", int((h[12] >> 1) & 7)));
                f.push((
                    "flags",
                    Field {
                        value: FieldValue::Flags(flags, true),
                        show: super::tcp_flags(flags),
                    },
                ));
                f.push(("window", int(be16(h, 14))));
                f.push(("chksum", hex(be16(h, 16))));
                f.push(("urgptr", int(be16(h, 18))));
                let o = tcp_options(&h[20..]);
                f.push((
                    "options",
                    Field {
                        show: o.clone(),
                        value: FieldValue::Str(o),
                    },
                ));
            }
        }
        Proto::Udp | Proto::UdpError => {
            let (sp, dp) = (be16(h, 0), be16(h, 2));
            f.push(("sport", named(sp, names::udp_port(sp))));
            f.push(("dport", named(dp, names::udp_port(dp))));
            f.push(("len", int(be16(h, 4))));
            f.push(("chksum", hex(be16(h, 6))));
        }
        Proto::Icmp | Proto::IcmpError => {
            let t = h[0];
            f.push(("type", named(t, names::icmp_type(t))));
            f.push(("code", named(h[1], names::icmp_code(t, h[1]))));
            f.push(("chksum", hex(be16(h, 2))));
            if matches!(t, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18 | 37 | 38) {
                f.push(("id", hex(be16(h, 4))));
                f.push(("seq", hex(be16(h, 6))));
            }
            match t {
                3 => {
                    f.push(("reserved", int(h[4])));
                    f.push(("length", int(h[5])));
                    f.push(("nexthopmtu", int(be16(h, 6))));
                }
                5 => f.push(("gw", text(ipv4_str(&h[4..8])))),
                11 => {
                    f.push(("reserved", int(h[4])));
                    f.push(("length", int(h[5])));
                    f.push(("unused", int(be16(h, 6))));
                }
                12 => {
                    f.push(("ptr", int(h[4])));
                    f.push(("length", int(h[5])));
                    f.push(("unused", int(be16(h, 6))));
                }
                13 | 14 if h.len() >= 20 => {
                    f.push(("ts_ori", int(be32(h, 8))));
                    f.push(("ts_rx", int(be32(h, 12))));
                    f.push(("ts_tx", int(be32(h, 16))));
                }
                17 | 18 if h.len() >= 12 => f.push(("addr_mask", text(ipv4_str(&h[8..12])))),
                _ => {}
            }
            if matches!(t, 0 | 3 | 5 | 8 | 13 | 14 | 15 | 16 | 17 | 18) {
                f.push(("unused", bytes(b"")));
            } else if !matches!(t, 11 | 12) {
                f.push(("unused", int(be32(h, 4))));
            }
        }
        Proto::Icmpv6(_) => {
            f.push(("type", named(h[0], icmp6_type(h[0]))));
            f.push(("code", int(h[1])));
            f.push(("cksum", hex(be16(h, 2))));
            match h[0] {
                128 | 129 => {
                    f.push(("id", hex(be16(h, 4))));
                    f.push(("seq", hex(be16(h, 6))));
                    f.push(("data", bytes(&h[8..])));
                }
                133 => f.push(("res", int(be32(h, 4)))),
                135 | 136 if h.len() >= 24 => {
                    f.push(("tgt", text(ipv6_str(h[8..24].try_into().unwrap()))));
                }
                _ => {}
            }
        }
        Proto::Dns | Proto::Llmnr => {
            let i = p.layers().iter().position(|x| x == l).unwrap_or(0);
            let tcp = i > 0 && matches!(p.layers()[i - 1].proto, Proto::Tcp | Proto::TcpError);
            let m = l.bytes(p.data);
            let b = if tcp { &m[2..] } else { m };
            if tcp {
                f.push(("length", int(be16(m, 0))));
            }
            f.push(("id", int(be16(b, 0))));
            f.push(("qr", int(b[2] >> 7)));
            let op = (b[2] >> 3) & 0xf;
            let opname = match op {
                0 => "QUERY".to_string(),
                1 => "IQUERY".to_string(),
                2 => "STATUS".to_string(),
                _ => op.to_string(),
            };
            f.push(("opcode", named(op, opname)));
            f.push(("aa", int((b[2] >> 2) & 1)));
            f.push(("tc", int((b[2] >> 1) & 1)));
            f.push(("rd", int(b[2] & 1)));
            f.push(("ra", int(b[3] >> 7)));
            f.push(("z", int((b[3] >> 6) & 1)));
            f.push(("ad", int((b[3] >> 5) & 1)));
            f.push(("cd", int((b[3] >> 4) & 1)));
            f.push(("rcode", named(b[3] & 0xf, names::dns_rcode(b[3] & 0xf))));
            f.push(("qdcount", int(be16(b, 4))));
            f.push(("ancount", int(be16(b, 6))));
            f.push(("nscount", int(be16(b, 8))));
            f.push(("arcount", int(be16(b, 10))));
            let parsed = p.dns(i);
            if let Some(q) = parsed.qname {
                f.push((
                    "qname",
                    Field {
                        show: crate::pyfmt::bytes_repr(&q),
                        value: FieldValue::Bytes(q),
                    },
                ));
            }
        }
        Proto::Raw | Proto::Padding => {
            let b = l.bytes(p.data).to_vec();
            f.push((
                "load",
                Field {
                    show: crate::pyfmt::bytes_repr(&b),
                    value: FieldValue::Bytes(b),
                },
            ));
        }
        Proto::NdOpt(t) if h.len() >= 8 && matches!(t, 1 | 2) => {
            f.push(("type", int(t)));
            f.push(("len", int(h[1])));
            f.push(("lladdr", text(mac_str(&h[2..8]))));
        }
        Proto::Gre => {
            f.push(("proto", etype(be16(h, 2))));
        }
        Proto::Vxlan => {
            f.push(("flags", hex(h[0])));
            f.push(("vni", int(u32::from_be_bytes([0, h[4], h[5], h[6]]))));
        }
        _ => {}
    }
    f
}
