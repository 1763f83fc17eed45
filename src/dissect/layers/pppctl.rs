//! PPP's control protocols as Scapy 2.8.0's `scapy.layers.ppp` dissects them: LCP
//! (`PPP_LCP_Configure`, `PPP_LCP_Echo`, ... with `LCP Configure-Request` summaries), IPCP,
//! PAP and CHAP (with the user names and challenges in their summaries), and the tag
//! list of PPPoE discovery packets.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, hex, int, packets, Fields, Nested};
use crate::dissect::view::be16;
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::bytes_repr;

const MODULE: &str = "scapy.layers.ppp";
const LCP: &str = "PPP Link Control Protocol";
const PAP: &str = "PPP Password Authentication Protocol";
const CHAP: &str = "PPP Challenge Handshake Authentication Protocol";

/// The classes, by the index `Proto::PppCtl` carries.
static CLASSES: &[Class] = &[
    Class::new("PPP_LCP", LCP, MODULE),
    Class::new("PPP_LCP_Configure", LCP, MODULE),
    Class::new("PPP_LCP_Terminate", LCP, MODULE),
    Class::new("PPP_LCP_Code_Reject", LCP, MODULE),
    Class::new("PPP_LCP_Protocol_Reject", LCP, MODULE),
    Class::new("PPP_LCP_Echo", LCP, MODULE),
    Class::new("PPP_LCP_Discard_Request", LCP, MODULE),
    Class::new("PPP_IPCP", "PPP_IPCP", MODULE),
    Class::new("PPP_PAP", PAP, MODULE),
    Class::new("PPP_PAP_Request", PAP, MODULE),
    Class::new("PPP_PAP_Response", PAP, MODULE),
    Class::new("PPP_CHAP", CHAP, MODULE),
    Class::new("PPP_CHAP_ChallengeResponse", CHAP, MODULE),
    Class::new("PPPoED_Tags", "PPPoE Tag List", MODULE),
];

const IPCP: u8 = 7;
const PAP_GENERIC: u8 = 8;
const PAP_REQUEST: u8 = 9;
const PAP_RESPONSE: u8 = 10;
const CHAP_GENERIC: u8 = 11;
const CHAP_CR: u8 = 12;
pub const TAGS: u8 = 13;

pub static PPP_CTL: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::PppCtl(k) => &CLASSES[(k as usize).min(CLASSES.len() - 1)],
        _ => &CLASSES[0],
    },
    fields,
    summary,
};

/// PPP protocol 0xc021: LCP, its class by code.
pub fn parse_lcp(w: &mut Walk) -> Next {
    let kind = match w.here().first() {
        Some(1..=4) => 1,
        Some(5 | 6) => 2,
        Some(7) => 3,
        Some(8) => 4,
        Some(9 | 10) => 5,
        Some(11) => 6,
        _ => 0,
    };
    // Echo and Discard carry a magic number; a Protocol-Reject the rejected protocol.
    let min = match kind {
        5 | 6 => 8,
        4 => 6,
        _ => 4,
    };
    control(w, kind, min, true)
}

/// PPP protocol 0x8021: IPCP. Bytes past its length are Raw, not Padding.
pub fn parse_ipcp(w: &mut Walk) -> Next {
    control(w, IPCP, 4, false)
}

/// PPP protocol 0xc023: PAP.
pub fn parse_pap(w: &mut Walk) -> Next {
    let (kind, min) = match w.here().first() {
        Some(1) => (PAP_REQUEST, 6),
        Some(2 | 3) => (PAP_RESPONSE, 5),
        _ => (PAP_GENERIC, 4),
    };
    control(w, kind, min, true)
}

/// PPP protocol 0xc223: CHAP.
pub fn parse_chap(w: &mut Walk) -> Next {
    let (kind, min) = match w.here().first() {
        Some(1 | 2) => (CHAP_CR, 5),
        _ => (CHAP_GENERIC, 4),
    };
    control(w, kind, min, true)
}

/// A control packet: code, id, length, then its data up to the length; `padding`: what
/// follows is Padding (Scapy's `extract_padding`), else Raw.
fn control(w: &mut Walk, kind: u8, min: usize, padding: bool) -> Next {
    let d = w.here();
    if d.len() < min {
        return Next::Raw;
    }
    let len = (be16(d, 2) as usize).clamp(4, d.len());
    if padding {
        w.cut(w.at + len);
    }
    w.push(Proto::PppCtl(kind), len);
    Next::Raw
}

/// PPPoE discovery with type 1: the tag list, to the end of the payload.
pub fn parse_tags(w: &mut Walk) -> Next {
    if w.rest() == 0 {
        return Next::Done;
    }
    w.push(Proto::PppCtl(TAGS), w.rest());
    Next::Done
}

const CODES: &[(i64, &str)] = &[
    (1, "Configure-Request"),
    (2, "Configure-Ack"),
    (3, "Configure-Nak"),
    (4, "Configure-Reject"),
    (5, "Terminate-Request"),
    (6, "Terminate-Ack"),
    (7, "Code-Reject"),
    (8, "Protocol-Reject"),
    (9, "Echo-Request"),
    (10, "Echo-Reply"),
    (11, "Discard-Request"),
];
const PAP_CODES: &[(i64, &str)] = &[
    (1, "Authenticate-Request"),
    (2, "Authenticate-Ack"),
    (3, "Authenticate-Nak"),
];
const CHAP_CODES: &[(i64, &str)] = &[
    (1, "Challenge"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
];
const TAG_TYPES: &[(i64, &str)] = &[
    (0x0000, "End-Of-List"),
    (0x0101, "Service-Name"),
    (0x0102, "AC-Name"),
    (0x0103, "Host-Uniq"),
    (0x0104, "AC-Cookie"),
    (0x0105, "Vendor-Specific"),
    (0x0106, "Credits"),
    (0x0107, "Metrics"),
    (0x0108, "Sequence Number"),
    (0x0109, "Credit Scale Factor"),
    (0x0110, "Relay-Session-Id"),
    (0x0120, "PPP-Max-Payload"),
    (0x0201, "Service-Name-Error"),
    (0x0202, "AC-System-Error"),
    (0x0203, "Generic-Error"),
];

/// A length-prefixed (one byte) string at `at`, cut at the end: (its bytes, the end).
fn counted(b: &[u8], at: usize) -> (&[u8], usize) {
    let n = b.get(at).copied().unwrap_or(0) as usize;
    let s = b.get(at + 1..).map_or(&[][..], |r| &r[..n.min(r.len())]);
    (s, at + 1 + s.len())
}

/// The tags of a discovery packet: type, length, value each.
fn tags(b: &[u8]) -> Vec<Nested> {
    let mut out = Vec::new();
    let mut r = b;
    while r.len() >= 4 {
        let n = be16(r, 2) as usize;
        let v = &r[4..(4 + n).min(r.len())];
        out.push(Nested {
            class: "PPPoETag",
            display: "PPPoE Tag",
            fields: vec![
                ("tag_type", enum_field(be16(r, 0), TAG_TYPES)),
                ("tag_len", int(n as i64)),
                ("tag_value", bytes(v)),
            ],
        });
        r = &r[4 + v.len()..];
    }
    if !r.is_empty() {
        out.push(Nested {
            class: "Raw",
            display: "Raw",
            fields: vec![("load", bytes(r))],
        });
    }
    out
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let b = l.header(p.data);
    let Proto::PppCtl(kind) = l.proto else {
        return vec![];
    };
    if kind == TAGS {
        return vec![("tag_list", packets(tags(b)))];
    }
    let table = match kind {
        PAP_GENERIC..=PAP_RESPONSE => PAP_CODES,
        CHAP_GENERIC | CHAP_CR => CHAP_CODES,
        _ => CODES,
    };
    let mut f = vec![
        ("code", enum_field(b[0], table)),
        ("id", hex(b[1])),
        ("len", int(be16(b, 2))),
    ];
    match kind {
        PAP_REQUEST => {
            let (user, at) = counted(b, 4);
            let (pass, _) = counted(b, at);
            f.extend([
                ("username_len", int(user.len() as i64)),
                ("username", bytes(user)),
                ("passwd_len", int(pass.len() as i64)),
                ("password", bytes(pass)),
            ]);
        }
        PAP_RESPONSE => {
            let (msg, _) = counted(b, 4);
            f.extend([("msg_len", int(msg.len() as i64)), ("message", bytes(msg))]);
        }
        CHAP_CR => {
            let (value, at) = counted(b, 4);
            let mut v = bytes(value);
            v.show = value.iter().map(|c| format!("{c:02x}")).collect();
            f.extend([
                ("value_size", int(value.len() as i64)),
                ("value", v),
                ("optional_name", bytes(b.get(at..).unwrap_or(&[]))),
            ]);
        }
        // A header cut before its magic number (found by the dissect fuzz target) keeps
        // what is there as data.
        5 | 6 if b.len() >= 8 => f.extend([
            ("magic_number", int(crate::dissect::view::be32(b, 4))),
            ("data", bytes(&b[8..])),
        ]),
        _ => f.push(("data", bytes(&b[4..]))),
    }
    f
}

fn summary(p: &Packet, i: usize) -> String {
    let Proto::PppCtl(kind) = p.layers()[i].proto else {
        return String::new();
    };
    let b = p.layers()[i].header(p.data);
    match kind {
        0..=6 => format!("LCP {}", enum_field(b[0], CODES).show),
        PAP_REQUEST => {
            let (user, at) = counted(b, 4);
            let (pass, _) = counted(b, at);
            format!(
                "PAP-Request username={} password={}",
                bytes_repr(user),
                bytes_repr(pass)
            )
        }
        PAP_RESPONSE => {
            let (msg, _) = counted(b, 4);
            let head = if b[0] == 2 { "PAP-Ack" } else { "PAP-Nak" };
            if msg.is_empty() {
                head.into()
            } else {
                format!("{head} msg={}", bytes_repr(msg))
            }
        }
        CHAP_CR => {
            let (value, at) = counted(b, 4);
            let hexv: String = value.iter().map(|c| format!("{c:02x}")).collect();
            let what = if b[0] == 1 { "challenge" } else { "response" };
            format!(
                "CHAP {what}=0x{hexv} optional_name={}",
                bytes_repr(b.get(at..).unwrap_or(&[]))
            )
        }
        CHAP_GENERIC if matches!(b[0], 3 | 4) => format!(
            "CHAP {} message={}",
            if b[0] == 3 { "Success" } else { "Failure" },
            bytes_repr(&b[4..])
        ),
        TAGS => {
            // Scapy's sprintf writes `??` for the Raw left after the last whole tag.
            let names: Vec<String> = tags(b)
                .iter()
                .map(|t| match t.class {
                    "PPPoETag" => t.fields[0].1.show.clone(),
                    _ => "??".into(),
                })
                .collect();
            format!("PPPoE Tags{}", names.join(", "))
        }
        _ => no_summary(p, i),
    }
}
