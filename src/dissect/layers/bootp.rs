//! BOOTP (RFC 951) and the DHCP options after its magic cookie (RFC 2131, 2132).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{
    bytes, enum_field, fixed_str, flag_names, hex, int, named, text, Fields,
};
use crate::dissect::view::{addr4, be16, be32, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{bytes_repr, ipv4_str, mac_str};

/// The fixed part of a BOOTP message up to the relay agent address must be there; the
/// rest of its 236 bytes may be cut short.
pub struct Header<'a>(&'a [u8]);

pub const MIN_LEN: usize = 28;
pub const LEN: usize = 236;
const MAGIC: [u8; 4] = [0x63, 0x82, 0x53, 0x63];

impl<'a> View<'a> for Header<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        (b.len() >= MIN_LEN).then_some(Header(b))
    }
}

impl<'a> Header<'a> {
    pub fn op(&self) -> u8 {
        self.0[0]
    }
    pub fn htype(&self) -> u8 {
        self.0[1]
    }
    pub fn xid(&self) -> u32 {
        be32(self.0, 4)
    }
    pub fn flags(&self) -> u16 {
        be16(self.0, 10)
    }
    pub fn addr(&self, n: usize) -> [u8; 4] {
        addr4(self.0, 12 + 4 * n)
    }
    /// Bytes `at..at+len` of the fixed part, as far as they were captured.
    fn part(&self, at: usize, len: usize) -> &'a [u8] {
        let end = (at + len).min(self.0.len());
        self.0.get(at..end).unwrap_or(&[])
    }
    /// Whether the DHCP magic cookie follows the fixed part.
    pub fn dhcp(&self) -> bool {
        self.0.get(LEN..LEN + 4) == Some(&MAGIC[..])
    }
}

pub static BOOTP: Ops = Ops {
    classes: &[Class::new("BOOTP", "BOOTP", "scapy.layers.dhcp")],
    class: |_| &BOOTP.classes[0],
    fields: bootp_fields,
    summary: no_summary,
};

pub static DHCP: Ops = Ops {
    classes: &[Class::new("DHCP", "DHCP options", "scapy.layers.dhcp")],
    class: |_| &DHCP.classes[0],
    fields: dhcp_fields,
    summary: dhcp_summary,
};

/// BOOTP, and DHCP after the magic cookie; nothing follows them.
pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    if h.dhcp() {
        let (at, end) = (w.at, w.end);
        w.push(Proto::Bootp, LEN + 4);
        w.push_at(Proto::Dhcp, at + LEN + 4, end - at - LEN - 4, end);
    } else {
        w.push(Proto::Bootp, w.rest());
    }
    Next::Done
}

const HTYPES: &[(i64, &str)] = &[(1, "Ethernet (10Mb)"), (6, "IEEE 802 Networks")];

fn bootp_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let b = h.0;
    let op = match h.op() {
        1 => named(1, "BOOTREQUEST".into()),
        2 => named(2, "BOOTREPLY".into()),
        n => int(n),
    };
    let mut f = vec![
        ("op", op),
        ("htype", enum_field(h.htype(), HTYPES)),
        ("hlen", int(b[2])),
        ("hops", int(b[3])),
        ("xid", hex(h.xid())),
        ("secs", int(be16(b, 8))),
        (
            "flags",
            named(h.flags(), flag_names(h.flags() as u64 >> 15, &["B"])),
        ),
    ];
    for (n, name) in ["ciaddr", "yiaddr", "siaddr", "giaddr"]
        .into_iter()
        .enumerate()
    {
        f.push((name, text(ipv4_str(&h.addr(n)))));
    }
    let chaddr = h.part(28, 16);
    let chaddr_field = if h.htype() == 1 && chaddr.len() == 16 {
        let mut c = bytes(chaddr);
        c.show = if chaddr[6..].iter().all(|&x| x == 0) {
            format!("{} (+ 10 nul pad)", mac_str(&chaddr[..6]))
        } else {
            format!(
                "{} (pad: {})",
                mac_str(&chaddr[..6]),
                bytes_repr(&chaddr[6..])
            )
        };
        c
    } else {
        bytes(chaddr)
    };
    f.push(("chaddr", chaddr_field));
    f.push(("sname", fixed_str(h.part(44, 64))));
    f.push(("file", fixed_str(h.part(108, 128))));
    let options = if h.dhcp() {
        let mut o = bytes(&MAGIC);
        o.show = format!("{} (DHCP magic)", bytes_repr(&MAGIC));
        o
    } else {
        bytes(b.get(LEN..).unwrap_or(&[]))
    };
    f.push(("options", options));
    f
}

/// How Scapy reads an option's value.
#[derive(Clone, Copy)]
enum Kind {
    Ip,
    Int,
    Short,
    Byte,
    Str,
    MessageType,
    ByteList,
}

/// DHCP options by code: Scapy's names and how it reads their values.
const OPTIONS: &[(u8, &str, Kind)] = {
    use Kind::*;
    &[
        (1, "subnet_mask", Ip),
        (2, "time_zone", Int),
        (3, "router", Ip),
        (4, "time_server", Ip),
        (5, "IEN_name_server", Ip),
        (6, "name_server", Ip),
        (7, "log_server", Ip),
        (8, "cookie_server", Ip),
        (9, "lpr_server", Ip),
        (10, "impress-servers", Ip),
        (11, "resource-location-servers", Ip),
        (12, "hostname", Str),
        (13, "boot-size", Short),
        (14, "dump_path", Str),
        (15, "domain", Str),
        (16, "swap-server", Ip),
        (17, "root_disk_path", Str),
        (18, "extensions-path", Str),
        (19, "ip-forwarding", Byte),
        (20, "non-local-source-routing", Byte),
        (21, "policy-filter", Ip),
        (22, "max_dgram_reass_size", Short),
        (23, "default_ttl", Byte),
        (24, "pmtu_timeout", Int),
        (25, "path-mtu-plateau-table", Short),
        (26, "interface-mtu", Short),
        (27, "all-subnets-local", Byte),
        (28, "broadcast_address", Ip),
        (29, "perform-mask-discovery", Byte),
        (30, "mask-supplier", Byte),
        (31, "router-discovery", Byte),
        (32, "router-solicitation-address", Ip),
        (33, "static-routes", Ip),
        (34, "trailer-encapsulation", Byte),
        (35, "arp_cache_timeout", Int),
        (36, "ieee802-3-encapsulation", Byte),
        (37, "tcp_ttl", Byte),
        (38, "tcp_keepalive_interval", Int),
        (39, "tcp_keepalive_garbage", Byte),
        (40, "NIS_domain", Str),
        (41, "NIS_server", Ip),
        (42, "NTP_server", Ip),
        (43, "vendor_specific", Str),
        (44, "NetBIOS_server", Ip),
        (45, "NetBIOS_dist_server", Ip),
        (46, "NetBIOS_node_type", Byte),
        (47, "netbios-scope", Str),
        (48, "font-servers", Ip),
        (49, "x-display-manager", Ip),
        (50, "requested_addr", Ip),
        (51, "lease_time", Int),
        (52, "dhcp-option-overload", Byte),
        (53, "message-type", MessageType),
        (54, "server_id", Ip),
        (55, "param_req_list", ByteList),
        (56, "error_message", Str),
        (57, "max_dhcp_size", Short),
        (58, "renewal_time", Int),
        (59, "rebinding_time", Int),
        (60, "vendor_class_id", Str),
        (61, "client_id", Str),
        (62, "nwip-domain-name", Str),
        (64, "NISplus_domain", Str),
        (65, "NISplus_server", Ip),
        (66, "tftp_server_name", Str),
        (67, "boot-file-name", Str),
        (68, "mobile-ip-home-agent", Ip),
        (69, "SMTP_server", Ip),
        (70, "POP3_server", Ip),
        (71, "NNTP_server", Ip),
        (72, "WWW_server", Ip),
        (73, "Finger_server", Ip),
        (74, "IRC_server", Ip),
        (75, "StreetTalk_server", Ip),
        (76, "StreetTalk_Dir_Assistance", Ip),
        (77, "user_class", Str),
        (78, "slp_service_agent", Str),
        (79, "slp_service_scope", Str),
        (80, "rapid_commit", Str),
        (81, "client_FQDN", Str),
        (82, "relay_agent_information", Str),
        (85, "nds-server", Ip),
        (86, "nds-tree-name", Str),
        (87, "nds-context", Str),
        (88, "bcms-controller-namesi", Str),
        (89, "bcms-controller-address", Ip),
        (91, "client-last-transaction-time", Int),
        (92, "associated-ip", Ip),
        (93, "pxe_client_architecture", Str),
        (94, "pxe_client_network_interface", Str),
        (97, "pxe_client_machine_identifier", Str),
        (98, "uap-servers", Str),
        (100, "pcode", Str),
        (101, "tcode", Str),
        (108, "ipv6-only-preferred", Int),
        (112, "netinfo-server-address", Ip),
        (113, "netinfo-server-tag", Str),
        (114, "captive-portal", Str),
        (116, "auto-config", Byte),
        (117, "name-service-search", Short),
        (118, "subnet-selection", Ip),
        (124, "vendor_class", Str),
        (125, "vendor_specific_information", Str),
        (128, "tftp_server_ip_address", Ip),
        (136, "pana-agent", Ip),
        (137, "v4-lost", Str),
        (138, "capwap-ac-v4", Ip),
        (141, "sip_ua_service_domains", Str),
        (146, "rdnss-selection", Str),
        (150, "tftp_server_address", Ip),
        (159, "v4-portparams", Str),
        (160, "v4-captive-portal", Str),
        (161, "mud-url", Str),
        (208, "pxelinux_magic", Str),
        (209, "pxelinux_configuration_file", Str),
        (210, "pxelinux_path_prefix", Str),
        (211, "pxelinux_reboot_time", Str),
        (212, "option-6rd", Str),
        (213, "v4-access-domain", Str),
    ]
};

const MESSAGE_TYPES: [&str; 13] = [
    "discover",
    "offer",
    "request",
    "decline",
    "ack",
    "nak",
    "release",
    "inform",
    "force_renew",
    "lease_query",
    "lease_unassigned",
    "lease_unknown",
    "lease_active",
];

/// The name of a DHCP message type, as Scapy spells it.
pub fn message_type(t: u8) -> Option<&'static str> {
    MESSAGE_TYPES.get((t as usize).wrapping_sub(1)).copied()
}

/// Bytes as Scapy's `sane()` prints them: printable ASCII kept, the rest as dots.
fn sane(b: &[u8]) -> String {
    b.iter()
        .map(|&c| {
            if (32..127).contains(&c) {
                c as char
            } else {
                '.'
            }
        })
        .collect()
}

/// One option's value as Scapy shows it, or None where Scapy gives up on the option.
fn value(kind: Kind, v: &[u8]) -> Option<String> {
    let each = |n: usize, f: &dyn Fn(&[u8]) -> String| -> Option<String> {
        if v.is_empty() || v.len() % n != 0 {
            return None;
        }
        Some(v.chunks(n).map(f).collect::<Vec<_>>().join(","))
    };
    match kind {
        Kind::Ip => each(4, &|c| ipv4_str(c)),
        Kind::Int => each(4, &|c| be32(c, 0).to_string()),
        Kind::Short => each(2, &|c| be16(c, 0).to_string()),
        Kind::Byte => each(1, &|c| c[0].to_string()),
        Kind::Str => Some(bytes_repr(v)),
        Kind::MessageType => each(1, &|c| {
            message_type(c[0]).map_or_else(|| c[0].to_string(), str::to_string)
        }),
        Kind::ByteList => Some(format!(
            "[{}]",
            v.iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The options as Scapy's DHCPOptionsField prints them.
fn options_text(o: &[u8]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < o.len() {
        match o[i] {
            255 => out.push("end".to_string()),
            0 => out.push("pad".to_string()),
            code => {
                let len = o.get(i + 1).map(|&l| l as usize);
                let Some(len) = len.filter(|l| i + 2 + l <= o.len()) else {
                    out.push(sane(&o[i..]));
                    break;
                };
                let v = &o[i + 2..i + 2 + len];
                match OPTIONS.iter().find(|(c, _, _)| *c == code) {
                    Some(&(_, name, kind)) => match value(kind, v) {
                        Some(text) => out.push(format!("{name}={text}")),
                        None => {
                            out.push(sane(&o[i..]));
                            break;
                        }
                    },
                    None => out.push(format!("{code}={}", bytes_repr(v))),
                }
                i += 2 + len;
                continue;
            }
        }
        i += 1;
    }
    format!("[{}]", out.join(" "))
}

fn dhcp_fields(p: &Packet, i: usize) -> Fields {
    let o = p.layers()[i].bytes(p.data);
    vec![("options", text(options_text(o)))]
}

/// `DHCP Discover` and so on, from the message-type option, walking the options as
/// Scapy does.
fn dhcp_summary(p: &Packet, i: usize) -> String {
    let o = p.layers()[i].bytes(p.data);
    let mut i = 0;
    while i < o.len() {
        match o[i] {
            0 | 255 => i += 1,
            code => {
                let Some(&len) = o.get(i + 1) else { break };
                let len = len as usize;
                if i + 2 + len > o.len() {
                    break;
                }
                if code == 53 && len >= 1 {
                    let name = message_type(o[i + 2]).unwrap_or("");
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
