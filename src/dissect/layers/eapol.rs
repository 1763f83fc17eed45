//! 802.1X as Scapy 2.8.0 dissects it: `EAPOL` on EtherType 0x888e (Ethernet, 802.1Q,
//! SNAP, cooked captures, GRE), then `EAP` by Scapy's class for its method (`EAP_MD5`,
//! `EAP_TLS`, `EAP_TTLS`, `EAP_PEAP`, `EAP_FAST`, `LEAP`) or the WPA handshake's
//! `EAPOL_KEY`. What an EAP message's fields leave is Padding, as in Scapy.
//! MACsec key agreement (`MKAPDU`, EAPOL type 5) is Raw here.

use super::{Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, hex, int, list, uint, xstr, Fields};
use crate::dissect::view::{be16, be32, be64};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::bytes_repr;

const MODULE: &str = "scapy.layers.eap";

/// By `Proto::Eapol`'s index.
static CLASSES: &[Class] = &[
    Class::new("EAPOL", "EAPOL", MODULE),
    Class::new("EAP", "EAP", MODULE),
    Class::new("EAP_MD5", "EAP-MD5", MODULE).under("EAP"),
    Class::new("EAP_TLS", "EAP-TLS", MODULE).under("EAP"),
    Class::new("EAP_TTLS", "EAP-TTLS", MODULE).under("EAP"),
    Class::new("EAP_PEAP", "PEAP", MODULE).under("EAP"),
    Class::new("EAP_FAST", "EAP-FAST", MODULE).under("EAP"),
    Class::new("LEAP", "Cisco LEAP", MODULE).under("EAP"),
    Class::new("EAPOL_KEY", "EAPOL_KEY", MODULE),
];
const EAPOL: u8 = 0;
const EAP: u8 = 1;
const MD5: u8 = 2;
const TLS: u8 = 3;
const TTLS: u8 = 4;
const PEAP: u8 = 5;
const FAST: u8 = 6;
const LEAP: u8 = 7;
const KEY: u8 = 8;

pub static EAPOL_OPS: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::Eapol(k) => &CLASSES[(k as usize).min(CLASSES.len() - 1)],
        _ => &CLASSES[0],
    },
    fields,
    summary,
};

const VERSIONS: &[(i64, &str)] = &[(1, "802.1X-2001"), (2, "802.1X-2004"), (3, "802.1X-2010")];
const TYPES: &[(i64, &str)] = &[
    (0, "EAP-Packet"),
    (1, "EAPOL-Start"),
    (2, "EAPOL-Logoff"),
    (3, "EAPOL-Key"),
    (4, "EAPOL-Encapsulated-ASF-Alert"),
    (5, "EAPOL-MKA"),
    (6, "EAPOL-Announcement (Generic)"),
    (7, "EAPOL-Announcement (Specific)"),
    (8, "EAPOL-Announcement-Req"),
];
const CODES: &[(i64, &str)] = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
    (5, "Initiate"),
    (6, "Finish"),
];
/// EAP method types (IANA), as Scapy names them.
const METHODS: &[(i64, &str)] = &[
    (0, "Reserved"),
    (1, "Identity"),
    (2, "Notification"),
    (3, "Legacy Nak"),
    (4, "MD5-Challenge"),
    (5, "One-Time Password (OTP)"),
    (6, "Generic Token Card (GTC)"),
    (7, "Allocated - RFC3748"),
    (8, "Allocated - RFC3748"),
    (9, "RSA Public Key Authentication"),
    (10, "DSS Unilateral"),
    (11, "KEA"),
    (12, "KEA-VALIDATE"),
    (13, "EAP-TLS"),
    (14, "Defender Token (AXENT)"),
    (15, "RSA Security SecurID EAP"),
    (16, "Arcot Systems EAP"),
    (17, "EAP-Cisco Wireless"),
    (18, "GSM Subscriber Identity Modules (EAP-SIM)"),
    (19, "SRP-SHA1"),
    (20, "Unassigned"),
    (21, "EAP-TTLS"),
    (22, "Remote Access Service"),
    (23, "EAP-AKA Authentication"),
    (24, "EAP-3Com Wireless"),
    (25, "PEAP"),
    (26, "MS-EAP-Authentication"),
    (27, "Mutual Authentication w/Key Exchange (MAKE)"),
    (28, "CRYPTOCard"),
    (29, "EAP-MSCHAP-V2"),
    (30, "DynamID"),
    (31, "Rob EAP"),
    (32, "Protected One-Time Password"),
    (33, "MS-Authentication-TLV"),
    (34, "SentriNET"),
    (35, "EAP-Actiontec Wireless"),
    (36, "Cogent Systems Biometrics Authentication EAP"),
    (37, "AirFortress EAP"),
    (38, "EAP-HTTP Digest"),
    (39, "SecureSuite EAP"),
    (40, "DeviceConnect EAP"),
    (41, "EAP-SPEKE"),
    (42, "EAP-MOBAC"),
    (43, "EAP-FAST"),
    (44, "ZoneLabs EAP (ZLXEAP)"),
    (45, "EAP-Link"),
    (46, "EAP-PAX"),
    (47, "EAP-PSK"),
    (48, "EAP-SAKE"),
    (49, "EAP-IKEv2"),
    (50, "EAP-AKA"),
    (51, "EAP-GPSK"),
    (52, "EAP-pwd"),
    (53, "EAP-EKE Version 1"),
    (54, "EAP Method Type for PT-EAP"),
    (55, "TEAP"),
    (254, "Reserved for the Expanded Type"),
    (255, "Experimental"),
];

/// EtherType 0x888e: the EAPOL header, its body cut to its length (the rest is Padding).
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < 4 {
        return Next::Raw;
    }
    w.push(Proto::Eapol(EAPOL), 4);
    w.cut(w.at + be16(d, 2) as usize);
    match d[1] {
        0 => Next::Parse(parse_eap),
        3 => Next::Parse(parse_key),
        _ => Next::Raw,
    }
}

/// An EAP message, by Scapy's class for its method; what its fields leave is Padding.
pub fn parse_eap(w: &mut Walk) -> Next {
    let d = w.here();
    let kind = eap_class(d);
    let Some(n) = eap_len(kind, d) else {
        return Next::Raw;
    };
    w.push(Proto::Eapol(kind), n);
    w.cut(w.at);
    Next::Done
}

/// Scapy's `EAP.dispatch_hook`: a request or response names its method's class.
fn eap_class(d: &[u8]) -> u8 {
    match d {
        [1 | 2, _, _, _, t, ..] => match t {
            4 => MD5,
            13 => TLS,
            21 => TTLS,
            25 => PEAP,
            43 => FAST,
            17 => LEAP,
            _ => EAP,
        },
        _ => EAP,
    }
}

/// How many bytes a length from a field takes of `s`, as Python's `s[:n]` does.
fn take(s: &[u8], n: i64) -> usize {
    crate::dissect::view::py_len(s.len(), n)
}

/// The header bytes of each EAP class, or None where Scapy's dissection fails (Raw).
fn eap_len(kind: u8, d: &[u8]) -> Option<usize> {
    if d.len() < 4 {
        return None;
    }
    let (code, len) = (d[0], be16(d, 2) as i64);
    let fixed = match kind {
        EAP if matches!(code, 3 | 4) => return Some(4),
        EAP => 5,
        MD5 | TLS | TTLS | PEAP | FAST => 6,
        _ => 8,
    };
    if d.len() < fixed {
        return None;
    }
    let t = d[4];
    Some(match kind {
        EAP => {
            let n = match (code, t) {
                (2, 3) => len - 4,
                (2, 1) | (1, 1) => len - 5,
                _ => 0,
            };
            5 + take(&d[5..], n)
        }
        MD5 => {
            let size = d[5] as usize;
            let value = take(&d[6..], size as i64);
            let n = 6 + value;
            n + take(&d[n..], len - size as i64 - 6)
        }
        LEAP => {
            let count = d[7] as usize;
            let n = 8 + take(&d[8..], count as i64);
            n + take(&d[n..], len - 8 - count as i64)
        }
        _ => {
            let l = (d[5] >> 7) as usize;
            if d.len() < 6 + 4 * l {
                return None;
            }
            let n = 6 + 4 * l;
            n + take(&d[n..], len - n as i64)
        }
    })
}

/// EAPOL type 3: the key descriptor (95 bytes and its key data); its payload is as long as
/// its `key_length` says, the rest Padding (Scapy's `extract_padding`).
fn parse_key(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < 95 {
        return Next::Raw;
    }
    let n = 95 + take(&d[95..], be16(d, 93) as i64);
    w.push(Proto::Eapol(KEY), n);
    w.cut(w.at + be16(d, 3) as usize);
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let b = l.header(p.data);
    let Proto::Eapol(kind) = l.proto else {
        return vec![];
    };
    match kind {
        EAPOL => vec![
            ("version", enum_field(b[0], VERSIONS)),
            ("type", enum_field(b[1], TYPES)),
            ("len", int(be16(b, 2))),
        ],
        KEY => key_fields(b),
        _ => eap_fields(kind, b),
    }
}

fn eap_fields(kind: u8, b: &[u8]) -> Fields {
    let mut f = vec![
        ("code", enum_field(b[0], CODES)),
        ("id", int(b[1])),
        ("len", int(be16(b, 2))),
    ];
    if b.len() < 5 {
        return f;
    }
    f.push(("type", enum_field(b[4], METHODS)));
    let rest = &b[5..];
    match kind {
        EAP => match (b[0], b[4]) {
            (2, 3) => f.push((
                "desired_auth_types",
                list(rest.iter().map(|&t| enum_field(t, METHODS)).collect()),
            )),
            (2, 1) => f.push(("identity", bytes(rest))),
            (1, 1) => f.push(("message", bytes(rest))),
            _ => {}
        },
        MD5 => {
            let size = b[5] as usize;
            let value = take(&b[6..], size as i64);
            f.push(("value_size", int(b[5])));
            f.push(("value", xstr(&b[6..6 + value])));
            f.push(("optional_name", xstr(&b[6 + value..])));
        }
        LEAP => {
            let count = b[7] as usize;
            let c = take(&b[8..], count as i64);
            f.extend([
                ("version", int(b[5])),
                ("unused", hex(b[6])),
                ("count", int(b[7])),
                ("challenge_response", xstr(&b[8..8 + c])),
                ("username", bytes(&b[8 + c..])),
            ]);
        }
        _ => {
            let x = b[5];
            f.extend([
                ("L", int(x >> 7)),
                ("M", int(x >> 6 & 1)),
                ("S", int(x >> 5 & 1)),
            ]);
            // EAP-TLS: 5 reserved bits; TTLS and FAST: 2 reserved, a 3-bit version;
            // PEAP: 3 reserved, a 2-bit version.
            match kind {
                TLS => f.push(("reserved", int(x & 0x1f))),
                PEAP => f.extend([("reserved", int(x >> 2 & 7)), ("version", int(x & 3))]),
                _ => f.extend([("reserved", int(x >> 3 & 3)), ("version", int(x & 7))]),
            }
            let mut at = 6;
            if x >> 7 == 1 {
                let name = if kind == TLS || kind == PEAP {
                    "tls_message_len"
                } else {
                    "message_len"
                };
                f.push((name, int(be32(b, 6))));
                at = 10;
            }
            let name = if kind == TLS || kind == PEAP {
                "tls_data"
            } else {
                "data"
            };
            f.push((name, xstr(&b[at..])));
        }
    }
    f
}

const KEY_BITS: &[(&str, u32, u16)] = &[
    ("res2", 14, 3),
    ("smk_message", 13, 1),
    ("encrypted_key_data", 12, 1),
    ("request", 11, 1),
    ("error", 10, 1),
    ("secure", 9, 1),
    ("has_key_mic", 8, 1),
    ("key_ack", 7, 1),
    ("install", 6, 1),
    ("res", 4, 3),
];

fn key_fields(b: &[u8]) -> Fields {
    let info = be16(b, 1);
    let mut f = vec![(
        "key_descriptor_type",
        enum_field(b[0], &[(1, "RC4"), (2, "RSN")]),
    )];
    f.extend(
        KEY_BITS
            .iter()
            .map(|&(name, shift, mask)| (name, int(info >> shift & mask))),
    );
    f.extend([
        (
            "key_type",
            enum_field(info >> 3 & 1, &[(0, "Group/SMK"), (1, "Pairwise")]),
        ),
        (
            "key_descriptor_type_version",
            enum_field(
                info & 7,
                &[
                    (1, "HMAC-MD5+ARC4"),
                    (2, "HMAC-SHA1-128+AES-128"),
                    (3, "AES-128-CMAC+AES-128"),
                ],
            ),
        ),
        ("key_length", int(be16(b, 3))),
        ("key_replay_counter", uint(be64(b, 5))),
        ("key_nonce", xstr(&b[13..45])),
        ("key_iv", xstr(&b[45..61])),
        ("key_rsc", xstr(&b[61..69])),
        ("key_id", xstr(&b[69..77])),
        ("key_mic", xstr(&b[77..93])),
        ("key_data_length", int(be16(b, 93))),
        ("key_data", xstr(&b[95..])),
    ]);
    f
}

/// `EAPOL <type>`; `EAP <code> <method>`, and the identity a response gives.
fn summary(p: &Packet, i: usize) -> String {
    let l = p.layers()[i];
    let b = l.header(p.data);
    match l.proto {
        Proto::Eapol(EAPOL) => format!("EAPOL {}", enum_field(b[1], TYPES).show),
        Proto::Eapol(KEY) => String::new(),
        _ => {
            // A message without a method (Success, Failure) shows the default, 0.
            let t = b.get(4).copied().unwrap_or(0);
            let mut s = format!(
                "EAP {} {}",
                enum_field(b[0], CODES).show,
                enum_field(t, METHODS).show
            );
            if t == 1 && b[0] == 2 {
                s.push(' ');
                s.push_str(&bytes_repr(&b[5..]));
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, summary};

    fn frame(eapol: &[u8]) -> Vec<u8> {
        let mut b = vec![1, 0x80, 0xc2, 0, 0, 3, 2, 0, 0, 0, 0, 1, 0x88, 0x8e];
        b.extend_from_slice(eapol);
        b
    }

    fn field(b: &[u8], layer: usize, name: &str) -> String {
        let p = dissect(1, b);
        let f = p.fields(layer);
        f.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f.show.clone())
            .unwrap_or_else(|| panic!("no {name} in {}", summary(&p)))
    }

    /// Message 1 of the WPA 4-way handshake (no hostapd on a wire sends one): the key
    /// information bits by name, the nonce in hex; Ethernet's padding after it.
    #[test]
    fn the_first_message_of_a_4_way_handshake() {
        let mut k = vec![2, 3, 0, 95, 2, 0x00, 0x8a, 0, 16];
        k.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1]);
        k.extend_from_slice(&[0x5a; 32]);
        k.extend_from_slice(&[0; 16 + 8 + 8 + 16 + 2]);
        k.extend_from_slice(&[0; 4]);
        let b = frame(&k);
        assert_eq!(
            summary(&dissect(1, &b)),
            "Ether / EAPOL EAPOL-Key / EAPOL_KEY / Padding"
        );
        assert_eq!(field(&b, 2, "key_ack"), "1");
        assert_eq!(field(&b, 2, "has_key_mic"), "0");
        assert_eq!(field(&b, 2, "key_type"), "Pairwise");
        assert_eq!(
            field(&b, 2, "key_descriptor_type_version"),
            "HMAC-SHA1-128+AES-128"
        );
        assert_eq!(field(&b, 2, "key_nonce"), "5a".repeat(32));
        assert_eq!(field(&b, 2, "key_replay_counter"), "1");
        // Cut before the key data length: Scapy's dissection fails, and so the rest is Raw.
        let cut = frame(&k[..4 + 94]);
        assert_eq!(summary(&dissect(1, &cut)), "Ether / EAPOL EAPOL-Key / Raw");
    }

    /// Lengths that undercount slice as Python slices (from the end), as in Scapy: an
    /// identity of length 3 - 5 is the bytes but the last two, which become Padding.
    #[test]
    fn lengths_below_the_header_slice_from_the_end() {
        let b = frame(&[1, 0, 0, 8, 2, 1, 0, 3, 1, b'a', b'b', b'c']);
        assert_eq!(
            summary(&dissect(1, &b)),
            "Ether / EAPOL / EAP Response Identity b'a' / Padding"
        );
        // LEAP with a count past the end: the challenge takes what there is.
        let b = frame(&[1, 0, 0, 11, 2, 1, 0, 0x20, 17, 1, 0, 0x30, b'a', b'b', b'c']);
        assert_eq!(field(&b, 2, "challenge_response"), "616263");
        assert_eq!(field(&b, 2, "username"), "b''");
        // A request without its method byte: Raw.
        let b = frame(&[1, 0, 0, 4, 1, 1, 0, 5]);
        assert_eq!(summary(&dissect(1, &b)), "Ether / EAPOL EAP-Packet / Raw");
    }
}
