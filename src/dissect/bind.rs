//! Where each layer sits: Scapy 2.8.0's `bind_layers` as data. A link type, EtherType,
//! IP protocol or port names the step that reads the next header. Order matters where
//! rules overlap: the first that matches wins, as in Scapy's `payload_guess`.

use std::sync::atomic::{AtomicU8, Ordering};

use super::layers::{
    arp, bootp, dhcp6, dns, dot11, dot1q, eapol, ether, fhrp, geneve, gre, http, icmp, icmpv6,
    igmp, ipsec, ipv4, ipv6, isakmp, kerberos, l2tp, ldap, linkskip, llc, mgcp, mobileip, mpls,
    netbios, netflow, ntp, ppi, ppp, pppctl, pptp, radiotap, radius, rip, sctp, skinny, sll, snmp,
    tcp, tftp, tls, udp, vxlan,
};
use super::linktype as lt;
use super::{Next, Step, Walk};

/// Layers Scapy leaves out until a script loads them, one bit each: `load_layer('http')`
/// or an import of their module. Like Scapy's, the choice is global, and a capture is
/// dissected with the layers loaded when it was read (Scapy dissects at `rdpcap`).
pub const HTTP: u8 = 1;
pub const TLS: u8 = 2;

static LOADED: AtomicU8 = AtomicU8::new(0);

/// Loads optional layers (`HTTP`, `TLS`) for captures read from now on.
pub fn load(layers: u8) {
    LOADED.fetch_or(layers, Ordering::Relaxed);
}

/// The optional layers loaded so far.
pub fn loaded() -> u8 {
    LOADED.load(Ordering::Relaxed)
}

/// The first step for each link type the dissector reads.
pub static LINKS: &[(u16, Step)] = &[
    (lt::ETHERNET, ether::parse),
    (lt::RAW, ip_by_version),
    (lt::RAW_BSD, ip_by_version),
    (lt::RAW_OPENBSD, ip_by_version),
    (lt::IPV4, ipv4::parse),
    (lt::IPV6, ipv6::parse),
    (lt::PPP, ppp::parse),
    (lt::PPP_SERIAL, ppp::parse_hdlc),
    (lt::NULL, sll::parse_loopback),
    (lt::LOOP, sll::parse_loopback),
    (lt::LINUX_SLL, sll::parse_cooked),
    (lt::LINUX_SLL2, sll::parse_cooked_v2),
    (105, dot11::parse),
    (127, radiotap::parse),
    (119, ppi::parse_prism),
    (192, ppi::parse_ppi),
];

/// EtherType -> layer (Ether, Dot1Q, SNAP, cooked headers, GRE).
pub static ETHERTYPES: &[(u16, Step)] = &[
    (0x0800, ipv4::parse),
    (0x86dd, ipv6::parse),
    (122, llc::parse),
    (34928, llc::parse),
    (0x8864, ppp::parse_pppoe),
    (0x8863, ppp::parse_pppoed),
    (0x0806, arp::parse),
    (0x8100, dot1q::parse),
    (0x88a8, dot1q::parse_ad),
    (0x9100, dot1q::parse),
    (0x888e, eapol::parse),
];

/// EtherTypes only the extended walk follows.
pub static ETHERTYPES_EXTENDED: &[(u16, Step)] = &[(0x8847, mpls::parse), (0x8848, mpls::parse)];

/// SNAP code -> layer.
pub static SNAP_CODES: &[(u16, Next)] = &[
    (0x0800, Next::Parse(ipv4::parse)),
    (0x86dd, Next::Parse(ipv6::parse)),
    (0x0806, Next::EtherType(0x0806)),
    (0x8100, Next::EtherType(0x8100)),
    (0x0001, Next::Parse(ether::parse)),
    (0x010b, Next::Parse(llc::parse_stp)),
    (0x888e, Next::Parse(eapol::parse)),
];

/// LLC (DSAP, SSAP, control) -> layer.
pub static LLC_SAPS: &[((u8, u8, u8), Step)] = &[
    ((0x42, 0x42, 3), llc::parse_stp),
    ((0xaa, 0xaa, 3), llc::parse_snap),
];

/// PPP protocol -> layer.
pub static PPP_PROTOCOLS: &[(u16, Step)] = &[
    (0x0021, ipv4::parse),
    (0x0057, ipv6::parse),
    (0xc223, pppctl::parse_chap),
    (0x8021, pppctl::parse_ipcp),
    (0xc021, pppctl::parse_lcp),
    (0xc023, pppctl::parse_pap),
];

/// GRE protocol type -> layer.
pub static GRE_PROTOCOLS: &[(u16, Next)] = &[
    (0x0800, Next::Parse(ipv4::parse)),
    (0x86dd, Next::Parse(ipv6::parse)),
    (0x6558, Next::Parse(ether::parse)),
    (0x0806, Next::EtherType(0x0806)),
    (0x8100, Next::EtherType(0x8100)),
    (122, Next::EtherType(122)),
    (0x888e, Next::Parse(eapol::parse)),
];

/// Geneve protocol type -> layer.
pub static GENEVE_PROTOCOLS: &[(u16, Step)] = &[
    (0x6558, ether::parse),
    (0x0800, ipv4::parse),
    (0x86dd, ipv6::parse),
];

/// An IP protocol (or IPv6 next header) binding; `quoted`: also inside the packet an
/// ICMP error quotes.
pub struct ProtoRule {
    pub value: u8,
    pub step: Step,
    pub quoted: bool,
}

const fn rule(value: u8, step: Step, quoted: bool) -> ProtoRule {
    ProtoRule {
        value,
        step,
        quoted,
    }
}

/// IPv4 protocol -> layer.
pub static IP_PROTOCOLS: &[ProtoRule] = &[
    rule(1, icmp::parse, true),
    rule(4, ipv4::parse, true),
    rule(6, tcp::parse, true),
    rule(17, udp::parse, true),
    rule(41, ipv6::parse, false),
    rule(47, gre::parse, false),
    rule(2, igmp::parse, false),
    rule(132, sctp::parse, false),
    rule(50, ipsec::parse_esp, false),
    rule(51, ipsec::parse_ah, false),
    rule(112, fhrp::parse_vrrp, false),
];

/// IPv6 next header -> layer (after IPv6, its extension headers and AH).
pub static IPV6_HEADERS: &[ProtoRule] = &[
    rule(0, ipv6::parse_hop_by_hop, true),
    rule(43, ipv6::parse_routing, true),
    rule(60, ipv6::parse_dest_opt, true),
    rule(44, ipv6::parse_fragment, true),
    rule(51, ipsec::parse_ah, true),
    rule(50, ipsec::parse_esp, true),
    rule(6, tcp::parse, true),
    rule(17, udp::parse, true),
    rule(58, icmpv6::parse, false),
    rule(132, sctp::parse, false),
    rule(4, ipv4::parse, false),
    rule(41, ipv6::parse, false),
    rule(47, gre::parse, false),
    rule(112, fhrp::parse_vrrp6, false),
];

/// A port binding: source port, destination port, or both.
pub struct PortRule {
    pub sport: Option<u16>,
    pub dport: Option<u16>,
    pub step: Step,
    /// Only in the extended walk.
    pub extended: bool,
    /// Only when these optional layers are loaded (0: always).
    pub needs: u8,
}

const fn sport(p: u16, step: Step) -> PortRule {
    PortRule {
        sport: Some(p),
        dport: None,
        step,
        extended: false,
        needs: 0,
    }
}
const fn dport(p: u16, step: Step) -> PortRule {
    PortRule {
        sport: None,
        dport: Some(p),
        step,
        extended: false,
        needs: 0,
    }
}
const fn ports(s: u16, d: u16, step: Step) -> PortRule {
    PortRule {
        sport: Some(s),
        dport: Some(d),
        step,
        extended: false,
        needs: 0,
    }
}
const fn needs(layers: u8, rule: PortRule) -> PortRule {
    PortRule {
        needs: layers,
        ..rule
    }
}
const fn extended(rule: PortRule) -> PortRule {
    PortRule {
        extended: true,
        ..rule
    }
}

/// UDP ports -> layer, in the order of Scapy 2.8.0's `UDP.payload_guess` (the first rule
/// that matches wins).
pub static UDP_PORTS: &[PortRule] = &[
    dport(4754, gre::parse),
    dport(5353, dns::parse),
    sport(5353, dns::parse),
    dport(53, dns::parse),
    sport(53, dns::parse),
    ports(68, 67, bootp::parse),
    ports(67, 68, bootp::parse),
    ports(67, 67, bootp::parse),
    dport(547, dhcp6::parse),
    dport(546, dhcp6::parse),
    dport(1985, fhrp::parse_hsrp),
    sport(1985, fhrp::parse_hsrp),
    dport(2029, fhrp::parse_hsrp2),
    sport(2029, fhrp::parse_hsrp2),
    dport(4500, ipsec::parse_esp),
    sport(4500, ipsec::parse_esp),
    dport(500, isakmp::parse),
    sport(500, isakmp::parse),
    sport(88, kerberos::parse_udp),
    dport(88, kerberos::parse_udp),
    sport(464, kerberos::parse_kpasswd_udp),
    dport(464, kerberos::parse_kpasswd_udp),
    dport(1701, l2tp::parse),
    sport(1701, l2tp::parse),
    dport(389, ldap::parse_udp),
    sport(389, ldap::parse_udp),
    dport(137, netbios::parse_nbns),
    sport(137, netbios::parse_nbns),
    dport(138, netbios::parse_datagram),
    sport(138, netbios::parse_datagram),
    dport(2727, mgcp::parse),
    sport(2727, mgcp::parse),
    dport(434, mobileip::parse),
    sport(434, mobileip::parse),
    dport(2055, netflow::parse),
    sport(2055, netflow::parse),
    dport(2056, netflow::parse),
    sport(2056, netflow::parse),
    dport(9995, netflow::parse),
    sport(9995, netflow::parse),
    dport(9996, netflow::parse),
    sport(9996, netflow::parse),
    dport(6343, netflow::parse),
    sport(6343, netflow::parse),
    dport(5355, dns::parse_llmnr),
    sport(5355, dns::parse_llmnr),
    sport(123, ntp::parse),
    dport(123, ntp::parse),
    sport(1812, radius::parse),
    dport(1812, radius::parse),
    sport(1813, radius::parse),
    dport(1813, radius::parse),
    sport(3799, radius::parse),
    dport(3799, radius::parse),
    dport(520, rip::parse),
    sport(520, rip::parse),
    sport(161, snmp::parse),
    dport(161, snmp::parse),
    sport(162, snmp::parse),
    dport(162, snmp::parse),
    dport(69, tftp::parse),
    dport(4789, vxlan::parse),
    dport(4790, vxlan::parse),
    dport(6633, vxlan::parse),
    dport(8472, vxlan::parse),
    dport(48879, vxlan::parse),
    sport(4789, vxlan::parse),
    sport(4790, vxlan::parse),
    sport(6633, vxlan::parse),
    sport(8472, vxlan::parse),
    extended(dport(6081, geneve::parse)),
];

/// TCP ports -> layer.
pub static TCP_PORTS: &[PortRule] = &[
    dport(53, dns::parse),
    sport(53, dns::parse),
    sport(88, kerberos::parse_tcp),
    dport(88, kerberos::parse_tcp),
    sport(464, kerberos::parse_kpasswd_tcp),
    dport(464, kerberos::parse_kpasswd_tcp),
    dport(389, ldap::parse_tcp),
    sport(389, ldap::parse_tcp),
    dport(3268, ldap::parse_tcp),
    sport(3268, ldap::parse_tcp),
    dport(445, netbios::parse_session),
    sport(445, netbios::parse_session),
    dport(139, netbios::parse_session),
    sport(139, netbios::parse_session),
    sport(1723, pptp::parse),
    dport(1723, pptp::parse),
    dport(2000, skinny::parse),
    sport(2000, skinny::parse),
    needs(HTTP, sport(80, http::parse)),
    needs(HTTP, dport(80, http::parse)),
    needs(HTTP, sport(8080, http::parse)),
    needs(HTTP, dport(8080, http::parse)),
    needs(TLS, sport(443, tls::parse)),
    needs(TLS, dport(443, tls::parse)),
];

/// Link types only the extended walk reads past, to the IP inside (no layer for them).
pub static LINKS_EXTENDED: &[(u16, Step)] = &[
    (10, linkskip::fddi),
    (105, linkskip::dot11),
    (127, linkskip::radiotap),
    (129, linkskip::arcnet),
    (192, linkskip::ppi),
];

/// The first step for a link type; the extended walk reads past 802.11's headers.
pub fn link(t: u16, extended: bool) -> Next {
    extended
        .then(|| find(LINKS_EXTENDED, t))
        .flatten()
        .or_else(|| find(LINKS, t))
        .map_or(Next::Raw, Next::Parse)
}

pub fn ethertype(t: u16, extended: bool) -> Next {
    find(ETHERTYPES, t)
        .or_else(|| find(ETHERTYPES_EXTENDED, t).filter(|_| extended))
        .map_or(Next::Raw, Next::Parse)
}

pub fn ip_protocol(table: &[ProtoRule], value: u8, quoted: bool) -> Next {
    table
        .iter()
        .find(|r| r.value == value && (r.quoted || !quoted))
        .map_or(Next::Raw, |r| Next::Parse(r.step))
}

/// The layer a port pair names; `loaded`: the optional layers in force.
pub fn port(table: &[PortRule], sp: u16, dp: u16, extended: bool, loaded: u8) -> Next {
    table
        .iter()
        .find(|r| {
            r.sport.is_none_or(|p| p == sp)
                && r.dport.is_none_or(|p| p == dp)
                && (extended || !r.extended)
                && r.needs & loaded == r.needs
        })
        .map_or(Next::Raw, |r| Next::Parse(r.step))
}

/// The value a key maps to in a binding table.
pub fn find<K: PartialEq, V: Copy>(table: &[(K, V)], key: K) -> Option<V> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Raw IP link types: IPv4 or IPv6 by the version nibble.
fn ip_by_version(w: &mut Walk) -> Next {
    match w.here().first() {
        None => Next::Done,
        Some(b) if b >> 4 == 6 => Next::Parse(ipv6::parse),
        Some(_) => Next::Parse(ipv4::parse),
    }
}
