//! First-hop router redundancy, as Scapy 2.8.0 dissects it: HSRP on UDP port 1985
//! (`HSRP` version 0/1, `HSRPAdvertise`, and `HSRPmd5` authentication after it; version 2
//! as `HSRPv2`, whose TLVs are its bytes here) and VRRP on IP protocol 112 (`VRRP`, or
//! `VRRPv3` for version 3 and over IPv6).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, fixed_str, hex, int, text, Fields};
use crate::dissect::view::{addr16, addr4, be16, be32};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{ipv4_str, ipv6_str};

static CLASSES: &[Class] = &[
    Class::new("HSRP", "HSRPv1", "scapy.layers.hsrp"),
    Class::new("HSRPAdvertise", "HSRP Advertise", "scapy.layers.hsrp"),
    Class::new("HSRPv2", "HSRPv2", "scapy.layers.hsrp"),
    Class::new("HSRPmd5", "HSRP MD5 Authentication", "scapy.layers.hsrp"),
    Class::new("HSRPv2TextAuth", "HSRP Authentication", "scapy.layers.hsrp"),
    Class::new("VRRP", "VRRP", "scapy.layers.vrrp"),
    Class::new("VRRPv3", "VRRPv3", "scapy.layers.vrrp"),
];
const HSRP: u8 = 0;
const ADVERTISE: u8 = 1;
const HSRP2: u8 = 2;
const MD5: u8 = 3;
const TEXT_AUTH: u8 = 4;
const VRRP: u8 = 5;
const VRRP3: u8 = 6;

pub static FHRP: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::Fhrp(k) => &CLASSES[(k as usize).min(CLASSES.len() - 1)],
        _ => &CLASSES[0],
    },
    fields,
    summary: no_summary,
};

/// UDP port 1985: HSRP by its version byte (and opcode 3, an advertisement).
pub fn parse_hsrp(w: &mut Walk) -> Next {
    let d = w.here();
    let kind = match d {
        [0, 3, ..] => ADVERTISE,
        [1, ..] => HSRP2,
        _ => HSRP,
    };
    hsrp(w, kind)
}

/// UDP port 2029: HSRP version 2 (Scapy's HSRPv2 for any first byte).
pub fn parse_hsrp2(w: &mut Walk) -> Next {
    hsrp(w, HSRP2)
}

fn hsrp(w: &mut Walk, kind: u8) -> Next {
    let d = w.here();
    let len = match kind {
        HSRP => 20,
        ADVERTISE => 16,
        _ => match hsrp2_len(d) {
            Some(n) => n,
            None => return Next::Raw,
        },
    };
    if d.len() < len || d.is_empty() {
        return Next::Raw;
    }
    // HSRP v1 carries MD5 authentication when the UDP datagram is longer than 28 bytes.
    let udp_len = w.next_index().checked_sub(1).map(|u| {
        let l = w.p.layers()[u];
        be16(l.header(w.data()), 4)
    });
    w.push(Proto::Fhrp(kind), len);
    let auth = w.here().first().copied();
    let md5 = match kind {
        HSRP => udp_len.is_some_and(|n| n > 28),
        _ => kind == HSRP2 && auth == Some(4),
    };
    if md5 && w.rest() >= 30 {
        w.push(Proto::Fhrp(MD5), 30);
    } else if kind == HSRP2 && auth == Some(3) && w.rest() >= 10 {
        w.push(Proto::Fhrp(TEXT_AUTH), 10);
    }
    Next::Raw
}

/// The bytes an HSRPv2 group state TLV takes: 26 fixed, then the virtual address (4 and
/// 12 of padding for IPv4, 16 for IPv6, else the rest); None where Scapy fails.
fn hsrp2_len(d: &[u8]) -> Option<usize> {
    if d.len() < 26 {
        return None;
    }
    Some(match d[5] {
        4 if d.len() >= 30 => 30 + (d.len() - 30).min(12),
        6 if d.len() >= 42 => 42,
        4 | 6 => return None,
        _ => d.len(),
    })
}

/// IP protocol 112 (IPv4): VRRP, or VRRPv3 for version 3.
pub fn parse_vrrp(w: &mut Walk) -> Next {
    let d = w.here();
    let v3 = d.len() >= 9 && (48..=57).contains(&d[0]);
    vrrp(w, v3, false)
}

/// IPv6 next header 112: VRRPv3 (VRRP for another version, in 16 bytes or more).
pub fn parse_vrrp6(w: &mut Walk) -> Next {
    let d = w.here();
    let v3 = d.len() < 16 || (48..=57).contains(&d[0]);
    vrrp(w, v3, true)
}

fn vrrp(w: &mut Walk, v3: bool, ipv6: bool) -> Next {
    let d = w.here();
    if d.len() < 8 {
        return Next::Raw;
    }
    let n = d[3] as usize;
    let len = if v3 {
        8 + n * if ipv6 { 16 } else { 4 }
    } else {
        8 + 4 * n + 8
    };
    if d.len() < len {
        return Next::Raw;
    }
    w.push(Proto::Fhrp(if v3 { VRRP3 } else { VRRP }), len);
    Next::Raw
}

const OPCODES: &[(i64, &str)] = &[(0, "Hello"), (1, "Coup"), (2, "Resign"), (3, "Advertise")];
const STATES: &[(i64, &str)] = &[
    (0, "Initial"),
    (1, "Learn"),
    (2, "Listen"),
    (4, "Speak"),
    (8, "Standby"),
    (16, "Active"),
];

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let b = l.header(p.data);
    let Proto::Fhrp(kind) = l.proto else {
        return vec![];
    };
    match kind {
        HSRP => vec![
            ("version", int(b[0])),
            ("opcode", enum_field(b[1], OPCODES)),
            ("state", enum_field(b[2], STATES)),
            ("hellotime", int(b[3])),
            ("holdtime", int(b[4])),
            ("priority", int(b[5])),
            ("group", int(b[6])),
            ("reserved", int(b[7])),
            ("auth", fixed_str(&b[8..16])),
            ("virtualIP", text(ipv4_str(&addr4(b, 16)))),
        ],
        ADVERTISE => vec![
            ("version", int(b[0])),
            ("opcode", enum_field(b[1], OPCODES)),
            (
                "type",
                enum_field(be16(b, 2), &[(1, "HSRP interface state")]),
            ),
            ("length", int(be16(b, 4))),
            ("state", enum_field(b[6], &[(1, "Active"), (2, "Passive")])),
            ("reserved1", int(b[7])),
            ("activegroups", int(be16(b, 8))),
            ("passivegroups", int(be16(b, 10))),
            ("reserved2", int(be32(b, 12))),
        ],
        MD5 => vec![
            ("type", enum_field(b[0], &[(4, "MD5 authentication")])),
            ("len", int(b[1])),
            ("algo", enum_field(b[2], &[(1, "MD5")])),
            ("padding", int(b[3])),
            ("flags", hex(be16(b, 4))),
            ("sourceip", text(ipv4_str(&addr4(b, 6)))),
            ("keyid", hex(be32(b, 10))),
            ("authdigest", fixed_str(&b[14..30])),
        ],
        HSRP2 => {
            let ip = match b[5] {
                4 => text(ipv4_str(&addr4(b, 26))),
                6 => text(ipv6_str(&addr16(b, 26))),
                _ => bytes(&b[26..]),
            };
            let mut f = vec![
                ("type", enum_field(b[0], &[(1, "Group state TLV")])),
                ("len", int(b[1])),
                ("version", int(b[2])),
                ("opcode", enum_field(b[3], OPCODES)),
                ("state", enum_field(b[4], STATES)),
                ("ipVer", enum_field(b[5], &[(4, "IPv4"), (6, "IPv6")])),
                ("group", hex(be16(b, 6))),
                ("identifier", text(crate::pyfmt::mac_str(&b[8..14]))),
                ("priority", int(be32(b, 14))),
                ("hellotime", int(be32(b, 18))),
                ("holdtime", int(be32(b, 22))),
                ("virtualIP", ip),
            ];
            if b[5] == 4 {
                f.push(("padding", fixed_str(&b[30..])));
            }
            f
        }
        TEXT_AUTH => vec![
            ("type", enum_field(b[0], &[(3, "Text Authentication TLV")])),
            ("len", int(b[1])),
            ("auth", fixed_str(&b[2..10])),
        ],
        VRRP | VRRP3 => {
            let n = b[3] as usize;
            let v6 = kind == VRRP3 && matches!(p.under(i), Some(Proto::Ipv6));
            let list = crate::dissect::field::list(
                (0..n)
                    .map(|k| {
                        text(if v6 {
                            ipv6_str(&addr16(b, 8 + 16 * k))
                        } else {
                            ipv4_str(&addr4(b, 8 + 4 * k))
                        })
                    })
                    .collect(),
            );
            let mut f = vec![
                ("version", int(b[0] >> 4)),
                ("type", int(b[0] & 0xf)),
                ("vrid", int(b[1])),
                ("priority", int(b[2])),
                ("ipcount", int(b[3])),
            ];
            if kind == VRRP {
                f.extend([
                    ("authtype", int(b[4])),
                    ("adv", int(b[5])),
                    ("chksum", hex(be16(b, 6))),
                    ("addrlist", list),
                    ("auth1", int(be32(b, 8 + 4 * n))),
                    ("auth2", int(be32(b, 12 + 4 * n))),
                ]);
            } else {
                f.extend([
                    ("res", int(b[4] >> 4)),
                    ("adv", int(be16(b, 4) & 0xfff)),
                    ("chksum", hex(be16(b, 6))),
                    ("addrlist", list),
                ]);
            }
            f
        }
        _ => vec![],
    }
}
