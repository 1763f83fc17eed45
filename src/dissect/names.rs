//! Names Scapy prints for numbers: ports and IP protocols from the host's
//! `/etc/services` and `/etc/protocols` (as Scapy loads them, so output matches Scapy on
//! the same machine), EtherTypes from `/etc/ethertypes` (or a built-in list), and the
//! fixed tables of ICMP, ICMPv6, ARP and DNS.

use std::collections::HashMap;
use std::sync::OnceLock;

struct Tables {
    tcp: HashMap<u16, String>,
    udp: HashMap<u16, String>,
    protocols: HashMap<u8, String>,
    ethertypes: HashMap<u16, String>,
}

/// Scapy's `fixname`: every character but ASCII letters and digits becomes `_`, and a
/// leading digit gets `n_`.
pub fn fixname(x: &str) -> String {
    let mut s: String = x
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    s
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let (tcp, udp) = load_services(&std::fs::read("/etc/services").unwrap_or_default());
        let protocols = load_numbers(
            &std::fs::read_to_string("/etc/protocols").unwrap_or_default(),
            10,
        )
        .into_iter()
        .filter_map(|(k, v)| u8::try_from(k).ok().map(|k| (k, v)))
        .collect();
        let eth_text = std::fs::read_to_string("/etc/ethertypes")
            .unwrap_or_else(|_| BUILTIN_ETHERTYPES.into());
        let ethertypes = load_numbers(&eth_text, 16)
            .into_iter()
            .filter_map(|(k, v)| u16::try_from(k).ok().map(|k| (k, v)))
            .collect();
        Tables {
            tcp,
            udp,
            protocols,
            ethertypes,
        }
    })
}

/// `name number ...` lines, `#` comments; later lines win, as in Scapy's dict.
fn load_numbers(text: &str, base: u32) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let mut it = line.split_whitespace();
        let (Some(name), Some(num)) = (it.next(), it.next()) else {
            continue;
        };
        if let Ok(n) = u32::from_str_radix(num, base) {
            out.push((n, fixname(name)));
        }
    }
    out
}

fn load_services(text: &[u8]) -> (HashMap<u16, String>, HashMap<u16, String>) {
    let (mut tcp, mut udp) = (HashMap::new(), HashMap::new());
    for line in text.split(|&b| b == b'\n') {
        let line = line.split(|&b| b == b'#').next().unwrap_or(&[]);
        let line = String::from_utf8_lossy(line);
        let mut it = line.split_whitespace();
        let (Some(name), Some(spec)) = (it.next(), it.next()) else {
            continue;
        };
        let Some((port, proto)) = spec.split_once('/') else {
            continue;
        };
        let table = match proto {
            "tcp" => &mut tcp,
            "udp" => &mut udp,
            _ => continue,
        };
        let name = fixname(name);
        if let Some((a, b)) = port.split_once('-') {
            if let (Ok(a), Ok(b)) = (a.parse::<u16>(), b.parse::<u16>()) {
                for p in a..=b {
                    table.insert(p, name.clone());
                }
            }
        } else if let Ok(p) = port.parse::<u16>() {
            table.insert(p, name);
        }
    }
    (tcp, udp)
}

/// A TCP port as Scapy's summary shows it: the service name or the number.
pub fn tcp_port(p: u16) -> String {
    tables()
        .tcp
        .get(&p)
        .cloned()
        .unwrap_or_else(|| p.to_string())
}

pub fn udp_port(p: u16) -> String {
    tables()
        .udp
        .get(&p)
        .cloned()
        .unwrap_or_else(|| p.to_string())
}

/// `%IP.proto%`: the name from /etc/protocols, or the number.
pub fn ip_proto(p: u8) -> String {
    tables()
        .protocols
        .get(&p)
        .cloned()
        .unwrap_or_else(|| p.to_string())
}

/// `%Ether.type%`: the EtherType's name, or `0x` and lowercase hex.
pub fn ethertype(t: u16) -> String {
    tables()
        .ethertypes
        .get(&t)
        .cloned()
        .unwrap_or_else(|| format!("{t:#x}"))
}

/// `%IPv6.nh%`: Scapy's own next-header names.
pub fn ipv6_nh(nh: u8) -> String {
    match nh {
        0 => "Hop-by-Hop Option Header",
        4 => "IP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        43 => "Routing Header",
        44 => "Fragment Header",
        47 => "GRE",
        50 => "ESP Header",
        51 => "AH Header",
        58 => "ICMPv6",
        59 => "No Next Header",
        60 => "Destination Option Header",
        112 => "VRRP",
        132 => "SCTP",
        135 => "Mobility Header",
        _ => return nh.to_string(),
    }
    .to_string()
}

pub fn icmp_type(t: u8) -> String {
    let s = match t {
        0 => "echo-reply",
        3 => "dest-unreach",
        4 => "source-quench",
        5 => "redirect",
        8 => "echo-request",
        9 => "router-advertisement",
        10 => "router-solicitation",
        11 => "time-exceeded",
        12 => "parameter-problem",
        13 => "timestamp-request",
        14 => "timestamp-reply",
        15 => "information-request",
        16 => "information-response",
        17 => "address-mask-request",
        18 => "address-mask-reply",
        30 => "traceroute",
        31 => "datagram-conversion-error",
        32 => "mobile-host-redirect",
        33 => "ipv6-where-are-you",
        34 => "ipv6-i-am-here",
        35 => "mobile-registration-request",
        36 => "mobile-registration-reply",
        37 => "domain-name-request",
        38 => "domain-name-reply",
        39 => "skip",
        40 => "photuris",
        _ => return t.to_string(),
    };
    s.to_string()
}

pub fn icmp_code(t: u8, c: u8) -> String {
    let s = match (t, c) {
        (3, 0) => "network-unreachable",
        (3, 1) => "host-unreachable",
        (3, 2) => "protocol-unreachable",
        (3, 3) => "port-unreachable",
        (3, 4) => "fragmentation-needed",
        (3, 5) => "source-route-failed",
        (3, 6) => "network-unknown",
        (3, 7) => "host-unknown",
        (3, 9) => "network-prohibited",
        (3, 10) => "host-prohibited",
        (3, 11) => "TOS-network-unreachable",
        (3, 12) => "TOS-host-unreachable",
        (3, 13) => "communication-prohibited",
        (3, 14) => "host-precedence-violation",
        (3, 15) => "precedence-cutoff",
        (5, 0) => "network-redirect",
        (5, 1) => "host-redirect",
        (5, 2) => "TOS-network-redirect",
        (5, 3) => "TOS-host-redirect",
        (11, 0) => "ttl-zero-during-transit",
        (11, 1) => "ttl-zero-during-reassembly",
        (12, 0) => "ip-header-bad",
        (12, 1) => "required-option-missing",
        (40, 0) => "bad-spi",
        (40, 1) => "authentication-failed",
        (40, 2) => "decompression-failed",
        (40, 3) => "decryption-failed",
        (40, 4) => "need-authentification",
        (40, 5) => "need-authorization",
        _ => return c.to_string(),
    };
    s.to_string()
}

/// RFC 4884 extension object classes, as Scapy names them.
pub fn icmp_ext_class(c: u8) -> String {
    match c {
        1 => "MPLS".into(),
        2 => "Interface Information".into(),
        3 => "Interface Identification".into(),
        4 => "Extended Information".into(),
        _ => c.to_string(),
    }
}

pub fn arp_op(op: u16) -> String {
    let s = match op {
        1 => "who-has",
        2 => "is-at",
        3 => "RARP-req",
        4 => "RARP-rep",
        5 => "Dyn-RARP-req",
        6 => "Dyn-RAR-rep",
        7 => "Dyn-RARP-err",
        8 => "InARP-req",
        9 => "InARP-rep",
        _ => return op.to_string(),
    };
    s.to_string()
}

pub fn dns_rcode(r: u8) -> String {
    let s = match r {
        0 => "ok",
        1 => "format-error",
        2 => "server-failure",
        3 => "name-error",
        4 => "not-implemented",
        5 => "refused",
        _ => return r.to_string(),
    };
    s.to_string()
}

/// Used where /etc/ethertypes is missing, as Scapy falls back to its own copy.
const BUILTIN_ETHERTYPES: &str = "\
IPv4 0800
X25 0805
ARP 0806
FR_ARP 0808
BPQ 08FF
TRILL 22F3
L2-IS-IS 22F4
TEB 6558
RAW_FR 6559
RARP 8035
ATALK 809B
AARP 80F3
802_1Q 8100
IPX 8137
NetBEUI 8191
IPv6 86DD
PPP 880B
MPLS 8847
MPLS_MULTI 8848
ATMMPOA 884C
PPP_DISC 8863
PPP_SES 8864
ATMFATE 8884
EAPOL 888E
S-TAG 88A8
EAP_PREAUTH 88C7
LLDP 88CC
MACSEC 88E5
PBB 88E7
MVRP 88F5
PTP 88F7
NC-SI 88F8
PRP 88FB
CFM 8902
FCOE 8906
TDLS 890D
FIP 8914
ROCE 8915
QINQ 9100
";

/// Organisation names Scapy shows for common OUIs (from its copy of Wireshark's
/// manufacturer list): the vendors of 802.11 vendor elements and SNAP's.
const OUIS: &[(u32, &str)] = &[
    (0x000000, "Officially Xerox, but 0:0:0:0:0:0 is more common"),
    (0x0050f2, "Microsoft Corp."),
    (0x001018, "Broadcom"),
    (0x000fac, "Ieee 802.11"),
    (0x506f9a, "Wi-Fi Alliance"),
    (0x00037f, "Atheros Communications, Inc."),
    (0x0017f2, "Apple, Inc."),
    (0x004096, "Cisco Systems, Inc"),
    (0x000b86, "Hewlett Packard Enterprise"),
    (0x00904c, "Epigram, Inc."),
    (0x000c43, "Ralink Technology, Corp."),
    (0x00e04c, "Realtek Semiconductor Corp."),
    (0x001392, "Ruckus Wireless"),
    (0x000ce7, "MediaTek Inc."),
    (0x8cfdf0, "Qualcomm Inc."),
    (0x001a11, "Google, Inc."),
    (0xf4f5e8, "Google, Inc."),
    (0x00146c, "Netgear"),
    (0x002686, "Quantenna Communcations, Inc."),
    (0x00156d, "Ubiquiti Inc"),
    (0x00180a, "Cisco Meraki"),
    (0x00e0fc, "Huawei Technologies Co.,Ltd"),
    (0x00000c, "Cisco Systems, Inc"),
    (0x0080c2, "IEEE\t# 802.1 Committee"),
    (0x080007, "Apple, Inc."),
    (0x00e02b, "Extreme Networks Headquarters"),
    (0x0000f8, "Digital Equipment Corporation"),
];

/// Scapy's OUIField: `Microsoft Corp. (00:50:f2)`, or the bare OUI.
pub fn oui(b: &[u8]) -> crate::dissect::field::Field {
    use crate::dissect::field::named;
    let v = u32::from_be_bytes([0, b[0], b[1], b[2]]);
    let s = format!("{:02x}:{:02x}:{:02x}", b[0], b[1], b[2]);
    match OUIS.iter().find(|(o, _)| *o == v) {
        Some((_, name)) => named(v, format!("{name} ({s})")),
        None => named(v, s),
    }
}
