//! TLS as Scapy 2.8.0's `scapy.layers.tls` dissects a captured packet once loaded
//! (`load_layer('tls')` or an import of the module): TCP port 443 carries TLS records,
//! each a `TLS` layer whose `msg` field lists its messages (handshake messages, a
//! ChangeCipherSpec, alerts, application data). Scapy keeps a TLS session per packet:
//! a ServerHello and a ChangeCipherSpec in the same packet switch the records after them
//! to the negotiated cipher, whose traffic it cannot read (`Encrypted Content`). A
//! segment that does not start a record is `_TLSEncryptedContent`; a record that does
//! not fit in the segment is `Padding`. Messages are in `tls_msg.rs`.

use super::tls_msg::{self, Msg};
use super::tls_tables::{SUITE_CIPHERS, VERSIONS};
use super::{Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, int, named, none, packets, Field, Fields, Nested};
use crate::dissect::view::be16;
use crate::dissect::{Next, Packet, Walk};

const RECORD: &str = "scapy.layers.tls.record";

/// How the cipher a ServerHello picked protects records (Scapy's cipher types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cipher {
    /// A block cipher, by block size.
    Block(u8),
    Stream,
    /// An AEAD cipher: explicit nonce and tag lengths.
    Aead(u8, u8),
    /// A TLS 1.3 suite.
    Tls13,
}

pub static TLS: Ops = Ops {
    classes: &[
        Class::new("TLS", "TLS", RECORD),
        Class::new("_TLSEncryptedContent", "Encrypted Content", RECORD),
        Class::new("SSLv2", "SSLv2", "scapy.layers.tls.record_sslv2"),
    ],
    class: |p| match p {
        Proto::TlsEncrypted => &TLS.classes[1],
        Proto::Sslv2 => &TLS.classes[2],
        _ => &TLS.classes[0],
    },
    fields,
    summary,
};

/// The messages inside records: classes a script can name (`p[TLSClientHello]`).
pub static MESSAGES: Ops = Ops {
    classes: tls_msg::CLASSES,
    class: |_| &tls_msg::CLASSES[0],
    fields: |_, _| vec![],
    summary: super::no_summary,
};

/// What Scapy's tlsSession knows while it reads one packet's records.
#[derive(Clone, Copy, Default, Debug)]
pub struct Session {
    /// The version a ClientHello offered (its highest supported version).
    pub advertised: Option<u16>,
    /// The version a ServerHello chose.
    pub version: Option<u16>,
    /// The pending read state a ServerHello set: its cipher (None: one Scapy reads as
    /// clear text).
    pub pending: Option<Option<Cipher>>,
    /// The cipher records are read with now (None: clear text).
    pub current: Option<Cipher>,
    /// A ChangeCipherSpec asked for the pending state.
    pub ccs: bool,
    /// Encrypted records read so far under `current`.
    pub encrypted: u8,
}

impl Session {
    /// Whether handshake messages are read as TLS 1.3's.
    pub fn tls13(&self) -> bool {
        (self.advertised == Some(0x0304) && self.version.is_none()) || self.version == Some(0x0304)
    }
}

/// The cipher type of a suite, where Scapy can run it.
pub fn suite_cipher(suite: u16) -> Option<Cipher> {
    SUITE_CIPHERS
        .binary_search_by_key(&suite, |&(k, _)| k)
        .ok()
        .map(|i| SUITE_CIPHERS[i].1)
}

/// What a segment's bytes are, by Scapy's `TLS.dispatch_hook`.
enum Start {
    Record(usize),
    Encrypted,
    Sslv2,
    Padding,
    Raw,
}

fn looks_like_sslv2(d: &[u8]) -> bool {
    d.len() >= 3 && d[0] >= 0x80 && d[2] <= 8
}

fn start(d: &[u8], s: Option<&Session>) -> Start {
    if d.len() >= 2 {
        if !(20..=23).contains(&d[0]) || d[1] != 3 {
            let v2 = s.is_some_and(|s| s.version == Some(2) || s.advertised == Some(2));
            if v2 || (looks_like_sslv2(d) && s.is_none_or(|s| s.version.is_none())) {
                return Start::Sslv2;
            }
            return Start::Encrypted;
        }
        if d.len() >= 5 {
            let len = be16(d, 3) as usize + 5;
            if d.len() < len {
                return Start::Padding;
            }
            return Start::Record(len);
        }
    }
    Start::Encrypted
}

/// How one record's body is read.
pub enum Body {
    Messages(Vec<Msg>),
    /// Protected by a cipher Scapy has no keys for.
    Encrypted,
}

/// Reads a record (header included) as Scapy does, updating the session; None where
/// Scapy's dissection fails and leaves the rest of the segment Raw.
pub fn read_record(rec: &[u8], s: &mut Session) -> Option<Body> {
    let (rtype, body) = (rec[0], &rec[5..]);
    let body_out = match s.current {
        Some(Cipher::Tls13) => return None,
        Some(Cipher::Aead(nonce, tag)) if body.len() >= (nonce + tag) as usize => Body::Encrypted,
        Some(Cipher::Block(_) | Cipher::Stream) => Body::Encrypted,
        _ => Body::Messages(tls_msg::messages(rtype, body, s)),
    };
    if let Body::Encrypted = body_out {
        s.encrypted = s.encrypted.saturating_add(1);
    }
    // Scapy's TLS.post_dissect: a ChangeCipherSpec commits the pending read state.
    if s.version.is_some_and(|v| v <= 0x0303) && s.ccs {
        if let Some(p) = s.pending.take() {
            s.current = p;
            s.encrypted = 0;
        }
        s.ccs = false;
    }
    Some(body_out)
}

/// After an encrypted record with a block cipher and an explicit IV (TLS 1.1 and
/// later), Scapy's record length no longer matches the bytes: the rest is Padding.
fn rest_is_padding(rec: &[u8], s: &Session) -> bool {
    matches!(s.current, Some(Cipher::Block(_))) && s.encrypted > 0 && be16(rec, 1) >= 0x0302
}

/// TCP port 443: records, then what Scapy makes of the rest.
pub fn parse(w: &mut Walk) -> Next {
    if w.rest() == 0 {
        return Next::Done;
    }
    let mut s = Session::default();
    let mut first = true;
    loop {
        let d = w.here();
        if d.is_empty() {
            return Next::Done;
        }
        let kind = if first {
            start(d, None)
        } else if d.len() < 5 {
            Start::Raw
        } else if d.len() < be16(d, 3) as usize + 5 {
            Start::Padding
        } else {
            start(d, Some(&s))
        };
        first = false;
        match kind {
            Start::Raw => return Next::Raw,
            Start::Padding => {
                w.cut(w.at);
                return Next::Done;
            }
            Start::Encrypted => {
                w.push(Proto::TlsEncrypted, d.len());
                return Next::Done;
            }
            Start::Sslv2 => return sslv2_records(w),
            Start::Record(len) => {
                let rec = &d[..len];
                if read_record(rec, &mut s).is_none() {
                    return Next::Raw;
                }
                w.push(Proto::Tls, len);
                if rest_is_padding(rec, &s) && w.rest() > 0 {
                    w.cut(w.at);
                    return Next::Done;
                }
            }
        }
    }
}

/// The session as it was when record `i` was read: Scapy's state replayed over the
/// records before it in the same packet.
fn session_before(p: &Packet, i: usize) -> Session {
    let mut s = Session::default();
    let mut j = i;
    while j > 0 && p.layers()[j - 1].proto == Proto::Tls {
        j -= 1;
    }
    for k in j..i {
        let _ = read_record(p.layers()[k].header(p.data), &mut s);
    }
    s
}

const TYPES: &[(i64, &str)] = &[
    (20, "change_cipher_spec"),
    (21, "alert"),
    (22, "handshake"),
    (23, "application_data"),
];

/// A TLS version as Scapy names it.
pub fn version(v: u16) -> Field {
    match VERSIONS.binary_search_by_key(&v, |&(k, _)| k) {
        Ok(i) => named(v, VERSIONS[i].1.to_string()),
        Err(_) => int(v),
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let rec = l.header(p.data);
    match l.proto {
        Proto::TlsEncrypted => return vec![("load", bytes(rec))],
        Proto::Sslv2 => return sslv2_fields(rec),
        _ => {}
    }
    let mut s = session_before(p, i);
    let Some(body) = read_record(rec, &mut s) else {
        return vec![];
    };
    let len = be16(rec, 3);
    let msgs: Vec<Nested> = match body {
        Body::Encrypted => vec![Nested {
            class: "_TLSEncryptedContent",
            display: "Encrypted Content",
            fields: vec![("load", bytes(&rec[5..]))],
        }],
        Body::Messages(m) => m.into_iter().map(|m| m.nested).collect(),
    };
    let len_field = match body_is_clear(&msgs) {
        true => named(len, format!("{len}    [deciphered_len= {len}]")),
        false => int(len),
    };
    vec![
        ("type", enum_field(rec[0], TYPES)),
        ("version", version(be16(rec, 1))),
        ("len", len_field),
        ("iv", bytes(b"")),
        ("msg", packets(msgs)),
        ("mac", bytes(b"")),
        ("pad", bytes(b"")),
        ("padlen", none()),
    ]
}

fn body_is_clear(msgs: &[Nested]) -> bool {
    !matches!(msgs.first(), Some(n) if n.class == "_TLSEncryptedContent")
}

/// Scapy's `TLS.mysummary`: the record directly on TCP names the connection; each
/// record lists its messages.
fn summary(p: &Packet, i: usize) -> String {
    let l = p.layers()[i];
    let head = if matches!(p.under(i), Some(Proto::Tcp)) {
        let (src, dst) = super::ipv4::addrs(p, i - 2);
        let t = p.layers()[i - 1].header(p.data);
        format!("TLS {src}:{} > {dst}:{} / ", be16(t, 0), be16(t, 2))
    } else {
        String::new()
    };
    match l.proto {
        Proto::Tls => {
            let mut s = session_before(p, i);
            let names: Vec<&str> = match read_record(l.header(p.data), &mut s) {
                Some(Body::Messages(m)) => m.iter().map(|m| m.nested.display).collect(),
                _ => vec!["Encrypted Content"],
            };
            format!("{head}TLS / {}", names.join(" / "))
        }
        Proto::Sslv2 => format!(
            "{head}SSLv2 / {}",
            sslv2_messages(l.header(p.data)).join(" / ")
        ),
        _ => String::new(),
    }
}

/// SSLv2 records: each has a 2-byte header (length with the top bit set) or a 3-byte
/// one (with a padding length); a segment's bytes after one are read as another.
fn sslv2_records(w: &mut Walk) -> Next {
    while w.rest() > 0 {
        let d = w.here();
        if d.len() < 2 {
            return Next::Raw;
        }
        let (hdr, len) = sslv2_header(d);
        w.push(Proto::Sslv2, (hdr + len).min(d.len()));
    }
    Next::Done
}

/// (header length, body length) of an SSLv2 record.
fn sslv2_header(d: &[u8]) -> (usize, usize) {
    let n = be16(d, 0) as usize;
    if n & 0x8000 != 0 {
        (2, n & 0x7fff)
    } else {
        (3, n & 0x3fff)
    }
}

const SSLV2_MESSAGES: [&str; 9] = [
    "SSLv2 Handshake - Error",
    "SSLv2 Handshake - Client Hello",
    "SSLv2 Handshake - Client Master Key",
    "SSLv2 Handshake - Client Finished",
    "SSLv2 Handshake - Server Hello",
    "SSLv2 Handshake - Server Verify",
    "SSLv2 Handshake - Server Finished",
    "SSLv2 Handshake - Request Certificate",
    "SSLv2 Handshake - Client Certificate",
];

/// The messages of an SSLv2 record by name: an error takes three bytes, the others the
/// rest of the record; a type Scapy does not know makes the rest Raw.
fn sslv2_messages(rec: &[u8]) -> Vec<&'static str> {
    let (hdr, len) = sslv2_header(rec);
    let pad = if hdr == 3 {
        rec.get(2).copied().unwrap_or(0) as usize
    } else {
        0
    };
    let end = (hdr + len.saturating_sub(pad))
        .min(rec.len())
        .max(hdr.min(rec.len()));
    let mut m = &rec[hdr.min(rec.len())..end];
    let mut out = Vec::new();
    while let Some(&t) = m.first() {
        match SSLV2_MESSAGES.get(t as usize) {
            Some(name) if t == 0 && m.len() >= 3 => {
                out.push(*name);
                m = &m[3..];
            }
            Some(name) if t != 0 => {
                out.push(*name);
                break;
            }
            _ => {
                out.push("Raw");
                break;
            }
        }
    }
    if out.is_empty() {
        out.push("Raw");
    }
    out
}

fn sslv2_fields(rec: &[u8]) -> Fields {
    let (hdr, len) = sslv2_header(rec);
    vec![
        ("len", int(len as i64)),
        ("msg", bytes(&rec[hdr.min(rec.len())..])),
    ]
}

/// The server name (SNI, RFC 6066 section 3) of a ClientHello that starts a TLS record
/// at the beginning of `s` (a TCP payload), for tables. Reads only the bytes present.
pub fn client_hello_sni(s: &[u8]) -> Option<&[u8]> {
    fn take(d: &[u8], at: usize, n: usize) -> Option<&[u8]> {
        d.get(at..at.checked_add(n)?)
    }
    let u16_at = |d: &[u8], at: usize| take(d, at, 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    if s.len() < 9 || s[0] != 22 || s[1] != 3 || s[5] != 1 {
        return None;
    }
    let hello = &s[9..];
    // client_version and random, then the session id, cipher suites, compression.
    let mut at = 34;
    at += 1 + *hello.get(at)? as usize;
    at += 2 + u16_at(hello, at)? as usize;
    at += 1 + *hello.get(at)? as usize;
    let ext_len = u16_at(hello, at)? as usize;
    let exts = hello.get(at + 2..)?;
    let exts = &exts[..ext_len.min(exts.len())];
    let mut e = 0;
    while let (Some(kind), Some(len)) = (u16_at(exts, e), u16_at(exts, e + 2)) {
        let body = take(exts, e + 4, len as usize)?;
        if kind == 0 {
            // server_name_list: (name_type, HostName) entries; host_name is type 0.
            let mut n = 2;
            while let (Some(&t), Some(l)) = (body.get(n), u16_at(body, n + 1)) {
                let name = take(body, n + 3, l as usize)?;
                if t == 0 {
                    return Some(name);
                }
                n += 3 + l as usize;
            }
            return None;
        }
        e += 4 + len as usize;
    }
    None
}
