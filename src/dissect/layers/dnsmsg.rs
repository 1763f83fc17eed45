//! DNS as Scapy 2.8.0 reads it: just enough to tell whether its dissection succeeds, where
//! its records end, and what its one-line summary says.

use crate::pyfmt::{bytes_repr, ipv6_str};

/// The decoded parts of a DNS message that the summary needs.
pub struct Dns {
    pub qr: bool,
    pub rcode: u8,
    /// The first question's name, if the first question parsed.
    pub qname: Option<Vec<u8>>,
    /// The first answer's rdata as Scapy prints it, if the first answer is a plain DNSRR.
    pub answer: Option<String>,
    /// The first answer's owner name (LLMNR's summary shows it).
    pub rrname: Option<Vec<u8>>,
    /// Bytes consumed by the message (what is left is a Raw payload).
    pub len: usize,
    pub questions: Vec<Question>,
    /// Answer, authority and additional records.
    pub sections: [Vec<Record>; 3],
}

pub struct Question {
    pub name: Vec<u8>,
    pub qtype: u16,
    pub qclass: u16,
}

/// A resource record: Scapy's class for it, and its common fields.
pub struct Record {
    pub class: &'static str,
    pub name: Vec<u8>,
    pub rtype: u16,
    pub rclass: u16,
    pub ttl: u32,
    /// The rdata of a plain DNSRR.
    pub rdata: Option<RData>,
    /// The rdata's bytes, as far as they were captured.
    pub raw: Vec<u8>,
}

pub enum RData {
    /// An address, written as text.
    Addr(String),
    /// A name or raw bytes.
    Bytes(Vec<u8>),
    /// TXT strings.
    Texts(Vec<Vec<u8>>),
}

/// Scapy's record class for a type.
fn record_class(t: u16) -> &'static str {
    match t {
        6 => "DNSRRSOA",
        13 => "DNSRRHINFO",
        15 => "DNSRRMX",
        33 => "DNSRRSRV",
        35 => "DNSRRNAPTR",
        41 => "DNSRROPT",
        43 => "DNSRRDS",
        46 => "DNSRRRSIG",
        47 => "DNSRRNSEC",
        48 => "DNSRRDNSKEY",
        50 => "DNSRRNSEC3",
        51 => "DNSRRNSEC3PARAM",
        64 => "DNSRRSVCB",
        65 => "DNSRRHTTPS",
        250 => "DNSRRTSIG",
        32769 => "DNSRRDLV",
        _ => "DNSRR",
    }
}

/// Would Scapy's DNS layer dissect these bytes without raising?
pub fn valid(d: &[u8], tcp: bool) -> bool {
    if tcp {
        if d.len() < 2 {
            return false;
        }
        let n = u16::from_be_bytes([d[0], d[1]]) as usize;
        if n < 14 || d.len() < n {
            return false;
        }
        d.len() >= 14
    } else {
        d.len() >= 12
    }
}

/// Scapy's `dns_get_str`: the name at `s[0..]`, following compression pointers into
/// `full`; returns the name and how many bytes of `s` it used.
pub(crate) fn get_name(s: &[u8], full: &[u8], ignore_compression: bool) -> (Vec<u8>, usize) {
    let mut name = Vec::new();
    let mut buf = s;
    let mut ptr = 0usize;
    let mut after: Option<usize> = None;
    let mut seen: Vec<usize> = Vec::new();
    let mut in_full = false;
    let mut used_in_s: Option<usize> = None;
    loop {
        if ptr >= buf.len() {
            break;
        }
        let cur = buf[ptr];
        ptr += 1;
        if cur & 0xc0 != 0 {
            if after.is_none() {
                after = Some(ptr + 1);
            }
            if ignore_compression {
                ptr += 1;
                continue;
            }
            if ptr >= buf.len() {
                break;
            }
            let target = (((cur & 0x3f) as usize) << 8) + buf[ptr] as usize;
            if seen.contains(&target) || seen.len() >= 20 {
                break;
            }
            if !in_full {
                used_in_s = after;
                buf = full;
                in_full = true;
            }
            seen.push(target);
            ptr = target;
            continue;
        } else if cur > 0 {
            let e = (ptr + cur as usize).min(buf.len());
            name.extend_from_slice(&buf[ptr..e]);
            name.push(b'.');
            ptr += cur as usize;
        } else {
            break;
        }
    }
    let used = match (used_in_s, after) {
        (Some(u), _) => u,
        (None, Some(a)) => a,
        (None, None) => ptr,
    };
    if name.is_empty() {
        name.push(b'.');
    }
    (name, used.min(s.len()))
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

/// Record types that Scapy dissects with a class other than DNSRR.
fn dispatched(t: u16) -> bool {
    matches!(
        t,
        6 | 13 | 15 | 33 | 35 | 41 | 43 | 46 | 47 | 48 | 50 | 51 | 64 | 65 | 250 | 32769
    )
}

/// Parses a message as Scapy does. `d` starts at the DNS layer (with the TCP length
/// prefix when `tcp`).
pub fn parse(d: &[u8], tcp: bool) -> Dns {
    let (msg, base) = if tcp { (&d[2..], 2) } else { (d, 0) };
    let mut out = Dns {
        qr: msg[2] & 0x80 != 0,
        rcode: msg[3] & 0x0f,
        qname: None,
        answer: None,
        rrname: None,
        len: d.len(),
        questions: Vec::new(),
        sections: [Vec::new(), Vec::new(), Vec::new()],
    };
    let counts = [
        be16(msg, 4).unwrap_or(0),
        be16(msg, 6).unwrap_or(0),
        be16(msg, 8).unwrap_or(0),
        be16(msg, 10).unwrap_or(0),
    ];
    let mut at = 12usize;
    // Questions.
    for i in 0..counts[0] {
        if at >= msg.len() {
            break;
        }
        let (name, used) = get_name(&msg[at..], msg, false);
        if msg.len() < at + used + 4 {
            at = msg.len(); // a record that fails to parse becomes Raw and takes the rest
            break;
        }
        if i == 0 {
            out.qname = Some(name.clone());
        }
        out.questions.push(Question {
            name,
            qtype: be16(msg, at + used).unwrap_or(0),
            qclass: be16(msg, at + used + 2).unwrap_or(0),
        });
        at += used + 4;
    }
    // Answers, authority, additional.
    for (section, &count) in counts[1..].iter().enumerate() {
        for i in 0..count {
            if at >= msg.len() {
                break;
            }
            let s = &msg[at..];
            let (_, nlen) = get_name(s, msg, true);
            let Some(rtype) = be16(s, nlen) else {
                at = msg.len();
                break;
            };
            let Some(rdlen) = be16(s, nlen + 8) else {
                at = msg.len();
                break;
            };
            let rrlen = nlen + 10 + rdlen as usize;
            let rec = &s[..rrlen.min(s.len())];
            let first = section == 0 && i == 0;
            let (owner, _) = get_name(rec, msg, false);
            let mut record = Record {
                class: record_class(rtype),
                name: owner,
                rtype,
                rclass: be16(s, nlen + 2).unwrap_or(0),
                ttl: s
                    .get(nlen + 4..nlen + 8)
                    .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
                rdata: None,
                raw: rec.get(nlen + 10..).unwrap_or(&[]).to_vec(),
            };
            if !dispatched(rtype) {
                match rdata(rec, msg, rtype, rdlen as usize) {
                    Some((owner, text)) => {
                        record.rdata = Some(rdata_value(rec, msg, rtype, rdlen as usize, &text));
                        out.sections[section].push(record);
                        if first {
                            out.answer = Some(text);
                            out.rrname = Some(owner);
                        }
                    }
                    None => {
                        at = msg.len();
                        break;
                    }
                }
            } else if rec.len() < nlen + 10 {
                at = msg.len();
                break;
            } else {
                out.sections[section].push(record);
            }
            at += rec.len();
        }
    }
    out.len = base + at.min(msg.len());
    out
}

/// A DNSRR's rdata as a value: addresses as text, names as bytes, TXT as a list.
fn rdata_value(rec: &[u8], msg: &[u8], rtype: u16, rdlen: usize, text: &str) -> RData {
    let (_, nlen) = get_name(rec, msg, false);
    let rd = &rec[(nlen + 10).min(rec.len())..];
    let rd = &rd[..rdlen.min(rd.len())];
    match rtype {
        1 | 28 => RData::Addr(text.to_string()),
        2 | 3 | 4 | 5 | 12 | 39 => RData::Bytes(get_name(rd, msg, false).0),
        16 => {
            let mut parts = Vec::new();
            let mut r = rd;
            while !r.is_empty() {
                let n = r[0] as usize + 1;
                parts.push(r[1..n.min(r.len())].to_vec());
                r = &r[n.min(r.len())..];
            }
            RData::Texts(parts)
        }
        _ => RData::Bytes(rd.to_vec()),
    }
}

/// A DNSRR's owner name and rdata as Scapy shows it, or None if Scapy's parse would fail.
fn rdata(rec: &[u8], msg: &[u8], rtype: u16, rdlen: usize) -> Option<(Vec<u8>, String)> {
    let (owner, nlen) = get_name(rec, msg, false);
    if rec.len() < nlen + 10 {
        return None;
    }
    let rd = &rec[nlen + 10..];
    let text = match rtype {
        1 => {
            let b = rd.get(..4)?;
            format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
        }
        28 => {
            let b: [u8; 16] = rd.get(..16)?.try_into().ok()?;
            ipv6_str(&b)
        }
        2 | 3 | 4 | 5 | 12 | 39 => {
            let r = &rd[..rdlen.min(rd.len())];
            bytes_repr(&get_name(r, msg, false).0)
        }
        16 => {
            let mut parts = Vec::new();
            let mut r = &rd[..rdlen.min(rd.len())];
            while !r.is_empty() {
                let n = r[0] as usize + 1;
                parts.push(bytes_repr(&r[1..n.min(r.len())]));
                r = &r[n.min(r.len())..];
            }
            format!("[{}]", parts.join(", "))
        }
        _ => bytes_repr(&rd[..rdlen.min(rd.len())]),
    };
    Some((owner, text))
}

/// DNS type names, as Scapy's `dnsqtypes`.
pub fn type_name(t: u16) -> String {
    let s = match t {
        1 => "A",
        2 => "NS",
        3 => "MD",
        4 => "MF",
        5 => "CNAME",
        6 => "SOA",
        7 => "MB",
        8 => "MG",
        9 => "MR",
        10 => "NULL",
        11 => "WKS",
        12 => "PTR",
        13 => "HINFO",
        14 => "MINFO",
        15 => "MX",
        16 => "TXT",
        17 => "RP",
        18 => "AFSDB",
        24 => "SIG",
        25 => "KEY",
        28 => "AAAA",
        29 => "LOC",
        33 => "SRV",
        35 => "NAPTR",
        37 => "CERT",
        39 => "DNAME",
        41 => "OPT",
        43 => "DS",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        50 => "NSEC3",
        51 => "NSEC3PARAM",
        52 => "TLSA",
        64 => "SVCB",
        65 => "HTTPS",
        99 => "SPF",
        250 => "TSIG",
        251 => "IXFR",
        252 => "AXFR",
        255 => "ALL",
        257 => "CAA",
        _ => return t.to_string(),
    };
    s.to_string()
}

/// DNS class names, as Scapy's `dnsclasses`.
pub fn class_name(c: u16) -> String {
    let s = match c {
        1 => "IN",
        2 => "CS",
        3 => "CH",
        4 => "HS",
        255 => "ANY",
        _ => return c.to_string(),
    };
    s.to_string()
}
