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
    /// The fields of a typed record Scapy reads past `rdlen` (SOA, MX, SRV).
    pub typed: Vec<(&'static str, Typed)>,
}

/// A field of a typed record as Scapy shows it.
pub enum Typed {
    /// A name (decompressed).
    Name(Vec<u8>),
    Int(u32),
    Bytes(Vec<u8>),
    /// A number shown by a name (an enumeration, a time, flags).
    Shown(u32, String),
    /// Bytes shown another way (NSEC's type bit maps as the list of types).
    Listed(Vec<u8>, String),
}

/// Scapy's RRlistField repr: the types a bit map holds, by name (`['NS', 'SOA']`), or
/// the bytes when the bit map does not decode.
fn type_list(b: &[u8]) -> String {
    if b.is_empty() {
        return "[]".into();
    }
    let mut types = Vec::new();
    let mut r = b;
    let bad = || crate::lang::value::Value::Bytes(b.to_vec().into()).repr();
    while !r.is_empty() {
        if r.len() < 2 || r[1] == 0 || r[1] > 32 {
            return bad();
        }
        let (window, len) = (r[0] as u32, r[1] as usize);
        let bits = &r[2..(2 + len).min(r.len())];
        for (i, &byte) in bits.iter().enumerate() {
            for k in 0..8 {
                if byte & (0x80 >> k) != 0 {
                    types.push(256 * window + i as u32 * 8 + k);
                }
            }
        }
        r = &r[(2 + len).min(r.len())..];
    }
    if types.is_empty() {
        return bad();
    }
    let shown: Vec<String> = types
        .iter()
        .map(|&t| {
            let n = type_name(t as u16);
            if n.bytes().all(|c| c.is_ascii_digit()) {
                n
            } else {
                format!("'{n}'")
            }
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

/// The DNSSEC algorithm numbers' names (IANA's registry, as Scapy names them).
fn dnssec_algorithm(n: u8) -> String {
    match n {
        0 | 4 | 9 | 11 | 255 => "Reserved",
        1 => "RSA/MD5",
        2 => "Diffie-Hellman",
        3 => "DSA/SHA-1",
        5 => "RSA/SHA-1",
        6 => "DSA-NSEC3-SHA1",
        7 => "RSASHA1-NSEC3-SHA1",
        8 => "RSA/SHA-256",
        10 => "RSA/SHA-512",
        12 => "GOST R 34.10-2001",
        13 => "ECDSA Curve P-256 with SHA-256",
        14 => "ECDSA Curve P-384 with SHA-384",
        15 => "Ed25519",
        16 => "Ed448",
        252 => "Reserved for Indirect Keys",
        253 => "Private algorithms - domain name",
        254 => "Private algorithms - OID",
        _ => return n.to_string(),
    }
    .to_string()
}

fn ds_digest(n: u8) -> String {
    match n {
        0 => "Reserved",
        1 => "SHA-1",
        2 => "SHA-256",
        3 => "GOST R 34.11-94",
        4 => "SHA-384",
        _ => return n.to_string(),
    }
    .to_string()
}

/// Scapy's UTCTimeField: `Sat, 04 Jun 2016 17:35:40  (1465061740)` (its `%z` of a naive
/// time is empty, hence the two spaces).
fn utc_time(secs: u32) -> String {
    format!("{}  ({secs})", crate::time::gmt_text(secs as i64))
}

/// One field of a typed record's rdata.
enum Step {
    /// A name.
    Name,
    /// A number of 1, 2 or 4 bytes, shown as it is or by the function.
    Num(usize, Option<fn(u32) -> String>),
    /// The rest of the rdata as bytes.
    Rest,
    /// Bytes as many as the number before says (as far as they go).
    Sized,
    /// TSIG's 48-bit time, which Scapy reads as its first 16 bits plus its last 32.
    Time48,
    /// NSEC's type bit maps (the rest of the rdata), shown as the list of types.
    Bitmap,
}

fn alg_name(v: u32) -> String {
    dnssec_algorithm(v as u8)
}

fn digest_name(v: u32) -> String {
    ds_digest(v as u8)
}

fn rtype_name(v: u32) -> String {
    type_name(v as u16)
}

fn key_flags(v: u32) -> String {
    let names = b"S???????Z???????";
    (0..16)
        .filter(|b| v >> b & 1 == 1)
        .map(|b| names[b] as char)
        .collect()
}

fn opt_out(v: u32) -> String {
    if v == 1 {
        "Opt-Out".into()
    } else {
        v.to_string()
    }
}

/// The fields Scapy's class for a record type reads past `rdlen`, in order.
fn layout(rtype: u16) -> &'static [(&'static str, Step)] {
    use Step::*;
    match rtype {
        6 => &[
            ("mname", Name),
            ("rname", Name),
            ("serial", Num(4, None)),
            ("refresh", Num(4, None)),
            ("retry", Num(4, None)),
            ("expire", Num(4, None)),
            ("minimum", Num(4, None)),
        ],
        15 => &[("preference", Num(2, None)), ("exchange", Name)],
        33 => &[
            ("priority", Num(2, None)),
            ("weight", Num(2, None)),
            ("port", Num(2, None)),
            ("target", Name),
        ],
        46 => &[
            ("typecovered", Num(2, Some(rtype_name))),
            ("algorithm", Num(1, Some(alg_name))),
            ("labels", Num(1, None)),
            ("originalttl", Num(4, None)),
            ("expiration", Num(4, Some(utc_time))),
            ("inception", Num(4, Some(utc_time))),
            ("keytag", Num(2, None)),
            ("signersname", Name),
            ("signature", Rest),
        ],
        43 | 32769 => &[
            ("keytag", Num(2, None)),
            ("algorithm", Num(1, Some(alg_name))),
            ("digesttype", Num(1, Some(digest_name))),
            ("digest", Rest),
        ],
        48 => &[
            ("flags", Num(2, Some(key_flags))),
            ("protocol", Num(1, None)),
            ("algorithm", Num(1, Some(alg_name))),
            ("publickey", Rest),
        ],
        47 => &[("nextname", Name), ("typebitmaps", Bitmap)],
        50 => &[
            ("hashalg", Num(1, None)),
            ("flags", Num(1, Some(opt_out))),
            ("iterations", Num(2, None)),
            ("saltlength", Num(1, None)),
            ("salt", Sized),
            ("hashlength", Num(1, None)),
            ("nexthashedownername", Sized),
            ("typebitmaps", Bitmap),
        ],
        51 => &[
            ("hashalg", Num(1, None)),
            ("flags", Num(1, None)),
            ("iterations", Num(2, None)),
            ("saltlength", Num(1, None)),
            ("salt", Sized),
        ],
        250 => &[
            ("algo_name", Name),
            ("time_signed", Time48),
            ("fudge", Num(2, None)),
            ("mac_len", Num(2, None)),
            ("mac_data", Sized),
            ("original_id", Num(2, None)),
            ("error", Num(2, None)),
            ("other_len", Num(2, None)),
            ("other_data", Sized),
        ],
        _ => &[],
    }
}

/// TSIG's time as Scapy's `TimeSignedField` shows it: `Wed May 18 09:32:54 2016`.
fn tsig_time(v: u64) -> String {
    use crate::time::{civil, DAYS, MONTHS};
    let c = civil(v as i64);
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} {}",
        DAYS[c.weekday as usize],
        MONTHS[c.month as usize - 1],
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

/// The typed fields Scapy reads past `rdlen` (SOA, MX, SRV, DNSSEC records, TSIG), when
/// the rdata holds them all; none otherwise.
fn typed_fields(rtype: u16, rd: &[u8], msg: &[u8]) -> Vec<(&'static str, Typed)> {
    use Step::*;
    let layout = layout(rtype);
    let mut out = Vec::new();
    let mut at = 0;
    let mut last = 0u32;
    for (name, step) in layout {
        let rest = &rd[at.min(rd.len())..];
        match step {
            Name => {
                if rest.is_empty() {
                    return Vec::new();
                }
                let (n, used) = get_name(rest, msg, false);
                out.push((*name, Typed::Name(n)));
                at += used;
            }
            Num(size, show) => {
                let Some(b) = rest.get(..*size) else {
                    return Vec::new();
                };
                let v = b.iter().fold(0u32, |a, &x| (a << 8) | x as u32);
                last = v;
                out.push((
                    *name,
                    match show {
                        Some(f) => Typed::Shown(v, f(v)),
                        None => Typed::Int(v),
                    },
                ));
                at += size;
            }
            Rest => {
                out.push((*name, Typed::Bytes(rest.to_vec())));
                at = rd.len();
            }
            Bitmap => {
                out.push((*name, Typed::Listed(rest.to_vec(), type_list(rest))));
                at = rd.len();
            }
            Sized => {
                let n = (last as usize).min(rest.len());
                out.push((*name, Typed::Bytes(rest[..n].to_vec())));
                at += n;
            }
            Time48 => {
                let Some(b) = rest.get(..6) else {
                    return Vec::new();
                };
                let v = u16::from_be_bytes([b[0], b[1]]) as u64
                    + u32::from_be_bytes([b[2], b[3], b[4], b[5]]) as u64;
                out.push((*name, Typed::Shown(v as u32, tsig_time(v))));
                at += 6;
            }
        }
    }
    out
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
                typed: Vec::new(),
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
                let rd = &rec[nlen + 10..];
                record.typed = typed_fields(rtype, &rd[..(rdlen as usize).min(rd.len())], msg);
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
