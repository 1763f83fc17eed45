//! The addresses Scapy looks up when a packet is built: the source address the kernel
//! would use to reach the destination, the MAC address of that interface, and the
//! destination MAC from the neighbour cache (broadcast when it has none, as Scapy falls
//! back when its ARP request gets no answer).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, UdpSocket};

use super::{Layer, V};

/// Fills the fields Scapy computes from the route: IP/IPv6 `src` and `dst`, ARP's
/// addresses, Ether's `src` and `dst`.
pub fn fill(layers: &[Layer], vals: &mut [Vec<V>]) {
    for i in 0..layers.len() {
        let t = layers[i].tpl;
        let v = &mut vals[i];
        let idx = |n: &str| t.index(n).unwrap_or(0);
        match t.class {
            "IP" => {
                let (s, d) = (idx("src"), idx("dst"));
                if v[d] == V::None {
                    v[d] = V::Str("127.0.0.1".into());
                }
                if v[s] == V::None {
                    v[s] = V::Str(source(&v[d]).to_string());
                }
            }
            "IPv6" => {
                let (s, d) = (idx("src"), idx("dst"));
                if v[d] == V::None {
                    v[d] = V::Str("::1".into());
                }
                if v[s] == V::None {
                    v[s] = V::Str(source(&v[d]).to_string());
                }
            }
            "ARP" => {
                let (hs, ps, hd, pd) = (idx("hwsrc"), idx("psrc"), idx("hwdst"), idx("pdst"));
                if v[pd] == V::None {
                    v[pd] = V::Str("0.0.0.0".into());
                }
                if v[ps] == V::None {
                    v[ps] = V::Str(source(&v[pd]).to_string());
                }
                if v[hs] == V::None {
                    v[hs] = V::Str(iface_mac(&v[pd]));
                }
                if v[hd] == V::None {
                    v[hd] = V::Str("00:00:00:00:00:00".into());
                }
            }
            _ => {}
        }
    }
    // Ethernet last: its addresses follow the network layer above it.
    for i in 0..layers.len() {
        if layers[i].tpl.class != "Ether" {
            continue;
        }
        let net = (i + 1..layers.len())
            .find(|&j| matches!(layers[j].tpl.class, "IP" | "IPv6" | "ARP"))
            .map(|j| (layers[j].tpl, vals[j].clone()));
        let t = layers[i].tpl;
        let (s, d) = (t.index("src").unwrap_or(1), t.index("dst").unwrap_or(0));
        let get = |n: &str| -> V {
            net.as_ref()
                .and_then(|(t, v)| t.index(n).map(|k| v[k].clone()))
                .unwrap_or(V::None)
        };
        let to = match net.as_ref().map(|(t, _)| t.class) {
            Some("ARP") => get("pdst"),
            Some(_) => get("dst"),
            None => V::None,
        };
        if vals[i][s] == V::None {
            vals[i][s] = V::Str(if net.is_some() {
                iface_mac(&to)
            } else {
                "00:00:00:00:00:00".into()
            });
        }
        if vals[i][d] == V::None {
            let arp_op = get("op");
            vals[i][d] = V::Str(match net.as_ref().map(|(t, _)| t.class) {
                Some("ARP") if arp_op == V::Int(2) => match get("hwdst") {
                    V::Str(m) => m,
                    _ => BROADCAST.into(),
                },
                Some("ARP") | None => BROADCAST.into(),
                Some(_) => dest_mac(&to),
            });
        }
    }
}

const BROADCAST: &str = "ff:ff:ff:ff:ff:ff";

fn addr(v: &V) -> Option<IpAddr> {
    match v {
        V::Str(s) => s.parse().ok(),
        _ => None,
    }
}

/// The source address the kernel picks to reach `dst` (a UDP socket's connect sends
/// nothing); the unspecified address when there is no route.
fn source(dst: &V) -> IpAddr {
    match addr(dst) {
        Some(IpAddr::V4(a)) => {
            if a.is_loopback() {
                return IpAddr::V4(Ipv4Addr::LOCALHOST);
            }
            // 0.0.0.0 takes the default route, as Scapy's route table does.
            if a.is_unspecified() {
                if let Some((_, Some(gw))) = route4(a) {
                    return source(&V::Str(gw.to_string()));
                }
            }
            UdpSocket::bind("0.0.0.0:0")
                .and_then(|s| s.connect((a, 9)).and_then(|_| s.local_addr()))
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |l| l.ip())
        }
        Some(IpAddr::V6(a)) => {
            if a.is_loopback() {
                return IpAddr::V6(Ipv6Addr::LOCALHOST);
            }
            // Link-local destinations (ff02::1, fe80::/10) leave from the default
            // interface's link-local address.
            let link = (a.segments()[0] & 0xffc0) == 0xfe80
                || (a.is_multicast() && a.segments()[0] & 0x000f <= 2);
            let routed = UdpSocket::bind("[::]:0")
                .and_then(|s| s.connect((a, 9)).and_then(|_| s.local_addr()))
                .map(|l| l.ip());
            match routed {
                Ok(ip) if !link => ip,
                _ => default_iface()
                    .and_then(|i| link_local(&i))
                    .map_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED), IpAddr::V6),
            }
        }
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    }
}

/// The IPv4 route to `a`: interface and gateway, by longest prefix in /proc/net/route.
fn route4(a: Ipv4Addr) -> Option<(String, Option<Ipv4Addr>)> {
    if a.is_loopback() {
        return Some(("lo".into(), None));
    }
    let text = std::fs::read_to_string("/proc/net/route").ok()?;
    let ip = u32::from(a);
    let hex = |s: &str| u32::from_str_radix(s, 16).ok().map(u32::from_be);
    let mut best: Option<(u32, String, Option<Ipv4Addr>)> = None;
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split_whitespace().collect();
        if c.len() < 8 {
            continue;
        }
        let (Some(dst), Some(gw), Some(mask)) = (hex(c[1]), hex(c[2]), hex(c[7])) else {
            continue;
        };
        if ip & mask == dst && best.as_ref().is_none_or(|b| mask.count_ones() > b.0) {
            let gw = (gw != 0).then(|| Ipv4Addr::from(gw));
            best = Some((mask.count_ones(), c[0].to_string(), gw));
        }
    }
    best.map(|(_, i, g)| (i, g))
}

/// The interface of the default route (Scapy's `conf.iface`).
fn default_iface() -> Option<String> {
    route4(Ipv4Addr::UNSPECIFIED).map(|r| r.0)
}

/// An interface's link-local IPv6 address (/proc/net/if_inet6, scope 0x20).
fn link_local(iface: &str) -> Option<Ipv6Addr> {
    let text = std::fs::read_to_string("/proc/net/if_inet6").ok()?;
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|c| c.len() >= 6 && c[5] == iface && c[3] == "20")
        .and_then(|c| u128::from_str_radix(c[0], 16).ok())
        .map(Ipv6Addr::from)
}

/// The interface that holds IPv6 address `a` (/proc/net/if_inet6).
fn iface6(a: Ipv6Addr) -> Option<String> {
    if a.is_loopback() {
        return Some("lo".into());
    }
    let want: String = a.octets().iter().map(|b| format!("{b:02x}")).collect();
    let text = std::fs::read_to_string("/proc/net/if_inet6").ok()?;
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|c| c.len() >= 6 && c[0] == want)
        .map(|c| c[5].to_string())
}

fn mac_of(iface: &str) -> Option<String> {
    let m = std::fs::read_to_string(format!("/sys/class/net/{iface}/address")).ok()?;
    Some(m.trim().to_string())
}

/// The MAC address of the interface that reaches `dst`.
fn iface_mac(dst: &V) -> String {
    let iface = match addr(dst) {
        Some(IpAddr::V4(a)) => route4(a).map(|r| r.0),
        Some(IpAddr::V6(a)) => match source(dst) {
            IpAddr::V6(s) => iface6(s).or_else(|| a.is_loopback().then(|| "lo".into())),
            _ => None,
        },
        None => None,
    };
    iface
        .and_then(|i| mac_of(&i))
        .unwrap_or_else(|| "00:00:00:00:00:00".into())
}

/// The destination MAC for `dst`: multicast mappings, the neighbour cache for the next
/// hop, else broadcast.
fn dest_mac(dst: &V) -> String {
    match addr(dst) {
        Some(IpAddr::V4(a)) if a.is_multicast() => {
            let o = a.octets();
            format!("01:00:5e:{:02x}:{:02x}:{:02x}", o[1] & 0x7f, o[2], o[3])
        }
        Some(IpAddr::V6(a)) if a.is_multicast() => {
            let o = a.octets();
            format!(
                "33:33:{:02x}:{:02x}:{:02x}:{:02x}",
                o[12], o[13], o[14], o[15]
            )
        }
        Some(IpAddr::V4(a)) => {
            let hop = match route4(a) {
                Some((_, Some(gw))) => gw,
                _ => a,
            };
            arp_cache(hop).unwrap_or_else(|| BROADCAST.into())
        }
        _ => BROADCAST.into(),
    }
}

fn arp_cache(a: Ipv4Addr) -> Option<String> {
    let text = std::fs::read_to_string("/proc/net/arp").ok()?;
    let want = a.to_string();
    text.lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|c| c.len() >= 4 && c[0] == want && c[3] != "00:00:00:00:00:00")
        .map(|c| c[3].to_string())
}
