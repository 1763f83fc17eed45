//! Dissection: walks a packet's bytes into the layers Scapy would build, as typed views
//! (a protocol and a byte range each). Field values are read from the bytes on demand.
//!
//! The walk follows Scapy 2.8.0's default layer bindings, including its quirks (ports
//! bound to DNS, ICMP errors quoting `IPerror`, padding after the IP length), so that
//! summaries and session keys come out as Scapy's do.

pub mod dns;
pub mod fields;
pub mod names;
mod summary;

pub use summary::{ip_flags as summary_ip_flags, summary, summary_from, tcp_flags};

/// Link types (LINKTYPE_*) the dissector knows.
pub mod linktype {
    pub const NULL: u16 = 0;
    pub const ETHERNET: u16 = 1;
    pub const RAW_BSD: u16 = 12;
    pub const RAW_OPENBSD: u16 = 14;
    pub const RAW: u16 = 101;
    pub const LOOP: u16 = 108;
    pub const LINUX_SLL: u16 = 113;
    pub const IPV4: u16 = 228;
    pub const IPV6: u16 = 229;
    pub const LINUX_SLL2: u16 = 276;
    pub const PPP: u16 = 9;
    pub const PPP_SERIAL: u16 = 50;

    /// Whether the dissector reads packets of this link type (others are raw bytes).
    pub fn dissected(lt: u16) -> bool {
        matches!(
            lt,
            NULL | ETHERNET
                | RAW_BSD
                | RAW_OPENBSD
                | RAW
                | LOOP
                | LINUX_SLL
                | IPV4
                | IPV6
                | LINUX_SLL2
                | PPP
                | PPP_SERIAL
        )
    }

    /// The name libpcap gives a link type, for messages.
    pub fn name(lt: u16) -> String {
        let s = match lt {
            0 => "NULL",
            1 => "ETHERNET",
            9 => "PPP",
            10 => "FDDI",
            12 | 14 | 101 => "RAW",
            50 => "PPP_HDLC",
            104 => "C_HDLC",
            105 => "IEEE802_11",
            108 => "LOOP",
            113 => "LINUX_SLL",
            119 => "PRISM_HEADER",
            127 => "IEEE802_11_RADIOTAP",
            129 => "ARCNET_LINUX",
            192 => "PPI",
            228 => "IPV4",
            229 => "IPV6",
            276 => "LINUX_SLL2",
            _ => return format!("link type {lt}"),
        };
        format!("{s} ({lt})")
    }
}

/// ICMPv6 message classes, as Scapy names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Icmp6 {
    DestUnreach,
    PacketTooBig,
    TimeExceeded,
    ParamProblem,
    EchoRequest,
    EchoReply,
    MLQuery,
    MLQuery2,
    MLReport,
    MLDone,
    MLReport2,
    NdRs,
    NdRa,
    NdNs,
    NdNa,
    NdRedirect,
    NiQuery,
    NiReply,
    Unknown,
}

/// A protocol layer, named as Scapy's class is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Proto {
    Ether,
    Dot3,
    Llc,
    Snap,
    Stp,
    Dot1Q,
    Dot1AD,
    Arp,
    PppoE,
    PppoED,
    Ppp,
    Hdlc,
    Ah,
    Esp,
    Loopback,
    CookedLinux,
    CookedLinuxV2,
    Ip,
    IpError,
    Ipv6,
    Ipv6Error,
    HopByHop,
    Routing,
    Fragment6,
    DestOpt,
    Tcp,
    TcpError,
    Udp,
    UdpError,
    Icmp,
    IcmpError,
    Icmpv6(Icmp6),
    /// An ICMPv6 neighbour-discovery option, by its type number.
    NdOpt(u8),
    Dns,
    Llmnr,
    Gre,
    Vxlan,
    Bootp,
    Dhcp,
    /// IGMP by Scapy's class: the message type, and whether it is a version 3 message.
    Igmp(u8, bool),
    Sctp,
    /// An SCTP chunk, by its type number.
    SctpChunk(u8),
    Ntp,
    NtpAuthenticator,
    NtpExtensions,
    /// Only in the extended walk (conversations), which goes where Scapy's defaults stop.
    Mpls,
    Geneve,
    Raw,
    Padding,
}

impl Proto {
    /// Scapy's class name: what `summary()` shows for a layer without its own text, and
    /// what `'TCP' in p` matches.
    pub fn class_name(self) -> &'static str {
        use Proto::*;
        match self {
            Ether => "Ether",
            Dot3 => "Dot3",
            Llc => "LLC",
            Snap => "SNAP",
            Stp => "STP",
            PppoE => "PPPoE",
            PppoED => "PPPoED",
            Ppp => "PPP",
            Hdlc => "HDLC",
            Ah => "AH",
            Esp => "ESP",
            Dot1Q => "Dot1Q",
            Dot1AD => "Dot1AD",
            Arp => "ARP",
            Loopback => "Loopback",
            CookedLinux => "CookedLinux",
            CookedLinuxV2 => "CookedLinuxV2",
            Ip => "IP",
            IpError => "IPerror",
            Ipv6 => "IPv6",
            Ipv6Error => "IPerror6",
            HopByHop => "IPv6ExtHdrHopByHop",
            Routing => "IPv6ExtHdrRouting",
            Fragment6 => "IPv6ExtHdrFragment",
            DestOpt => "IPv6ExtHdrDestOpt",
            Tcp => "TCP",
            TcpError => "TCPerror",
            Udp => "UDP",
            UdpError => "UDPerror",
            Icmp => "ICMP",
            IcmpError => "ICMPerror",
            Icmpv6(k) => match k {
                Icmp6::DestUnreach => "ICMPv6DestUnreach",
                Icmp6::PacketTooBig => "ICMPv6PacketTooBig",
                Icmp6::TimeExceeded => "ICMPv6TimeExceeded",
                Icmp6::ParamProblem => "ICMPv6ParamProblem",
                Icmp6::EchoRequest => "ICMPv6EchoRequest",
                Icmp6::EchoReply => "ICMPv6EchoReply",
                Icmp6::MLQuery => "ICMPv6MLQuery",
                Icmp6::MLQuery2 => "ICMPv6MLQuery2",
                Icmp6::MLReport => "ICMPv6MLReport",
                Icmp6::MLDone => "ICMPv6MLDone",
                Icmp6::MLReport2 => "ICMPv6MLReport2",
                Icmp6::NdRs => "ICMPv6ND_RS",
                Icmp6::NdRa => "ICMPv6ND_RA",
                Icmp6::NdNs => "ICMPv6ND_NS",
                Icmp6::NdNa => "ICMPv6ND_NA",
                Icmp6::NdRedirect => "ICMPv6ND_Redirect",
                Icmp6::NiQuery => "ICMPv6NIQueryNOOP",
                Icmp6::NiReply => "ICMPv6NIReplyNOOP",
                Icmp6::Unknown => "ICMPv6Unknown",
            },
            NdOpt(t) => match t {
                1 => "ICMPv6NDOptSrcLLAddr",
                2 => "ICMPv6NDOptDstLLAddr",
                3 => "ICMPv6NDOptPrefixInfo",
                4 => "ICMPv6NDOptRedirectedHdr",
                5 => "ICMPv6NDOptMTU",
                7 => "ICMPv6NDOptAdvInterval",
                8 => "ICMPv6NDOptHAInfo",
                24 => "ICMPv6NDOptRouteInfo",
                25 => "ICMPv6NDOptRDNSS",
                26 => "ICMPv6NDOptEFA",
                31 => "ICMPv6NDOptDNSSL",
                37 => "ICMPv6NDOptCaptivePortal",
                38 => "ICMPv6NDOptPREF64",
                _ => "ICMPv6NDOptUnknown",
            },
            Dns => "DNS",
            Llmnr => "LLMNRQuery",
            Gre => "GRE",
            Vxlan => "VXLAN",
            Bootp => "BOOTP",
            Sctp => "SCTP",
            SctpChunk(t) => match t {
                0 => "SCTPChunkData",
                1 => "SCTPChunkInit",
                2 => "SCTPChunkInitAck",
                3 => "SCTPChunkSACK",
                4 => "SCTPChunkHeartbeatReq",
                5 => "SCTPChunkHeartbeatAck",
                6 => "SCTPChunkAbort",
                7 => "SCTPChunkShutdown",
                8 => "SCTPChunkShutdownAck",
                9 => "SCTPChunkError",
                10 => "SCTPChunkCookieEcho",
                11 => "SCTPChunkCookieAck",
                14 => "SCTPChunkShutdownComplete",
                15 => "SCTPChunkAuthentication",
                64 => "SCTPChunkIData",
                130 => "SCTPChunkReConfig",
                132 => "SCTPChunkPad",
                0x80 => "SCTPChunkAddressConfAck",
                192 => "SCTPChunkForwardTSN",
                0xc1 => "SCTPChunkAddressConf",
                194 => "SCTPChunkIForwardTSN",
                _ => "Raw",
            },
            Igmp(t, v3) => match (t, v3) {
                (0x11, true) => "IGMPv3_MQ",
                (0x22, _) => "IGMPv3_MR",
                (0x30, _) => "IGMPv3_MRA",
                (0x31, _) => "IGMPv3_MRS",
                (0x32, _) => "IGMPv3_MRT",
                (0x12, _) => "IGMP_MR",
                (0x16, _) => "IGMPv2_MR",
                (0x17, _) => "IGMPv2_LG",
                _ => "IGMP_MQ",
            },
            Dhcp => "DHCP",
            Ntp => "NTPHeader",
            NtpAuthenticator => "NTPAuthenticator",
            NtpExtensions => "NTPExtensions",
            Mpls => "MPLS",
            Geneve => "GENEVE",
            Raw => "Raw",
            Padding => "Padding",
        }
    }

    /// Scapy's display name (`_name`): what `show()` heads a layer with, and what
    /// `'X' in p` also matches.
    pub fn display_name(self) -> &'static str {
        use Proto::*;
        match self {
            Ether => "Ethernet",
            Dot3 => "802.3",
            Stp => "Spanning Tree Protocol",
            Dot1Q => "802.1Q",
            Dot1AD => "802_1AD",
            CookedLinux => "cooked linux",
            CookedLinuxV2 => "cooked linux v2",
            PppoE => "PPP over Ethernet",
            PppoED => "PPP over Ethernet Discovery",
            Ppp => "PPP Link Layer",
            IpError => "IP in ICMP",
            Ipv6Error => "IPv6 in ICMPv6",
            HopByHop => "IPv6 Extension Header - Hop-by-Hop Options Header",
            Routing => "IPv6 Option Header Routing",
            Fragment6 => "IPv6 Extension Header - Fragmentation header",
            DestOpt => "IPv6 Extension Header - Destination Options Header",
            Ah => "AH",
            Esp => "ESP",
            TcpError => "TCP in ICMP",
            UdpError => "UDP in ICMP",
            IcmpError => "ICMP in ICMP",
            Icmpv6(k) => match k {
                Icmp6::DestUnreach => "ICMPv6 Destination Unreachable",
                Icmp6::PacketTooBig => "ICMPv6 Packet Too Big",
                Icmp6::TimeExceeded => "ICMPv6 Time Exceeded",
                Icmp6::ParamProblem => "ICMPv6 Parameter Problem",
                Icmp6::EchoRequest => "ICMPv6 Echo Request",
                Icmp6::EchoReply => "ICMPv6 Echo Reply",
                Icmp6::MLQuery => "MLD - Multicast Listener Query",
                Icmp6::MLQuery2 => "MLDv2 - Multicast Listener Query",
                Icmp6::MLReport => "MLD - Multicast Listener Report",
                Icmp6::MLDone => "MLD - Multicast Listener Done",
                Icmp6::MLReport2 => "MLDv2 - Multicast Listener Report",
                Icmp6::NdRs => "ICMPv6 Neighbor Discovery - Router Solicitation",
                Icmp6::NdRa => "ICMPv6 Neighbor Discovery - Router Advertisement",
                Icmp6::NdNs => "ICMPv6 Neighbor Discovery - Neighbor Solicitation",
                Icmp6::NdNa => "ICMPv6 Neighbor Discovery - Neighbor Advertisement",
                Icmp6::NdRedirect => "ICMPv6 Neighbor Discovery - Redirect",
                Icmp6::NiQuery => "NI Query - NOOP Query",
                Icmp6::NiReply => "NI Reply - NOOP Reply",
                Icmp6::Unknown => "Scapy6 ICMPv6 fallback class",
            },
            NdOpt(t) => match t {
                1 => "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address",
                2 => "ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address",
                3 => "ICMPv6 Neighbor Discovery Option - Prefix Information",
                4 => "ICMPv6 Neighbor Discovery Option - Redirected Header",
                5 => "ICMPv6 Neighbor Discovery Option - MTU",
                25 => "ICMPv6 Neighbor Discovery Option - Recursive DNS Server Option",
                31 => "ICMPv6 Neighbor Discovery Option - DNS Search List Option",
                _ => "ICMPv6 Neighbor Discovery Option - Scapy Unimplemented",
            },
            Llmnr => "Link Local Multicast Node Resolution - Query",
            Dhcp => "DHCP options",
            Ntp => "NTPHeader",
            _ => self.class_name(),
        }
    }
}

/// One layer: its protocol and where its bytes are in the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layer {
    pub proto: Proto,
    /// Offset of the layer's first byte.
    pub start: u32,
    /// Length of its header (its payload starts at `start + hlen`).
    pub hlen: u32,
    /// End of the bytes that belong to it and its payload (padding excluded).
    pub end: u32,
}

impl Layer {
    pub fn header<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[self.start as usize..(self.start + self.hlen) as usize]
    }
    pub fn payload<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[(self.start + self.hlen) as usize..self.end as usize]
    }
    pub fn bytes<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[self.start as usize..self.end as usize]
    }
}

pub const MAX_LAYERS: usize = 32;

/// A dissected packet: the bytes and the layers over them. No allocation.
pub struct Packet<'a> {
    pub data: &'a [u8],
    pub linktype: u16,
    layers: [Layer; MAX_LAYERS],
    n: usize,
    /// An RFC 4884 extension after an ICMP error: (ICMP layer index, start, end).
    pub icmp_ext: Option<(u8, u32, u32)>,
}

impl<'a> Packet<'a> {
    pub fn layers(&self) -> &[Layer] {
        &self.layers[..self.n]
    }

    /// The first layer of a protocol, outermost first.
    pub fn find(&self, p: Proto) -> Option<&Layer> {
        self.layers().iter().find(|l| l.proto == p)
    }

    pub fn has(&self, p: Proto) -> bool {
        self.find(p).is_some()
    }

    /// The first DNS layer at or after layer `from`.
    pub fn find_dns(&self, from: usize) -> Option<usize> {
        (from..self.n).find(|&i| self.layers[i].proto == Proto::Dns)
    }

    /// The DNS (or LLMNR) message of layer `i`, parsed; over TCP it has a length prefix.
    pub fn dns(&self, i: usize) -> dns::Dns {
        let l = self.layers[i];
        let tcp = i > 0 && matches!(self.layers[i - 1].proto, Proto::Tcp | Proto::TcpError);
        dns::parse(&self.data[l.start as usize..l.end as usize], tcp)
    }

    /// Finds a layer by a name as `'TCP' in p` does in Scapy: class or display name.
    pub fn find_named(&self, name: &str) -> Option<&Layer> {
        self.layers()
            .iter()
            .find(|l| l.proto.class_name() == name || l.proto.display_name() == name)
    }

    fn push(&mut self, proto: Proto, start: usize, hlen: usize, end: usize) -> bool {
        if self.n == MAX_LAYERS {
            return false;
        }
        self.layers[self.n] = Layer {
            proto,
            start: start as u32,
            hlen: hlen as u32,
            end: end as u32,
        };
        self.n += 1;
        true
    }
}

fn be16(d: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([d[at], d[at + 1]])
}

/// What comes next in the walk.
#[derive(Clone, Copy)]
enum Next {
    Ether,
    EtherType(u16),
    /// 802.2 LLC, then what its SAPs name.
    Llc,
    Ppp,
    Hdlc,
    Ip,
    Ipv6,
    Ipv46,
    IpError,
    Ipv6Error,
    /// An IPv6 next-header value; `err` when inside an ICMPv6 error quote.
    V6Header(u8, bool),
    Tcp(bool),
    Udp(bool),
    Icmp(bool),
    Icmpv6,
    NdOpts,
    Dns,
    Llmnr,
    Gre,
    Vxlan,
    Bootp,
    Igmp,
    Sctp,
    SctpChunks,
    Ntp,
    Mpls,
    Geneve,
    Raw,
    Done,
}

/// Dissects one packet of the given link type.
pub fn dissect(linktype: u16, data: &[u8]) -> Packet<'_> {
    walk(linktype, data, true, false)
}

/// Dissects the headers only: application layers (DNS) are not parsed, which is all
/// session keys need.
pub fn dissect_headers(linktype: u16, data: &[u8]) -> Packet<'_> {
    walk(linktype, data, false, false)
}

/// Dissects headers past where Scapy's default bindings stop: BSD loopback IPv6 (address
/// families 24, 28 and 30), MPLS label stacks and Geneve tunnels. Conversations and
/// followed streams use this; summaries and Scapy's sessions do not.
pub fn dissect_extended(linktype: u16, data: &[u8]) -> Packet<'_> {
    walk(linktype, data, false, true)
}

fn walk(linktype: u16, data: &[u8], full: bool, extended: bool) -> Packet<'_> {
    let mut p = Packet {
        data,
        linktype,
        layers: [Layer {
            proto: Proto::Raw,
            start: 0,
            hlen: 0,
            end: 0,
        }; MAX_LAYERS],
        n: 0,
        icmp_ext: None,
    };
    // Padding found by IP-like layers, applied after the walk (innermost first).
    let mut pads: [(usize, usize); 8] = [(0, 0); 8];
    let mut npads = 0;
    let mut at = 0usize;
    let mut end = data.len();
    // (ICMP layer index, extension start, extension end)
    let mut icmp_ext: Option<(usize, usize, usize)> = None;
    let mut next = match linktype {
        linktype::ETHERNET => Next::Ether,
        linktype::RAW | linktype::RAW_BSD | linktype::RAW_OPENBSD => Next::Ipv46,
        linktype::IPV4 => Next::Ip,
        linktype::IPV6 => Next::Ipv6,
        linktype::PPP => Next::Ppp,
        linktype::PPP_SERIAL => Next::Hdlc,
        linktype::NULL | linktype::LOOP => {
            if data.len() < 4 {
                Next::Raw
            } else {
                let v = [data[0], data[1], data[2], data[3]];
                let mut t = if linktype == linktype::NULL {
                    u32::from_le_bytes(v)
                } else {
                    u32::from_be_bytes(v)
                };
                // NULL is in the capturing host's byte order; a big-endian host's family
                // reads as a huge number here.
                if extended && t > 0xffff {
                    t = t.swap_bytes();
                }
                p.push(Proto::Loopback, 0, 4, end);
                at = 4;
                match t {
                    0 | 2 => Next::Ip,
                    10 | 24 => Next::Ipv6,
                    28 | 30 if extended => Next::Ipv6,
                    // Some writers put an EtherType in the last two bytes.
                    _ if extended && be16(data, 2) == 0x0800 => Next::Ip,
                    _ if extended && be16(data, 2) == 0x86dd => Next::Ipv6,
                    _ => Next::Raw,
                }
            }
        }
        linktype::LINUX_SLL => {
            if data.len() < 16 {
                Next::Raw
            } else {
                p.push(Proto::CookedLinux, 0, 16, end);
                at = 16;
                Next::EtherType(be16(data, 14))
            }
        }
        linktype::LINUX_SLL2 => {
            if data.len() < 20 {
                Next::Raw
            } else {
                p.push(Proto::CookedLinuxV2, 0, 20, end);
                at = 20;
                Next::EtherType(be16(data, 0))
            }
        }
        _ => Next::Raw,
    };
    loop {
        let rest = end - at;
        next = match next {
            Next::Done => break,
            Next::Raw => {
                if rest > 0 {
                    p.push(Proto::Raw, at, rest, end);
                }
                break;
            }
            Next::Ether => {
                if rest < 14 {
                    Next::Raw
                } else {
                    let t = be16(data, at + 12);
                    if t <= 1500 {
                        // 802.3 length field: Dot3 / LLC, then the rest as raw bytes.
                        let len = (t as usize).min(rest - 14);
                        p.push(Proto::Dot3, at, 14, at + 14 + len);
                        if at + 14 + len < end {
                            add_pad(&mut pads, &mut npads, (at + 14 + len, end));
                        }
                        end = at + 14 + len;
                        at += 14;
                        Next::Llc
                    } else {
                        p.push(Proto::Ether, at, 14, end);
                        at += 14;
                        Next::EtherType(t)
                    }
                }
            }
            Next::EtherType(t) => match t {
                0x0800 => Next::Ip,
                0x86dd => Next::Ipv6,
                122 | 34928 => Next::Llc,
                0x8847 | 0x8848 if extended => Next::Mpls,
                0x8864 => {
                    if rest < 6 {
                        Next::Raw
                    } else {
                        p.push(Proto::PppoE, at, 6, end);
                        let code = data[at + 1];
                        at += 6;
                        if code == 0 {
                            Next::Ppp
                        } else {
                            Next::Raw
                        }
                    }
                }
                0x8863 => {
                    if rest < 6 {
                        Next::Raw
                    } else {
                        let len = be16(data, at + 4) as usize;
                        let pend = (at + 6 + len).min(end);
                        p.push(Proto::PppoED, at, 6, pend);
                        add_pad(&mut pads, &mut npads, (pend, end));
                        end = pend;
                        at += 6;
                        Next::Raw
                    }
                }
                0x0806 => {
                    if rest < 8 {
                        Next::Raw
                    } else {
                        let hl = data[at + 4] as usize;
                        let pl = data[at + 5] as usize;
                        let need = 8 + 2 * hl + 2 * pl;
                        if rest < need {
                            Next::Raw
                        } else {
                            p.push(Proto::Arp, at, need, at + need);
                            if at + need < end {
                                add_pad(&mut pads, &mut npads, (at + need, end));
                            }
                            Next::Done
                        }
                    }
                }
                0x8100 | 0x88a8 | 0x9100 => {
                    if rest < 4 {
                        Next::Raw
                    } else {
                        let proto = if t == 0x88a8 {
                            Proto::Dot1AD
                        } else {
                            Proto::Dot1Q
                        };
                        let inner = be16(data, at + 2);
                        if inner <= 1500 {
                            // A length, not a type: LLC follows, the rest is padding.
                            let pend = (at + 4 + inner as usize).min(end);
                            p.push(proto, at, 4, pend);
                            add_pad(&mut pads, &mut npads, (pend, end));
                            end = pend;
                            at += 4;
                            Next::Llc
                        } else {
                            p.push(proto, at, 4, end);
                            at += 4;
                            Next::EtherType(inner)
                        }
                    }
                }
                _ => Next::Raw,
            },
            Next::Llc => {
                if rest < 3 {
                    Next::Raw
                } else {
                    let (dsap, ssap, ctrl) = (data[at], data[at + 1], data[at + 2]);
                    p.push(Proto::Llc, at, 3, end);
                    at += 3;
                    match (dsap, ssap, ctrl) {
                        (0x42, 0x42, 3) => stp(&mut p, &mut at, end),
                        (0xaa, 0xaa, 3) if rest >= 8 => {
                            p.push(Proto::Snap, at, 5, end);
                            let code = be16(data, at + 3);
                            at += 5;
                            match code {
                                0x0800 => Next::Ip,
                                0x86dd => Next::Ipv6,
                                0x0806 | 0x8100 => Next::EtherType(code),
                                0x0001 => Next::Ether,
                                0x010b => stp(&mut p, &mut at, end),
                                _ => Next::Raw,
                            }
                        }
                        _ => Next::Raw,
                    }
                }
            }
            Next::Hdlc => {
                if rest < 2 {
                    Next::Raw
                } else {
                    p.push(Proto::Hdlc, at, 2, end);
                    at += 2;
                    Next::Ppp
                }
            }
            Next::Ppp => {
                if rest >= 1 && data[at] == 0xff {
                    Next::Hdlc
                } else if rest == 0 {
                    Next::Done
                } else {
                    // The protocol field is one byte when its low bit is set (RFC 1661).
                    let (n, proto) = if data[at] & 1 == 1 {
                        (1, data[at] as u16)
                    } else if rest >= 2 {
                        (2, be16(data, at))
                    } else {
                        (0, 0)
                    };
                    if n == 0 {
                        Next::Raw
                    } else {
                        p.push(Proto::Ppp, at, n, end);
                        at += n;
                        match proto {
                            0x0021 => Next::Ip,
                            0x0057 => Next::Ipv6,
                            _ => Next::Raw,
                        }
                    }
                }
            }
            Next::Ipv46 => {
                if rest == 0 {
                    Next::Done
                } else if data[at] >> 4 == 6 {
                    Next::Ipv6
                } else {
                    Next::Ip
                }
            }
            Next::Ip | Next::IpError => {
                let err = matches!(next, Next::IpError);
                if rest < 20 {
                    Next::Raw
                } else {
                    let ihl = (data[at] & 0x0f) as usize * 4;
                    let total = be16(data, at + 2) as usize;
                    let hl = ihl.max(20).min(rest);
                    // Scapy: payload = the IP length less the header; the rest is padding.
                    let mut pend = end;
                    if total >= ihl && at + total < end && total >= hl {
                        pend = at + total;
                    }
                    p.push(if err { Proto::IpError } else { Proto::Ip }, at, hl, pend);
                    if pend < end {
                        add_pad(&mut pads, &mut npads, (pend, end));
                        end = pend;
                    }
                    let frag = be16(data, at + 6) & 0x1fff;
                    let proto = data[at + 9];
                    at += hl;
                    if frag != 0 {
                        Next::Raw
                    } else {
                        match (proto, err) {
                            (1, false) => Next::Icmp(false),
                            (1, true) => Next::Icmp(true),
                            (4, false) => Next::Ip,
                            (4, true) => Next::IpError,
                            (6, e) => Next::Tcp(e),
                            (17, e) => Next::Udp(e),
                            (41, false) => Next::Ipv6,
                            (47, false) => Next::Gre,
                            (2, false) => Next::Igmp,
                            (132, false) => Next::Sctp,
                            (50, false) => Next::V6Header(50, false),
                            (51, false) => Next::V6Header(51, false),
                            _ => Next::Raw,
                        }
                    }
                }
            }
            Next::Ipv6 | Next::Ipv6Error => {
                let err = matches!(next, Next::Ipv6Error);
                if rest < 40 {
                    Next::Raw
                } else {
                    let plen = be16(data, at + 4) as usize;
                    let nh = data[at + 6];
                    let mut pend = end;
                    if !(plen == 0 && nh == 0) && at + 40 + plen < end {
                        pend = at + 40 + plen;
                    }
                    p.push(
                        if err { Proto::Ipv6Error } else { Proto::Ipv6 },
                        at,
                        40,
                        pend,
                    );
                    if pend < end {
                        add_pad(&mut pads, &mut npads, (pend, end));
                        end = pend;
                    }
                    at += 40;
                    Next::V6Header(nh, err)
                }
            }
            Next::V6Header(nh, err) => match nh {
                0 | 43 | 60 => {
                    if rest < 2 {
                        Next::Raw
                    } else {
                        let len = (data[at + 1] as usize + 1) * 8;
                        if rest < len {
                            Next::Raw
                        } else {
                            let proto = match nh {
                                0 => Proto::HopByHop,
                                43 => Proto::Routing,
                                _ => Proto::DestOpt,
                            };
                            p.push(proto, at, len, end);
                            let inner = data[at];
                            at += len;
                            Next::V6Header(inner, err)
                        }
                    }
                }
                44 => {
                    if rest < 8 {
                        Next::Raw
                    } else {
                        p.push(Proto::Fragment6, at, 8, end);
                        let inner = data[at];
                        let off = be16(data, at + 2) >> 3;
                        at += 8;
                        if off != 0 {
                            Next::Raw
                        } else {
                            Next::V6Header(inner, err)
                        }
                    }
                }
                51 => {
                    if rest < 12 {
                        Next::Raw
                    } else {
                        let len = ((data[at + 1] as usize + 2) * 4).min(rest);
                        p.push(Proto::Ah, at, len, end);
                        let inner = data[at];
                        at += len;
                        Next::V6Header(inner, err)
                    }
                }
                50 => {
                    if rest < 8 {
                        Next::Raw
                    } else {
                        p.push(Proto::Esp, at, rest, end);
                        Next::Done
                    }
                }
                6 => Next::Tcp(err),
                17 => Next::Udp(err),
                58 if !err => Next::Icmpv6,
                132 if !err => Next::Sctp,
                4 if !err => Next::Ip,
                41 if !err => Next::Ipv6,
                47 if !err => Next::Gre,
                _ => Next::Raw,
            },
            Next::Tcp(err) => {
                if err && (8..20).contains(&rest) {
                    // TCPerror may end after the first 8 octets of the quoted header.
                    p.push(Proto::TcpError, at, 8, end);
                    at += 8;
                    Next::Raw
                } else if rest < 20 {
                    Next::Raw
                } else {
                    let off = (data[at + 12] >> 4) as usize * 4;
                    let hl = off.max(20).min(rest);
                    p.push(if err { Proto::TcpError } else { Proto::Tcp }, at, hl, end);
                    let (sp, dp) = (be16(data, at), be16(data, at + 2));
                    at += hl;
                    if (sp == 53 || dp == 53) && at < end {
                        Next::Dns
                    } else {
                        Next::Raw
                    }
                }
            }
            Next::Udp(err) => {
                if rest < 8 {
                    Next::Raw
                } else {
                    let len = be16(data, at + 4) as i64;
                    // Scapy slices the payload at `len - 8`, Python-style (negative counts
                    // from the end).
                    let pay = rest - 8;
                    let keep = py_prefix(pay, len - 8);
                    let pend = at + 8 + keep;
                    p.push(if err { Proto::UdpError } else { Proto::Udp }, at, 8, pend);
                    if pend < end {
                        add_pad(&mut pads, &mut npads, (pend, end));
                        end = pend;
                    }
                    let (sp, dp) = (be16(data, at), be16(data, at + 2));
                    at += 8;
                    if at >= end {
                        Next::Done
                    } else if sp == 5355 && dp == 5355 {
                        Next::Llmnr
                    } else if matches!(dp, 53 | 5353) || matches!(sp, 53 | 5353) {
                        Next::Dns
                    } else if matches!(dp, 4789 | 4790 | 6633 | 8472 | 48879)
                        || matches!(sp, 4789 | 4790 | 6633 | 8472)
                    {
                        Next::Vxlan
                    } else if matches!((sp, dp), (68, 67) | (67, 68) | (67, 67)) {
                        Next::Bootp
                    } else if sp == 123 || dp == 123 {
                        Next::Ntp
                    } else if dp == 4754 {
                        Next::Gre
                    } else if extended && dp == 6081 {
                        Next::Geneve
                    } else {
                        Next::Raw
                    }
                }
            }
            Next::Icmp(err) => match icmp_header_len(&data[at..end]) {
                None => Next::Raw,
                Some(hl) => {
                    let t = data[at];
                    p.push(
                        if err { Proto::IcmpError } else { Proto::Icmp },
                        at,
                        hl,
                        end,
                    );
                    // RFC 4884: an ICMP error of 144 bytes or more carries an extension
                    // structure from byte 136 on; Scapy reads it there, whatever it holds,
                    // and drops the padding its quoted packet leaves.
                    if matches!(t, 3 | 11 | 12) && end - at >= 144 && hl <= 136 {
                        icmp_ext = Some((p.n - 1, at + 136, end));
                        end = at + 136;
                    }
                    at += hl;
                    if matches!(t, 3 | 4 | 5 | 11 | 12) {
                        Next::IpError
                    } else {
                        Next::Raw
                    }
                }
            },
            Next::Icmpv6 => {
                if rest < 4 {
                    Next::Raw
                } else {
                    let t = data[at];
                    let (kind, hl) = icmp6_class(t, rest);
                    match kind {
                        None => Next::Raw,
                        Some(_) if rest < hl => Next::Raw,
                        Some(k) => {
                            p.push(Proto::Icmpv6(k), at, hl, end);
                            at += hl;
                            match k {
                                Icmp6::DestUnreach
                                | Icmp6::PacketTooBig
                                | Icmp6::TimeExceeded
                                | Icmp6::ParamProblem => Next::Ipv6Error,
                                Icmp6::NdRs | Icmp6::NdRa | Icmp6::NdNs | Icmp6::NdNa => {
                                    Next::NdOpts
                                }
                                _ => Next::Raw,
                            }
                        }
                    }
                }
            }
            Next::NdOpts => {
                if rest == 0 {
                    Next::Done
                } else if rest < 2 {
                    Next::Raw
                } else {
                    let t = data[at];
                    let len = data[at + 1] as usize * 8;
                    if len == 0 || len > rest {
                        // Scapy reads a zero or overlong option length as "the rest".
                        p.push(Proto::NdOpt(t), at, rest, end);
                        Next::Done
                    } else {
                        p.push(Proto::NdOpt(t), at, len, at + len);
                        at += len;
                        Next::NdOpts
                    }
                }
            }
            Next::Dns | Next::Llmnr => {
                let llmnr = matches!(next, Next::Llmnr);
                let under_tcp = matches!(
                    p.layers().last().map(|l| l.proto),
                    Some(Proto::Tcp | Proto::TcpError)
                );
                if dns::valid(&data[at..end], under_tcp) {
                    let len = if full {
                        dns::parse(&data[at..end], under_tcp).len
                    } else {
                        end - at
                    };
                    p.push(if llmnr { Proto::Llmnr } else { Proto::Dns }, at, len, end);
                    at += len;
                    Next::Raw
                } else {
                    Next::Raw
                }
            }
            Next::Gre => match gre_header(&data[at..end]) {
                None => Next::Raw,
                Some((hl, proto)) => {
                    p.push(Proto::Gre, at, hl, end);
                    at += hl;
                    match proto {
                        0x0800 => Next::Ip,
                        0x86dd => Next::Ipv6,
                        0x6558 => Next::Ether,
                        0x0806 => Next::EtherType(0x0806),
                        _ => Next::Raw,
                    }
                }
            },
            Next::Bootp => {
                // The fixed part to the end of the addresses must be there; the rest of
                // the 236 bytes may be cut. DHCP follows a magic cookie.
                if rest < 28 {
                    Next::Raw
                } else {
                    let magic = rest >= 240 && data[at + 236..at + 240] == [0x63, 0x82, 0x53, 0x63];
                    p.push(Proto::Bootp, at, if magic { 240 } else { rest }, end);
                    if magic {
                        p.push(Proto::Dhcp, at + 240, end - at - 240, end);
                    }
                    Next::Done
                }
            }
            Next::Sctp => {
                if rest < 12 {
                    Next::Raw
                } else {
                    p.push(Proto::Sctp, at, 12, end);
                    at += 12;
                    Next::SctpChunks
                }
            }
            Next::SctpChunks => {
                // Chunks follow one another, each padded to 4 bytes; fewer than 4 bytes
                // left are padding, and a type Scapy has no class for is Raw.
                if rest == 0 {
                    Next::Done
                } else if rest < 4 {
                    p.push(Proto::Padding, at, rest, end);
                    Next::Done
                } else {
                    let t = data[at];
                    let len = be16(data, at + 2) as usize;
                    let size = ((len + 3) & !3).clamp(4, rest);
                    if Proto::SctpChunk(t).class_name() == "Raw" || len < 4 {
                        Next::Raw
                    } else {
                        p.push(Proto::SctpChunk(t), at, size, at + size);
                        at += size;
                        Next::SctpChunks
                    }
                }
            }
            Next::Igmp => {
                if rest < 8 {
                    Next::Raw
                } else {
                    let t = data[at];
                    let v3 = match t {
                        0x11 => rest >= 12,
                        0x22 | 0x30 | 0x31 | 0x32 => true,
                        _ => false,
                    };
                    // A v3 query lists its sources; other v3 messages hold records to
                    // the end; v1/v2 messages are 8 bytes.
                    let hl = match (t, v3) {
                        (0x11, true) => (12 + 4 * be16(data, at + 10) as usize).min(rest),
                        (_, true) => rest,
                        _ => 8,
                    };
                    p.push(Proto::Igmp(t, v3), at, hl, end);
                    at += hl;
                    Next::Raw
                }
            }
            Next::Ntp => {
                let mode = data.get(at).map_or(0, |b| b & 7);
                if rest < 48 || mode == 6 || mode == 7 {
                    Next::Raw
                } else {
                    p.push(Proto::Ntp, at, 48, end);
                    at += 48;
                    let plen = end - at;
                    if plen == 0 {
                        Next::Done
                    } else if plen >= 4 && matches!(plen - 4, 16 | 20 | 32 | 48 | 64) {
                        p.push(Proto::NtpAuthenticator, at, plen, end);
                        Next::Done
                    } else if plen > 20 {
                        p.push(Proto::NtpExtensions, at, plen, end);
                        Next::Done
                    } else {
                        Next::Raw
                    }
                }
            }
            Next::Mpls => {
                // Labels until the bottom-of-stack bit, then IPv4 or IPv6 by version.
                let mut n = 0;
                while at + n + 4 <= end && data[at + n + 2] & 1 == 0 {
                    n += 4;
                }
                if at + n + 4 > end {
                    Next::Raw
                } else {
                    n += 4;
                    p.push(Proto::Mpls, at, n, end);
                    at += n;
                    match data.get(at).map(|b| b >> 4) {
                        Some(4) => Next::Ip,
                        Some(6) => Next::Ipv6,
                        _ => Next::Raw,
                    }
                }
            }
            Next::Geneve => {
                if rest < 8 {
                    Next::Raw
                } else {
                    let hl = 8 + (data[at] & 0x3f) as usize * 4;
                    let proto = be16(data, at + 2);
                    if hl > rest {
                        Next::Raw
                    } else {
                        p.push(Proto::Geneve, at, hl, end);
                        at += hl;
                        match proto {
                            0x6558 => Next::Ether,
                            0x0800 => Next::Ip,
                            0x86dd => Next::Ipv6,
                            _ => Next::Raw,
                        }
                    }
                }
            }
            Next::Vxlan => {
                if rest < 8 {
                    Next::Raw
                } else {
                    p.push(Proto::Vxlan, at, 8, end);
                    at += 8;
                    Next::Ether
                }
            }
        };
        if p.n == MAX_LAYERS {
            break;
        }
    }
    if icmp_ext.is_some() && npads > 0 {
        // Scapy's ICMP post-dissection drops the packet's last layer when it is padding:
        // that is the outermost padding, added last.
        pads.copy_within(1..npads, 0);
        npads -= 1;
    }
    p.icmp_ext = icmp_ext.map(|(i, s, e)| (i as u8, s as u32, e as u32));
    for i in (0..npads).rev() {
        let (s, e) = pads[i];
        if e > s {
            p.push(Proto::Padding, s, e - s, e);
        }
    }
    p
}

fn add_pad(pads: &mut [(usize, usize); 8], n: &mut usize, pad: (usize, usize)) {
    if *n < pads.len() {
        pads[*n] = pad;
        *n += 1;
    }
}

/// Spanning Tree: a fixed 35-byte BPDU; what follows is Raw.
fn stp(p: &mut Packet, at: &mut usize, end: usize) -> Next {
    if end - *at < 35 {
        return Next::Raw;
    }
    p.push(Proto::Stp, *at, 35, end);
    *at += 35;
    Next::Raw
}

/// How many of `avail` bytes Python's `s[:n]` keeps.
fn py_prefix(avail: usize, n: i64) -> usize {
    if n >= 0 {
        (n as usize).min(avail)
    } else {
        avail.saturating_sub(n.unsigned_abs() as usize)
    }
}

/// The length of Scapy's ICMP header for this message type, or None if it is cut short.
fn icmp_header_len(d: &[u8]) -> Option<usize> {
    let t = *d.first()?;
    let n = match t {
        13 | 14 => 20,
        17 | 18 => 12,
        _ => 8,
    };
    (d.len() >= n).then_some(n)
}

/// Scapy's ICMPv6 class for a type, and its fixed header length.
fn icmp6_class(t: u8, rest: usize) -> (Option<Icmp6>, usize) {
    use Icmp6::*;
    match t {
        1 => (Some(DestUnreach), 8),
        2 => (Some(PacketTooBig), 8),
        3 => (Some(TimeExceeded), 8),
        4 => (Some(ParamProblem), 8),
        // Echo data is a field of the message, not a payload.
        128 => (Some(EchoRequest), rest.max(8)),
        129 => (Some(EchoReply), rest.max(8)),
        130 if rest > 24 => (Some(MLQuery2), rest.max(28)),
        130 => (Some(MLQuery), 24),
        131 => (Some(MLReport), 24),
        132 => (Some(MLDone), 24),
        133 => (Some(NdRs), 8),
        134 => (Some(NdRa), 16),
        135 => (Some(NdNs), 24),
        136 => (Some(NdNa), 24),
        143 => (Some(MLReport2), rest.max(8)),
        139 => (Some(NiQuery), 16),
        140 => (Some(NiReply), 16),
        _ => (None, 0),
    }
}

/// GRE header length and protocol type, following the flag bits.
fn gre_header(d: &[u8]) -> Option<(usize, u16)> {
    if d.len() < 4 {
        return None;
    }
    let flags = d[0];
    let proto = be16(d, 2);
    let mut hl = 4;
    if flags & 0xc0 != 0 {
        hl += 4; // checksum (and offset) present with C or R
    }
    if flags & 0x20 != 0 {
        hl += 4;
    }
    if flags & 0x10 != 0 {
        hl += 4;
    }
    if d[1] & 0x07 == 1 && d[1] & 0x80 != 0 {
        hl += 4; // PPTP acknowledgment number
    }
    (d.len() >= hl).then_some((hl, proto))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &Packet) -> Vec<&'static str> {
        p.layers().iter().map(|l| l.proto.class_name()).collect()
    }

    #[test]
    fn ethernet_ipv4_tcp_with_padding() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(40000, 443, 1, 1000)
            .ack(5)
            .write(&mut b, &[])
            .unwrap();
        b.resize(60, 0);
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(names(&p), ["Ether", "IP", "TCP", "Padding"]);
    }

    #[test]
    fn truncated_ip_header_is_raw() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(1, 2)
            .write(&mut b, &[1, 2, 3])
            .unwrap();
        b.truncate(30);
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(names(&p), ["Ether", "Raw"]);
    }

    #[test]
    fn every_prefix_of_a_packet_dissects() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv6([0xfd; 16], [0xfe; 16], 64)
            .udp(5353, 5353)
            .write(&mut b, &[0; 40])
            .unwrap();
        for n in 0..b.len() {
            for lt in [0, 1, 12, 101, 113, 228, 229, 276] {
                let p = dissect(lt, &b[..n]);
                for l in p.layers() {
                    assert!(l.end as usize <= n && l.start <= l.end);
                }
            }
        }
    }
}
