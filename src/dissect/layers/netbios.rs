//! NetBIOS name service (RFC 1002) on UDP port 137, as Scapy 2.8.0's
//! `scapy.layers.netbios` dissects it: `NBNSHeader`, then the message its opcode, flags
//! and counts name (query request and response, node status request and response,
//! registration request, wait-for-acknowledgement response), else `Raw`; and the
//! datagram service on UDP port 138 (`NBTDatagram`), whose SMB `smb.rs` reads; and the
//! session service on TCP ports 139 and 445 (`NBTSession`), whose SMB 1 `smb.rs` and
//! SMB 2 `smb2.rs` read.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{
    enum_field, fixed_str, flag_names, int, named, packets, text, xstr, Field, Fields, Nested,
};
use crate::dissect::view::{addr4, be16, be32, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{decode_backslash, ipv4_str, mac_str};

const MODULE: &str = "scapy.layers.netbios";

/// The messages, in the order of `MESSAGES`' class indexes.
const QUERY_REQUEST: u8 = 0;
const QUERY_RESPONSE: u8 = 1;
const STATUS_REQUEST: u8 = 2;
const STATUS_RESPONSE: u8 = 3;
const REGISTRATION: u8 = 4;
const WACK: u8 = 5;

pub static NBNS: Ops = Ops {
    classes: &[Class::new("NBNSHeader", "NBNS Header", MODULE)],
    class: |_| &NBNS.classes[0],
    fields: header_fields,
    summary: no_summary,
};

pub static DATAGRAM: Ops = Ops {
    classes: &[Class::new("NBTDatagram", "NBT Datagram Packet", MODULE)],
    class: |_| &DATAGRAM.classes[0],
    fields: datagram_fields,
    summary: no_summary,
};

pub static SESSION: Ops = Ops {
    classes: &[Class::new("NBTSession", "NBT Session Packet", MODULE)],
    class: |_| &SESSION.classes[0],
    fields: session_fields,
    summary: no_summary,
};

pub static MESSAGES: Ops = Ops {
    classes: &[
        Class::new("NBNSQueryRequest", "NBNS query request", MODULE),
        Class::new("NBNSQueryResponse", "NBNS query response", MODULE),
        Class::new("NBNSNodeStatusRequest", "NBNS status request", MODULE),
        Class::new(
            "NBNSNodeStatusResponse",
            "NBNS Node Status Response",
            MODULE,
        ),
        Class::new(
            "NBNSRegistrationRequest",
            "NBNS registration request",
            MODULE,
        ),
        Class::new(
            "NBNSWackResponse",
            "NBNS Wait for Acknowledgement Response",
            MODULE,
        ),
    ],
    class: |p| match p {
        Proto::Nbns(k) => &MESSAGES.classes[(k as usize).min(5)],
        _ => &MESSAGES.classes[0],
    },
    fields: message_fields,
    summary,
};

view!(
    /// The 12-byte header: transaction id, flags, four counts.
    Header,
    12
);

impl Header<'_> {
    fn flags(&self) -> u16 {
        be16(self.0, 2)
    }
    fn response(&self) -> bool {
        self.flags() >> 15 == 1
    }
    fn opcode(&self) -> u16 {
        (self.flags() >> 11) & 0xf
    }
    fn nm_flags(&self) -> u16 {
        (self.flags() >> 4) & 0x7f
    }
    fn count(&self, i: usize) -> u16 {
        be16(self.0, 4 + 2 * i)
    }
}

/// The name, suffix, NULL, type and class every message starts with.
const QUESTION: usize = 38;

/// The message Scapy's bindings pick for a header, first match wins.
fn message_kind(h: &Header) -> Option<u8> {
    let (op, nm, resp) = (h.opcode(), h.nm_flags(), h.response());
    let (qd, an) = (h.count(0), h.count(1));
    if op == 0 && nm == 0x11 && qd == 1 {
        Some(QUERY_REQUEST)
    } else if op == 0 && matches!(nm, 0x50 | 0x58 | 0x70 | 0x78) && resp && an == 1 {
        Some(QUERY_RESPONSE)
    } else if op == 0 && matches!(nm, 0 | 1) && qd == 1 {
        Some(STATUS_REQUEST)
    } else if op == 0 && nm == 0x40 && resp && an == 1 {
        Some(STATUS_RESPONSE)
    } else if op == 5 {
        Some(REGISTRATION)
    } else if op == 7 && nm == 0x40 && resp && an == 1 {
        Some(WACK)
    } else {
        None
    }
}

/// How many bytes a message takes, or None where Scapy's dissection fails (too short).
fn message_len(kind: u8, m: &[u8]) -> Option<usize> {
    let need = |n: usize| (m.len() >= n).then_some(n);
    match kind {
        QUERY_REQUEST | STATUS_REQUEST => need(QUESTION),
        QUERY_RESPONSE => {
            let fixed = need(QUESTION + 6)?;
            let rdlen = be16(m, QUESTION + 4) as usize;
            Some(fixed + rdlen.min(m.len() - fixed))
        }
        STATUS_RESPONSE => {
            let fixed = need(QUESTION + 7)?;
            let names = fixed + 18 * m[QUESTION + 6] as usize;
            let mac = need(names + 6)?;
            Some(mac + (m.len() - mac).min(46))
        }
        REGISTRATION => need(QUESTION + 18),
        _ => need(QUESTION + 8),
    }
}

pub fn parse_nbns(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let kind = message_kind(&h);
    w.push(Proto::NbnsHeader, 12);
    let Some(kind) = kind else {
        return Next::Raw;
    };
    if let Some(len) = message_len(kind, w.here()) {
        w.push(Proto::Nbns(kind), len);
    }
    Next::Raw
}

/// A NetBIOS datagram header (RFC 1002 4.4.1) with its two names: 82 bytes, or Raw.
const DATAGRAM_LEN: usize = 82;

/// UDP port 138: the datagram header, then what Scapy's SMB dispatcher makes of the rest.
pub fn parse_datagram(w: &mut Walk) -> Next {
    if w.here().len() < DATAGRAM_LEN {
        return Next::Raw;
    }
    w.push(Proto::NbtDatagram, DATAGRAM_LEN);
    Next::Parse(super::smb::parse)
}

/// A session message's header: its type, then 7 reserved bits and a 17-bit length.
const SESSION_LEN: usize = 4;

/// TCP port 139 or 445 (either side): every segment starts an `NBTSession` for Scapy,
/// which reads no stream; its payload is `LENGTH` bytes (the rest is Padding) and goes
/// to the SMB dispatcher.
pub fn parse_session(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < SESSION_LEN {
        return Next::Raw;
    }
    let len = (be32(d, 0) & 0x1ffff) as usize;
    w.push(Proto::NbtSession, SESSION_LEN);
    w.cut(w.at + len.min(w.rest()));
    if w.rest() == 0 {
        return Next::Done;
    }
    Next::Parse(super::smb::parse)
}

const SESSION_TYPES: &[(i64, &str)] = &[
    (0x00, "Session Message"),
    (0x81, "Session Request"),
    (0x82, "Positive Session Response"),
    (0x83, "Negative Session Response"),
    (0x84, "Retarget Session Response"),
    (0x85, "Session Keepalive"),
];

fn session_fields(p: &Packet, i: usize) -> Fields {
    let d = p.layers()[i].header(p.data);
    if d.len() < SESSION_LEN {
        return vec![];
    }
    vec![
        ("TYPE", enum_field(d[0], SESSION_TYPES)),
        ("RESERVED", int(d[1] >> 1)),
        ("LENGTH", int(be32(d, 0) & 0x1ffff)),
    ]
}

fn datagram_fields(p: &Packet, i: usize) -> Fields {
    let d = p.layers()[i].header(p.data);
    if d.len() < DATAGRAM_LEN {
        return vec![];
    }
    let name = |at: usize, n: [&'static str; 3]| -> Fields {
        vec![
            (n[0], fixed_name(&d[at..at + 31])),
            (n[1], enum_field(be16(d, at + 31), SUFFIXES)),
            (n[2], int(d[at + 33])),
        ]
    };
    let mut f = vec![
        ("Type", int(d[0])),
        ("Flags", int(d[1])),
        ("ID", int(be16(d, 2))),
        ("SourceIP", text(ipv4_str(&addr4(d, 4)))),
        ("SourcePort", int(be16(d, 8))),
        ("Length", int(be16(d, 10))),
        ("Offset", int(be16(d, 12))),
    ];
    f.extend(name(14, ["SourceName", "SUFFIX1", "NULL1"]));
    f.extend(name(48, ["DestinationName", "SUFFIX2", "NULL2"]));
    f
}

const NM_FLAGS: &[&str] = &["B", "res1", "res0", "RA", "RD", "TC", "AA"];

fn header_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let nm = h.nm_flags();
    vec![
        ("NAME_TRN_ID", int(be16(h.0, 0))),
        ("RESPONSE", int(h.response() as u8)),
        ("OPCODE", int(h.opcode())),
        ("NM_FLAGS", named(nm, flag_names(nm as u64, NM_FLAGS))),
        ("RCODE", int(h.flags() & 0xf)),
        ("QDCOUNT", int(h.count(0))),
        ("ANCOUNT", int(h.count(1))),
        ("NSCOUNT", int(h.count(2))),
        ("ARCOUNT", int(h.count(3))),
    ]
}

/// Scapy's NetBIOSNameField: the first-level encoding of RFC 1001 undone, trailing
/// spaces cut.
fn netbios_name(f: &[u8]) -> Vec<u8> {
    let x = f.get(1..).unwrap_or(&[]);
    let start = x.iter().position(|&c| c != 0).unwrap_or(x.len());
    let end = x.iter().rposition(|&c| c != 0).map_or(start, |i| i + 1);
    let x = &x[start..end];
    let mut name: Vec<u8> = x
        .chunks_exact(2)
        .map(|p| ((p[0].wrapping_sub(1) & 0xf) << 4) + (p[1].wrapping_sub(1) & 0xf))
        .collect();
    while name.last() == Some(&b' ') {
        name.pop();
    }
    name
}

const SUFFIXES: &[(i64, &str)] = &[
    (0x4141, "Workstation Service"),
    (0x4142, "Messenger Service"),
    (0x4144, "Messenger service"),
    (0x4147, "RAS Server Service"),
    (0x415c, "Exchange MTA"),
    (0x4160, "NetDDE Service"),
    (0x4161, "File Server Service"),
    (0x4162, "RAS Client Service"),
    (0x4163, "Exchange Interchange Service"),
    (0x4164, "Exchange Store"),
    (0x4165, "Exchange Directory"),
    (0x4171, "Modern Sharing Server Service"),
    (0x4172, "Modern Sharing Client Service"),
    (0x4184, "SMS Client Remote Control"),
    (0x4185, "SMS Admin Remote Control Tool"),
    (0x4186, "SMS Client Remote Chat"),
    (0x4187, "SMS Client Remote Transfer"),
    (0x418d, "DEC Pathworks TCP/IP Service"),
    (0x4193, "DEC Pathworks TCP/IP Service"),
    (0x41ab, "Exchange IMC"),
    (0x41c8, "Exchange MTA"),
    (0x41ff, "Network Monitor Agent"),
    (0x4200, "Network Monitor Apps"),
    (0x424c, "Domain Master Browser"),
    (0x424d, "Domain Controller"),
    (0x424f, "Browser Election Service"),
    (0x4341, "File Server Service"),
];
const QRTYPES: &[(i64, &str)] = &[(0x20, "NB"), (0x21, "NBSTAT")];
const QRCLASS: &[(i64, &str)] = &[(1, "INTERNET")];
const GNAMES: &[(i64, &str)] = &[(0, "Unique name"), (1, "Group name")];
const OWNER_TYPES: &[(i64, &str)] = &[(0, "B node"), (1, "P node"), (2, "M node"), (3, "H node")];

/// The fields every message starts with; `names`: the name, type and class fields' names.
fn question(m: &[u8], names: [&'static str; 3]) -> Fields {
    vec![
        (names[0], fixed_name(&m[..31])),
        ("SUFFIX", enum_field(be16(m, 31), SUFFIXES)),
        ("NULL", int(m[33])),
        (names[1], enum_field(be16(m, 34), QRTYPES)),
        (names[2], enum_field(be16(m, 36), QRCLASS)),
    ]
}

/// The name as a script reads it (all of it) and as Scapy shows it (StrFixedLenField's
/// repr leaves out trailing NULs).
fn fixed_name(f: &[u8]) -> Field {
    fixed_str(&netbios_name(f))
}

/// G, OWNER_NODE_TYPE, UNUSED (a 16-bit word) and NB_ADDRESS.
fn address_entry(m: &[u8]) -> Fields {
    let w = be16(m, 0);
    vec![
        ("G", enum_field(w >> 15, GNAMES)),
        ("OWNER_NODE_TYPE", enum_field((w >> 13) & 3, OWNER_TYPES)),
        ("UNUSED", enum_field(w & 0x1fff, &[(0, "Unused")])),
        ("NB_ADDRESS", text(ipv4_str(&addr4(m, 2)))),
    ]
}

fn message_fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let m = l.header(p.data);
    let Proto::Nbns(kind) = l.proto else {
        return vec![];
    };
    if message_len(kind, m).is_none() {
        return vec![];
    }
    let rr = ["RR_NAME", "RR_TYPE", "RR_CLASS"];
    match kind {
        QUERY_REQUEST | STATUS_REQUEST => {
            question(m, ["QUESTION_NAME", "QUESTION_TYPE", "QUESTION_CLASS"])
        }
        QUERY_RESPONSE => {
            let mut f = question(m, ["RR_NAME", "QUESTION_TYPE", "QUESTION_CLASS"]);
            let entries: Vec<Nested> = m[QUESTION + 6..]
                .chunks(6)
                .map(|e| {
                    if e.len() == 6 {
                        Nested {
                            class: "NBNS_ADD_ENTRY",
                            display: "NBNS_ADD_ENTRY",
                            fields: address_entry(e),
                        }
                    } else {
                        crate::dissect::field::raw(e)
                    }
                })
                .collect();
            f.extend([
                ("TTL", int(be32(m, QUESTION))),
                ("RDLENGTH", int(be16(m, QUESTION + 4))),
                ("ADDR_ENTRY", packets(entries)),
            ]);
            f
        }
        STATUS_RESPONSE => {
            let mut f = question(m, rr);
            let n = m[QUESTION + 6] as usize;
            let start = QUESTION + 7;
            let names: Vec<Nested> = m[start..start + 18 * n]
                .chunks(18)
                .map(|e| Nested {
                    class: "NBNSNodeStatusResponseService",
                    display: "NBNS Node Status Response Service",
                    fields: vec![
                        ("NETBIOS_NAME", fixed_str(&e[..15])),
                        ("SUFFIX", enum_field(e[15], SERVICE_SUFFIXES)),
                        ("NAME_FLAGS", int(e[16])),
                        ("UNUSED", enum_field(e[17], &[(0, "unused")])),
                    ],
                })
                .collect();
            let mac = start + 18 * n;
            f.extend([
                ("TTL", int(be32(m, QUESTION))),
                ("RDLENGTH", int(be16(m, QUESTION + 4))),
                ("NUM_NAMES", int(n as u8)),
                ("NODE_NAME", packets(names)),
                ("MAC_ADDRESS", text(mac_str(&m[mac..mac + 6]))),
                ("STATISTICS", xstr(&m[mac + 6..])),
            ]);
            f
        }
        REGISTRATION => {
            let mut f = question(m, ["QUESTION_NAME", "QUESTION_TYPE", "QUESTION_CLASS"]);
            let at = QUESTION;
            f.extend([
                (
                    "RR_NAME",
                    enum_field(
                        be16(m, at),
                        &[(0xc00c, "Label String Pointer to QUESTION_NAME")],
                    ),
                ),
                ("RR_TYPE", enum_field(be16(m, at + 2), QRTYPES)),
                ("RR_CLASS", enum_field(be16(m, at + 4), QRCLASS)),
                ("TTL", int(be32(m, at + 6))),
                ("RDLENGTH", int(be16(m, at + 10))),
            ]);
            f.extend(address_entry(&m[at + 12..]));
            f
        }
        _ => {
            let mut f = question(m, rr);
            f.extend([
                ("TTL", int(be32(m, QUESTION))),
                ("RDLENGTH", int(be16(m, QUESTION + 4))),
                ("RDATA", int(be16(m, QUESTION + 6))),
            ]);
            f
        }
    }
}

const SERVICE_SUFFIXES: &[(i64, &str)] = &[
    (0, "workstation"),
    (0x03, "messenger service"),
    (0x20, "file server service"),
    (0x1b, "domain master browser"),
    (0x1c, "domain controller"),
    (0x1e, "browser election service"),
];

fn summary(p: &Packet, i: usize) -> String {
    let l = p.layers()[i];
    let m = l.header(p.data);
    let Proto::Nbns(kind) = l.proto else {
        return String::new();
    };
    if message_len(kind, m).is_none() {
        return String::new();
    }
    let name = || decode_backslash(&netbios_name(&m[..31]));
    match kind {
        QUERY_REQUEST => format!("NBNSQueryRequest who has '\\\\{}'", name()),
        STATUS_REQUEST => format!("NBNSNodeStatusRequest who has '\\\\{}'", name()),
        QUERY_RESPONSE => match m.get(QUESTION + 6..QUESTION + 12) {
            Some(e) if be16(m, QUESTION + 4) >= 6 => {
                format!(
                    "NBNSQueryResponse '\\\\{}' is at {}",
                    name(),
                    ipv4_str(&addr4(e, 2))
                )
            }
            _ => "NBNSQueryResponse".into(),
        },
        REGISTRATION => {
            let g = if m[QUESTION + 12] >> 7 == 1 {
                "Group name"
            } else {
                "Unique name"
            };
            format!(
                "Register {g} {} at {}",
                fixed_name(&m[..31]).show,
                ipv4_str(&addr4(m, QUESTION + 14))
            )
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decode_as_rfc_1001() {
        // " FHFAEBEE" then padding spaces ("CA") and the suffix.
        let mut f = vec![0x20];
        f.extend_from_slice(b"FHFAEBEECACACACACACACACACACACA");
        assert_eq!(netbios_name(&f), b"WPAD");
    }
}
