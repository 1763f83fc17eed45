//! NTLM messages as Scapy 2.8.0's `scapy.layers.ntlm` dissects them inside a GSS-API
//! token: `NTLM Negotiate`, `NTLM Challenge` (with its `AV_PAIR` target information) and
//! `NTLM Authenticate` (an NTLMv2 response with its client challenge), each with the
//! version fields Scapy's heuristics find and its `Payload` read at the offsets the
//! header gives (Scapy's `_NTLMPayloadField`). A message too short for a fixed field
//! fails, as in Scapy; bytes after the last part are Raw.

use super::smb::{cstr_field, group, payload_group, payload_parts, utf16};
use crate::dissect::field::{
    enum_field, flag_set, held, int, named, raw, xstr, Field, FieldValue, Fields, Nested,
};
use crate::pyfmt::bytes_repr;

static FLAGS: &[&str] = &[
    "NEGOTIATE_UNICODE",
    "NEGOTIATE_OEM",
    "REQUEST_TARGET",
    "r10",
    "NEGOTIATE_SIGN",
    "NEGOTIATE_SEAL",
    "NEGOTIATE_DATAGRAM",
    "NEGOTIATE_LM_KEY",
    "r9",
    "NEGOTIATE_NTLM",
    "r8",
    "J",
    "NEGOTIATE_OEM_DOMAIN_SUPPLIED",
    "NEGOTIATE_OEM_WORKSTATION_SUPPLIED",
    "NEGOTIATE_LOCAL_CALL",
    "NEGOTIATE_ALWAYS_SIGN",
    "TARGET_TYPE_DOMAIN",
    "TARGET_TYPE_SERVER",
    "r6",
    "NEGOTIATE_EXTENDED_SESSIONSECURITY",
    "NEGOTIATE_IDENTIFY",
    "r5",
    "REQUEST_NON_NT_SESSION_KEY",
    "NEGOTIATE_TARGET_INFO",
    "r4",
    "NEGOTIATE_VERSION",
    "r3",
    "r2",
    "r1",
    "NEGOTIATE_128",
    "NEGOTIATE_KEY_EXCH",
    "NEGOTIATE_56",
];

const TYPES: &[(i64, &str)] = &[
    (1, "NEGOTIATE_MESSAGE"),
    (2, "CHALLENGE_MESSAGE"),
    (3, "AUTHENTICATE_MESSAGE"),
];

const AV_IDS: &[(i64, &str)] = &[
    (0, "MsvAvEOL"),
    (1, "MsvAvNbComputerName"),
    (2, "MsvAvNbDomainName"),
    (3, "MsvAvDnsComputerName"),
    (4, "MsvAvDnsDomainName"),
    (5, "MsvAvDnsTreeName"),
    (6, "MsvAvFlags"),
    (7, "MsvAvTimestamp"),
    (8, "MsvAvSingleHost"),
    (9, "MsvAvTargetName"),
    (10, "MsvAvChannelBindings"),
];

const AV_FLAGS: &[(i64, &str)] = &[
    (1, "constrained"),
    (2, "MIC integrity"),
    (4, "SPN from untrusted source"),
];

const TOKEN_IL: &[(i64, &str)] = &[
    (0, "Untrusted"),
    (0x1000, "Low"),
    (0x2000, "Medium"),
    (0x3000, "High"),
    (0x4000, "System"),
    (0x5000, "Protected process"),
];

static HOST_FLAGS: &[&str] = &["UAC-Restricted"];

/// Fixed fields read in order; any too short fails the message (`struct.error`).
struct Rd<'a> {
    d: &'a [u8],
    at: usize,
    nums: Vec<(&'static str, u64)>,
    f: Fields,
}

impl<'a> Rd<'a> {
    fn new(d: &'a [u8]) -> Self {
        Rd {
            d,
            at: 0,
            nums: Vec::new(),
            f: Vec::new(),
        }
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.d.get(self.at..self.at + n)?;
        self.at += n;
        Some(b)
    }
    /// A fixed-length string field: up to `n` bytes, as many as there are.
    fn fixed(&mut self, n: usize) -> &'a [u8] {
        let e = (self.at + n).min(self.d.len());
        let b = &self.d[self.at..e];
        self.at = e;
        b
    }
    fn le(&mut self, name: &'static str, n: usize) -> Option<u64> {
        let b = self.take(n)?;
        let v = b.iter().rev().fold(0u64, |a, &c| (a << 8) | c as u64);
        self.nums.push((name, v));
        Some(v)
    }
    fn int(&mut self, name: &'static str, n: usize) -> Option<u64> {
        let v = self.le(name, n)?;
        self.f.push((name, int(v as i64)));
        Some(v)
    }
    fn num(&self, name: &str) -> Option<u64> {
        self.nums.iter().find(|x| x.0 == name).map(|x| x.1)
    }
    fn push(&mut self, name: &'static str, f: Field) {
        self.f.push((name, f));
    }
    fn rest(&self) -> &'a [u8] {
        &self.d[self.at..]
    }
}

/// `NTLM_Header(s)` with its `dispatch_hook`: the message, then Raw for any bytes after
/// it. None where Scapy's dissection fails.
pub fn message(s: &[u8]) -> Option<(Vec<Nested>, usize)> {
    let kind = if s.len() >= 10 {
        u16::from_le_bytes([s[8], s[9]])
    } else {
        0
    };
    let mut r = Rd::new(s);
    let sig = r.fixed(8);
    let end = sig.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    r.push(
        "Signature",
        Field {
            value: FieldValue::Bytes(sig.to_vec()),
            show: bytes_repr(&sig[..end]),
        },
    );
    let t = r.le("MessageType", 4)?;
    r.push("MessageType", enum_field(t as i64, TYPES));
    let (class, display, used) = match kind {
        1 => ("NTLM_NEGOTIATE", "NTLM Negotiate", negotiate(&mut r)?),
        2 => ("NTLM_CHALLENGE", "NTLM Challenge", challenge(&mut r)?),
        3 => (
            "NTLM_AUTHENTICATE_V2",
            "NTLM Authenticate",
            authenticate(&mut r)?,
        ),
        _ => ("NTLM_Header", "NTLM Header", r.at),
    };
    Some((
        vec![Nested {
            class,
            display,
            fields: r.f,
        }],
        used,
    ))
}

fn flags(r: &mut Rd) -> Option<u64> {
    let v = r.le("NegotiateFlags", 4)?;
    r.push("NegotiateFlags", flag_set(v as u32, &FLAGS));
    Some(v)
}

/// A `Len`, `MaxLen`, `BufferOffset` triple.
fn triple(r: &mut Rd, len: &'static str, max: &'static str, off: &'static str) -> Option<()> {
    r.int(len, 2)?;
    r.int(max, 2)?;
    r.int(off, 4)?;
    Some(())
}

/// The version fields, when Scapy's heuristic finds them.
fn version(r: &mut Rd, present: bool) -> Option<()> {
    if !present {
        return Some(());
    }
    r.int("ProductMajorVersion", 1)?;
    r.int("ProductMinorVersion", 1)?;
    r.int("ProductBuild", 2)?;
    r.int("res_ver", 3)?;
    let v = r.le("NTLMRevisionCurrent", 1)?;
    r.push("NTLMRevisionCurrent", enum_field(v as i64, &[(15, "v15")]));
    Some(())
}

/// How a part of the payload is read.
#[derive(Clone, Copy)]
enum P {
    /// A StrField: bytes.
    Str,
    /// `_NTLMStrField`: UTF-16 when NEGOTIATE_UNICODE is set, else bytes.
    Text,
    /// An XStrField: hex.
    Hex,
    AvPairs,
    LmV2,
    NtV2,
}

/// The `Payload` field: each part at the offset its header field gives (counted from
/// `base`), for its length. Returns the bytes used; None where a part Scapy reads with
/// a PacketField fails.
fn payload(r: &mut Rd, base: u64, parts: &[(&'static str, P)]) -> Option<usize> {
    let remain = r.rest();
    if remain.is_empty() {
        r.push("Payload", group(vec![], vec![]));
        return Some(r.at);
    }
    let unicode = r.num("NegotiateFlags").unwrap_or(0) & 1 == 1;
    let num = |name: String| {
        r.nums
            .iter()
            .find(|x| x.0 == name)
            .map_or(0, |x| x.1 as i64)
    };
    let offsets: Vec<i64> = parts
        .iter()
        .map(|(n, _)| num(format!("{n}BufferOffset")) - base as i64)
        .collect();
    let lens: Vec<Option<i64>> = parts
        .iter()
        .map(|(n, _)| Some(num(format!("{n}Len"))))
        .collect();
    let (present, used) = payload_parts(remain, &offsets, &lens);
    let mut items = Vec::new();
    for (i, off, b) in present {
        let (name, kind) = parts[i];
        let f = match kind {
            P::Str => cstr_field(b),
            P::Text if unicode => utf16(b),
            P::Text => cstr_field(b),
            P::Hex => xstr(b),
            P::AvPairs => crate::dissect::field::packets(av_pairs(b)),
            P::LmV2 => held(lmv2(b)),
            // Scapy's PacketField lets the error through.
            P::NtV2 => held(ntv2(b)?),
        };
        items.push((name, off, f));
    }
    r.push("Payload", payload_group(items));
    Some(r.at + used)
}

fn negotiate(r: &mut Rd) -> Option<usize> {
    flags(r)?;
    triple(
        r,
        "DomainNameLen",
        "DomainNameMaxLen",
        "DomainNameBufferOffset",
    )?;
    triple(
        r,
        "WorkstationNameLen",
        "WorkstationNameMaxLen",
        "WorkstationNameBufferOffset",
    )?;
    let off = r.num("DomainNameBufferOffset").unwrap_or(0);
    let probe = if off == 0 { r.d.len() as u64 } else { off };
    version(r, probe > 32)?;
    let base = if off == 0 || off > 32 { 40 } else { 32 };
    payload(
        r,
        base,
        &[("DomainName", P::Str), ("WorkstationName", P::Str)],
    )
}

fn challenge(r: &mut Rd) -> Option<usize> {
    triple(
        r,
        "TargetNameLen",
        "TargetNameMaxLen",
        "TargetNameBufferOffset",
    )?;
    flags(r)?;
    let c = r.fixed(8);
    r.push("ServerChallenge", xstr(c));
    let c = r.fixed(8);
    r.push("Reserved", xstr(c));
    triple(
        r,
        "TargetInfoLen",
        "TargetInfoMaxLen",
        "TargetInfoBufferOffset",
    )?;
    let off = r.num("TargetInfoBufferOffset").unwrap_or(0);
    let off = if off == 0 { 56 } else { off };
    version(r, off > 40)?;
    let base = if off <= 48 { 48 } else { 56 };
    payload(
        r,
        base,
        &[("TargetName", P::Text), ("TargetInfo", P::AvPairs)],
    )
}

fn authenticate(r: &mut Rd) -> Option<usize> {
    for (l, m, o) in [
        (
            "LmChallengeResponseLen",
            "LmChallengeResponseMaxLen",
            "LmChallengeResponseBufferOffset",
        ),
        (
            "NtChallengeResponseLen",
            "NtChallengeResponseMaxLen",
            "NtChallengeResponseBufferOffset",
        ),
        (
            "DomainNameLen",
            "DomainNameMaxLen",
            "DomainNameBufferOffset",
        ),
        ("UserNameLen", "UserNameMaxLen", "UserNameBufferOffset"),
        (
            "WorkstationLen",
            "WorkstationMaxLen",
            "WorkstationBufferOffset",
        ),
        (
            "EncryptedRandomSessionKeyLen",
            "EncryptedRandomSessionKeyMaxLen",
            "EncryptedRandomSessionKeyBufferOffset",
        ),
    ] {
        triple(r, l, m, o)?;
    }
    flags(r)?;
    let off = r.num("DomainNameBufferOffset").unwrap_or(0);
    let off = if off == 0 { 88 } else { off };
    version(r, off > 64)?;
    if off > 72 {
        let m = r.fixed(16);
        r.push("MIC", xstr(m));
    }
    let base = if off <= 64 {
        64
    } else if off <= 72 {
        72
    } else {
        88
    };
    payload(
        r,
        base,
        &[
            ("LmChallengeResponse", P::LmV2),
            ("NtChallengeResponse", P::NtV2),
            ("DomainName", P::Text),
            ("UserName", P::Text),
            ("Workstation", P::Text),
            ("EncryptedRandomSessionKey", P::Hex),
        ],
    )
}

/// `LMv2_RESPONSE`: two fixed strings; what is left is Raw after it.
fn lmv2(b: &[u8]) -> Vec<Nested> {
    let mut r = Rd::new(b);
    let resp = r.fixed(16);
    r.push("Response", fixed(resp));
    let ch = r.fixed(8);
    r.push("ChallengeFromClient", fixed(ch));
    let mut list = vec![Nested {
        class: "LMv2_RESPONSE",
        display: "LMv2_RESPONSE",
        fields: r.f,
    }];
    if r.at < b.len() {
        list.push(raw(&b[r.at..]));
    }
    list
}

/// A StrFixedLenField: shown without its trailing NULs.
fn fixed(b: &[u8]) -> Field {
    crate::dissect::field::fixed_str(b)
}

/// `NTLMv2_RESPONSE`: the proof, then the client challenge with its AV pairs. None
/// where a fixed field is cut short.
fn ntv2(b: &[u8]) -> Option<Vec<Nested>> {
    let mut r = Rd::new(b);
    let p = r.fixed(16);
    r.push("NTProofStr", xstr(p));
    r.int("RespType", 1)?;
    r.int("HiRespType", 1)?;
    r.int("Reserved1", 2)?;
    r.int("Reserved2", 4)?;
    let t = r.le("TimeStamp", 8)?;
    r.push("TimeStamp", super::smb2::filetime(t));
    let c = r.fixed(8);
    r.push("ChallengeFromClient", fixed(c));
    r.int("Reserved3", 4)?;
    let rest = r.rest();
    r.push("AvPairs", crate::dissect::field::packets(av_pairs(rest)));
    Some(vec![Nested {
        class: "NTLMv2_RESPONSE",
        display: "NTLMv2_RESPONSE",
        fields: r.f,
    }])
}

/// A PacketListField of `AV_PAIR`s: one after another while bytes remain; one that
/// fails takes the rest as Raw.
fn av_pairs(mut b: &[u8]) -> Vec<Nested> {
    let mut list = Vec::new();
    while !b.is_empty() {
        match av_pair(b) {
            Some((n, used)) => {
                list.push(n);
                b = &b[used..];
            }
            None => {
                list.push(raw(b));
                break;
            }
        }
    }
    list
}

fn av_pair(b: &[u8]) -> Option<(Nested, usize)> {
    let mut r = Rd::new(b);
    let id = r.le("AvId", 2)?;
    r.push("AvId", enum_field(id as i64, AV_IDS));
    let len = r.int("AvLen", 2)? as usize;
    let value = match id {
        6 => {
            let v = r.le("Value", 4)?;
            enum_field(v as i64, AV_FLAGS)
        }
        7 => super::smb2::filetime(r.le("Value", 8)?),
        8 => held(vec![single_host(&mut r)?]),
        10 => xstr(r.fixed(len)),
        _ => utf16(r.fixed(len)),
    };
    r.push("Value", value);
    Some((
        Nested {
            class: "AV_PAIR",
            display: "NTLM AV Pair",
            fields: r.f,
        },
        r.at,
    ))
}

fn single_host(r: &mut Rd) -> Option<Nested> {
    let mut s = Rd::new(r.rest());
    let size = s.int("Size", 4)?;
    s.int("Z4", 4)?;
    let f = s.le("Flags", 4)?;
    s.push("Flags", flag_set(f as u32, &HOST_FLAGS));
    let il = s.le("TokenIL", 4)?;
    s.push(
        "TokenIL",
        match TOKEN_IL.iter().find(|(k, _)| *k == il as i64) {
            Some((_, n)) => named(il as i64, n.to_string()),
            None => int(il as i64),
        },
    );
    let m = s.fixed(32);
    s.push("MachineID", xstr(m));
    if size > 48 {
        let m = s.fixed(32);
        s.push("PermanentMachineID", xstr(m));
    }
    r.at += s.at;
    Some(Nested {
        class: "Single_Host_Data",
        display: "Single_Host_Data",
        fields: s.f,
    })
}
