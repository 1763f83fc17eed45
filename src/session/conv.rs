//! Conversations: both directions of a flow together, as Wireshark's conversation tables
//! and tcp.stream count them, with per-direction packets and bytes and, for TCP, Zeek's
//! connection state.

use rustc_hash::FxHashMap;

use super::defrag::{Defrag, Verdict};
use super::key::{Addr, ArpAddr};
use crate::capture::Capture;
use crate::dissect::layers::{arp, ether, icmp, icmpv6, ipv4, ipv6, tcp, udp};
use crate::dissect::{dissect_extended, Icmp6, Packet, Proto};
use crate::time::Timestamp;

/// One side of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// An address and a port (TCP, UDP).
    Port(Addr, u16),
    Addr(Addr),
    Arp(ArpAddr),
    Mac([u8; 6]),
    None,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Port(a, p) => write!(f, "{a}:{p}"),
            Endpoint::Addr(a) => write!(f, "{a}"),
            Endpoint::Arp(a) => write!(f, "{a}"),
            Endpoint::Mac(m) => f.write_str(&crate::pyfmt::mac_str(m)),
            Endpoint::None => f.write_str("-"),
        }
    }
}

/// What, besides the endpoints, tells conversations apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Tcp,
    Udp,
    /// ICMP echo and the like, by identifier.
    Icmp(u16),
    /// Another IP protocol (or IPv6 next header), by number.
    Ip(u8, bool),
    Arp,
    /// A non-IP frame, by EtherType.
    Ether(u16),
    Other,
}

#[derive(Clone, Debug)]
pub struct Conversation {
    pub kind: Kind,
    /// The initiator: sender of the first SYN, else of the first packet.
    pub a: Endpoint,
    pub b: Endpoint,
    /// Capture indices of its packets, in capture order.
    pub packets: Vec<u32>,
    /// For each packet, whether it went from `a` to `b`.
    pub a_to_b: Vec<bool>,
    pub packets_ab: u64,
    pub bytes_ab: u64,
    pub packets_ba: u64,
    pub bytes_ba: u64,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The IP datagrams that fragments reassembled into, by the capture index of the frame
    /// that completed each (its transport header and payload are in there).
    pub datagrams: Vec<(u32, Vec<u8>)>,
    tcp: TcpFlags,
}

#[derive(Clone, Copy, Debug, Default)]
struct TcpFlags {
    a_syn: bool,
    b_synack: bool,
    a_fin: bool,
    b_fin: bool,
    a_rst: bool,
    b_rst: bool,
    /// First sequence number seen from each side (Wireshark's base_seq).
    base: [Option<u32>; 2],
}

impl Conversation {
    pub fn proto(&self) -> &'static str {
        match &self.kind {
            Kind::Tcp => "TCP",
            Kind::Udp => "UDP",
            Kind::Icmp(_) => {
                if matches!(
                    &self.a,
                    Endpoint::Addr(Addr {
                        v6: Some(_),
                        v4: None
                    })
                ) {
                    "ICMPv6"
                } else {
                    "ICMP"
                }
            }
            Kind::Ip(_, false) => "IP",
            Kind::Ip(_, true) => "IPv6",
            Kind::Arp => "ARP",
            Kind::Ether(_) => "Ethernet",
            Kind::Other => "Other",
        }
    }

    /// `TCP 10.99.0.1:39312 <-> 10.99.0.2:80`, the initiator on the left.
    pub fn key(&self) -> String {
        use crate::dissect::names;
        let p = self.proto();
        match &self.kind {
            Kind::Icmp(id) => format!("{p} {} <-> {} id={id:#x}", self.a, self.b),
            Kind::Ip(n, false) => format!(
                "{p} {} <-> {} proto={}",
                self.a,
                self.b,
                names::ip_proto(*n)
            ),
            Kind::Ip(n, true) => format!("{p} {} <-> {} nh={}", self.a, self.b, names::ipv6_nh(*n)),
            Kind::Ether(t) => format!("{p} {} <-> {} type={t:04x}", self.a, self.b),
            Kind::Other => "Other".into(),
            _ => format!("{p} {} <-> {}", self.a, self.b),
        }
    }

    pub fn bytes(&self) -> u64 {
        self.bytes_ab + self.bytes_ba
    }

    /// Zeek's conn_state for TCP; None for other protocols.
    pub fn state(&self) -> Option<&'static str> {
        if self.kind != Kind::Tcp {
            return None;
        }
        let t = &self.tcp;
        Some(match (t.a_syn, t.b_synack) {
            (false, false) => "OTH",
            (true, false) => {
                if t.a_rst {
                    "RSTOS0"
                } else if t.b_rst {
                    "REJ"
                } else if t.a_fin {
                    "SH"
                } else {
                    "S0"
                }
            }
            (false, true) => {
                if t.b_rst {
                    "RSTRH"
                } else if t.b_fin {
                    "SHR"
                } else {
                    "OTH"
                }
            }
            (true, true) => {
                if t.a_rst {
                    "RSTO"
                } else if t.b_rst {
                    "RSTR"
                } else if t.a_fin && t.b_fin {
                    "SF"
                } else if t.a_fin {
                    "S2"
                } else if t.b_fin {
                    "S3"
                } else {
                    "S1"
                }
            }
        })
    }
}

fn addr(p: &Packet, i: usize) -> (Addr, Addr) {
    let one = |v4: Option<[u8; 4]>, v6: Option<[u8; 16]>| Addr { v4, v6 };
    if p.layers()[i].proto == Proto::Ipv6 {
        match p.view::<ipv6::Header>(i) {
            Some(h) => (one(None, Some(h.src())), one(None, Some(h.dst()))),
            None => (one(None, None), one(None, None)),
        }
    } else {
        match p.view::<ipv4::Header>(i) {
            Some(h) => (one(Some(h.src()), None), one(Some(h.dst()), None)),
            None => (one(None, None), one(None, None)),
        }
    }
}

/// The flow a packet belongs to, from its innermost transport header and the IP header
/// under it (so tunnelled traffic goes with its inner flow, as in Wireshark).
fn flow_of(p: &Packet) -> (Kind, Endpoint, Endpoint) {
    let layers = p.layers();
    let is_ip = |j: usize| matches!(layers[j].proto, Proto::Ip | Proto::Ipv6);
    let top = (0..layers.len()).rev().find(|&i| {
        matches!(
            layers[i].proto,
            Proto::Tcp | Proto::Udp | Proto::Icmp | Proto::Icmpv6(_)
        )
    });
    if let Some(i) = top {
        if let Some(j) = (0..i).rev().find(|&j| is_ip(j)) {
            let (s, d) = addr(p, j);
            let ports = |(sp, dp): (u16, u16)| {
                (Endpoint::Port(s.clone(), sp), Endpoint::Port(d.clone(), dp))
            };
            let flow = match layers[i].proto {
                Proto::Tcp => p.view::<tcp::Header>(i).map(|h| {
                    let (a, b) = ports((h.sport(), h.dport()));
                    (Kind::Tcp, a, b)
                }),
                Proto::Udp => p.view::<udp::Header>(i).map(|h| {
                    let (a, b) = ports((h.sport(), h.dport()));
                    (Kind::Udp, a, b)
                }),
                Proto::Icmp => p.view::<icmp::Header>(i).map(|h| {
                    (
                        Kind::Icmp(h.id()),
                        Endpoint::Addr(s.clone()),
                        Endpoint::Addr(d.clone()),
                    )
                }),
                Proto::Icmpv6(Icmp6::EchoRequest | Icmp6::EchoReply) => {
                    p.view::<icmpv6::Header>(i).map(|h| {
                        (
                            Kind::Icmp(h.word(4)),
                            Endpoint::Addr(s.clone()),
                            Endpoint::Addr(d.clone()),
                        )
                    })
                }
                _ => None,
            };
            return flow.unwrap_or((Kind::Ip(58, true), Endpoint::Addr(s), Endpoint::Addr(d)));
        }
    }
    if let Some(j) = (0..layers.len()).rev().find(|&j| is_ip(j)) {
        let (s, d) = addr(p, j);
        let kind = match layers[j].proto {
            Proto::Ipv6 => Kind::Ip(p.view::<ipv6::Header>(j).map_or(0, |h| h.nh()), true),
            _ => Kind::Ip(p.view::<ipv4::Header>(j).map_or(0, |h| h.proto()), false),
        };
        return (kind, Endpoint::Addr(s), Endpoint::Addr(d));
    }
    if let Some(h) = p.first::<arp::Header>(Proto::Arp) {
        let (s, d) = ArpAddr::of(&h);
        return (Kind::Arp, Endpoint::Arp(s), Endpoint::Arp(d));
    }
    if let Some(i) = layers
        .iter()
        .position(|l| matches!(l.proto, Proto::Ether | Proto::Dot3))
    {
        if let Some(h) = p.view::<ether::Header>(i) {
            let t = if layers[i].proto == Proto::Ether {
                h.kind()
            } else {
                0
            };
            return (
                Kind::Ether(t),
                Endpoint::Mac(h.src()),
                Endpoint::Mac(h.dst()),
            );
        }
    }
    (Kind::Other, Endpoint::None, Endpoint::None)
}

/// TCP flags and sequence number of a packet's innermost TCP header.
fn tcp_info(p: &Packet) -> Option<(u16, u32)> {
    let i = p.layers().iter().rposition(|l| l.proto == Proto::Tcp)?;
    let h = p.view::<tcp::Header>(i)?;
    Some((h.flags(), h.seq()))
}

const SYN: u16 = 0x02;
const ACK: u16 = 0x10;
const FIN: u16 = 0x01;
const RST: u16 = 0x04;

/// A packet's flow, worked out on any thread; fragments wait for the reassembler, which
/// needs them in order.
enum Pre {
    /// A packet's flow; the bool: an SNMP request (see `snmp_request`).
    Flow(Kind, Endpoint, Endpoint, Option<(u16, u32)>, bool),
    Fragment,
}

fn pre(cap: &Capture, idx: usize) -> Pre {
    let p = dissect_extended(cap.linktype(idx), cap.packet(idx));
    if super::defrag::piece(&p).is_some() {
        return Pre::Fragment;
    }
    let (kind, src, dst) = flow_of(&p);
    let tcp = (kind == Kind::Tcp).then(|| tcp_info(&p)).flatten();
    let snmp = kind == Kind::Udp && snmp_request(&p);
    Pre::Flow(kind, src, dst, tcp, snmp)
}

/// Whether a UDP datagram to port 161 is what Wireshark's SNMP dissector takes for SNMP
/// (a BER sequence no longer than the datagram, an integer first in it). Wireshark then
/// opens a conversation from the request's address and port to the agent's address on any
/// port, which every later packet between them joins: a new `udp.stream`.
fn snmp_request(p: &Packet) -> bool {
    let Some(i) = p.layers().iter().rposition(|l| l.proto == Proto::Udp) else {
        return false;
    };
    let l = p.layers()[i];
    if p.view::<udp::Header>(i).is_none_or(|h| h.dport() != 161) {
        return false;
    }
    let d = &p.data[(l.start + l.hlen) as usize..l.end as usize];
    let uni = |b: u8, tag: u8| b & 0xc0 == 0 && b & 0x1f == tag;
    let Some(&first) = d.first() else {
        return false;
    };
    if !uni(first, 16) {
        return false;
    }
    let Some(&lb) = d.get(1) else {
        return false;
    };
    let (len, at) = if lb & 0x80 == 0 {
        (lb as usize, 2)
    } else {
        let n = (lb & 0x7f) as usize;
        let Some(b) = d.get(2..2 + n) else {
            return false;
        };
        let len = b
            .iter()
            .fold(0usize, |a, &x| a.saturating_mul(256) | x as usize);
        (len, 2 + n)
    };
    len <= d.len().saturating_sub(at) && d.get(at).is_some_and(|&b| uni(b, 2))
}

/// Packets worked out at once on all threads, then placed in order.
const WINDOW: usize = 1 << 16;

/// Groups packets into conversations. `timeout` (None for never) splits UDP and
/// other conversations after that long idle; TCP splits as Wireshark's tcp.stream does, at
/// a SYN whose sequence number is not the one this side started with.
pub fn conversations(
    cap: &Capture,
    indices: Option<&[u32]>,
    timeout: Option<Timestamp>,
) -> Vec<Conversation> {
    use rayon::prelude::*;
    let n = indices.map_or(cap.len(), |v| v.len());
    let at = |i: usize| indices.map_or(i, |v| v[i] as usize);
    let mut g = Grouping {
        open: FxHashMap::default(),
        wild: FxHashMap::default(),
        out: Vec::new(),
        timeout,
    };
    let mut defrag = Defrag::default();
    let mut from = 0;
    while from < n {
        let to = (from + WINDOW * rayon::current_num_threads().max(1)).min(n);
        let pres: Vec<Pre> = (from..to)
            .into_par_iter()
            .with_min_len(1024)
            .map(|i| pre(cap, at(i)))
            .collect();
        for (i, pre) in (from..to).zip(pres) {
            let idx = at(i);
            let ts = cap.timestamp(idx);
            match pre {
                Pre::Flow(kind, src, dst, tcp, snmp) => {
                    g.place(cap, idx, ts, kind, src.clone(), dst.clone(), tcp, None);
                    if snmp {
                        g.snmp_opens(&src, &dst);
                    }
                }
                Pre::Fragment => {
                    let p = dissect_extended(cap.linktype(idx), cap.packet(idx));
                    // A fragment counts in its addresses' IP conversation, except the one
                    // that completes its datagram: that one counts in the datagram's flow.
                    match defrag.add(&p, ts) {
                        Verdict::Whole => {
                            let (kind, src, dst) = flow_of(&p);
                            let tcp = (kind == Kind::Tcp).then(|| tcp_info(&p)).flatten();
                            g.place(cap, idx, ts, kind, src, dst, tcp, None)
                        }
                        Verdict::Fragment { ip, proto } => {
                            let (s, d) = addr(&p, ip);
                            let v6 = p.layers()[ip].proto == Proto::Ipv6;
                            let kind = Kind::Ip(proto, v6);
                            g.place(
                                cap,
                                idx,
                                ts,
                                kind,
                                Endpoint::Addr(s),
                                Endpoint::Addr(d),
                                None,
                                None,
                            )
                        }
                        Verdict::Complete(bytes) => {
                            let q = dissect_extended(crate::dissect::linktype::RAW, &bytes);
                            let (kind, src, dst) = flow_of(&q);
                            let tcp = (kind == Kind::Tcp).then(|| tcp_info(&q)).flatten();
                            let keep = matches!(kind, Kind::Tcp | Kind::Udp);
                            let datagram = keep.then_some(bytes);
                            g.place(cap, idx, ts, kind, src, dst, tcp, datagram)
                        }
                    }
                }
            }
        }
        from = to;
    }
    g.out
}

/// Conversations being grouped: the open one of each flow, and all so far.
struct Grouping {
    open: FxHashMap<(Kind, Endpoint, Endpoint), usize>,
    /// Wireshark's SNMP conversations: (manager address and port, agent address) to
    /// their conversation, once a packet joined it.
    wild: FxHashMap<(Addr, u16, Addr), Option<usize>>,
    out: Vec<Conversation>,
    timeout: Option<Timestamp>,
}

impl Grouping {
    /// After an SNMP request from `src` to `dst`: later packets between the manager's
    /// address and port and the agent's address make one conversation of their own.
    fn snmp_opens(&mut self, src: &Endpoint, dst: &Endpoint) {
        if let (Endpoint::Port(a, p), Endpoint::Port(b, _)) = (src, dst) {
            self.wild.entry((a.clone(), *p, b.clone())).or_insert(None);
        }
    }

    /// The SNMP conversation a UDP packet belongs to, if any (see `snmp_opens`).
    fn wild_key(&self, src: &Endpoint, dst: &Endpoint) -> Option<(Addr, u16, Addr)> {
        if self.wild.is_empty() {
            return None;
        }
        let (Endpoint::Port(s, sp), Endpoint::Port(d, dp)) = (src, dst) else {
            return None;
        };
        [(s.clone(), *sp, d.clone()), (d.clone(), *dp, s.clone())]
            .into_iter()
            .find(|k| self.wild.contains_key(k))
    }

    /// Files packet `idx` of flow (kind, src -> dst) under its conversation.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        cap: &Capture,
        idx: usize,
        ts: Timestamp,
        kind: Kind,
        src: Endpoint,
        dst: Endpoint,
        tcp: Option<(u16, u32)>,
        datagram: Option<Vec<u8>>,
    ) {
        let (lo, hi) = if src <= dst {
            (src.clone(), dst.clone())
        } else {
            (dst.clone(), src.clone())
        };
        let norm = (kind.clone(), lo, hi);
        let bytes = cap.records[idx].origlen as u64;
        let wild = (kind == Kind::Udp)
            .then(|| self.wild_key(&src, &dst))
            .flatten();
        let mut slot = match &wild {
            Some(k) => self.wild[k],
            None => self.open.get(&norm).copied(),
        };
        if let Some(s) = slot {
            let c = &self.out[s];
            let split = match (&kind, tcp) {
                (Kind::Tcp, Some((flags, seq))) => {
                    let side = if c.a == src { 0 } else { 1 };
                    flags & (SYN | ACK) == SYN && c.tcp.base[side].is_some_and(|b| b != seq)
                }
                (Kind::Tcp, None) => false,
                _ => self.timeout.is_some_and(|t| ts - c.end > t),
            };
            if split {
                slot = None;
            }
        }
        let s = match slot {
            Some(s) => s,
            None => {
                // The initiator: a SYN's sender, else the first packet's.
                let (a, b) = match tcp {
                    Some((f, _)) if f & (SYN | ACK) == (SYN | ACK) => (dst.clone(), src.clone()),
                    _ => (src.clone(), dst.clone()),
                };
                self.out.push(Conversation {
                    kind,
                    a,
                    b,
                    packets: Vec::new(),
                    a_to_b: Vec::new(),
                    packets_ab: 0,
                    bytes_ab: 0,
                    packets_ba: 0,
                    bytes_ba: 0,
                    start: ts,
                    end: ts,
                    datagrams: Vec::new(),
                    tcp: TcpFlags::default(),
                });
                match wild {
                    Some(k) => {
                        self.wild.insert(k, Some(self.out.len() - 1));
                    }
                    None => {
                        self.open.insert(norm, self.out.len() - 1);
                    }
                }
                self.out.len() - 1
            }
        };
        let c = &mut self.out[s];
        let ab = c.a == src;
        c.packets.push(idx as u32);
        c.a_to_b.push(ab);
        if let Some(d) = datagram {
            c.datagrams.push((idx as u32, d));
        }
        if ab {
            c.packets_ab += 1;
            c.bytes_ab += bytes;
        } else {
            c.packets_ba += 1;
            c.bytes_ba += bytes;
        }
        c.end = ts;
        if let Some((f, seq)) = tcp {
            c.tcp.note(ab, f, seq);
        }
    }
}

impl TcpFlags {
    /// What a TCP packet's flags say about its side of the connection.
    fn note(&mut self, ab: bool, f: u16, seq: u32) {
        let side = if ab { 0 } else { 1 };
        if self.base[side].is_none() {
            self.base[side] = Some(seq);
        }
        match (ab, f & (SYN | ACK)) {
            (true, SYN) => self.a_syn = true,
            (false, x) if x == SYN | ACK => self.b_synack = true,
            _ => {}
        }
        if f & FIN != 0 {
            if ab {
                self.a_fin = true
            } else {
                self.b_fin = true
            }
        }
        if f & RST != 0 {
            if ab {
                self.a_rst = true
            } else {
                self.b_rst = true
            }
        }
    }
}

/// The two endpoints of a packet's flow (for following a stream).
pub fn endpoints(p: &Packet) -> Option<(Endpoint, Endpoint)> {
    match flow_of(p) {
        (Kind::Tcp | Kind::Udp, s, d) => Some((s, d)),
        _ => None,
    }
}
