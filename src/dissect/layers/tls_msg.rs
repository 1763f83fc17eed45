//! The messages inside a TLS record, as Scapy 2.8.0 reads them into the record's `msg`
//! list: handshake messages (ClientHello and ServerHello with their extensions, and the
//! rest), ChangeCipherSpec, alerts and application data. Where Scapy's dissection of a
//! message fails, the rest of the record is one `Raw`.

use super::tls::{self, suite_cipher, Session};
use super::tls_ext::{extensions, known_version};
use super::tls_tables::SUITE_NAMES;
use super::Class;
use crate::dissect::field::{
    bytes, enum_field, int, named, packets, Field, FieldValue, Fields, Nested,
};
use crate::dissect::view::{be16, be32};

const HS: &str = "scapy.layers.tls.handshake";
const REC: &str = "scapy.layers.tls.record";
const EXT: &str = "scapy.layers.tls.extensions";
const KX13: &str = "scapy.layers.tls.keyexchange_tls13";

/// Every message and extension class, for the language's names (`p[TLSClientHello]`).
pub static CLASSES: &[Class] = &[
    Class::new("TLSClientHello", "TLS Handshake - Client Hello", HS),
    Class::new("TLSServerHello", "TLS Handshake - Server Hello", HS),
    Class::new("TLSHelloRequest", "TLS Handshake - Hello Request", HS),
    Class::new(
        "TLSHelloVerifyRequest",
        "TLS Handshake - Hello Verify Request",
        HS,
    ),
    Class::new(
        "TLSNewSessionTicket",
        "TLS Handshake - New Session Ticket",
        HS,
    ),
    Class::new(
        "TLSEncryptedExtensions",
        "TLS 1.3 Handshake - Encrypted Extensions",
        HS,
    ),
    Class::new("TLSCertificate", "TLS Handshake - Certificate", HS),
    Class::new(
        "TLSServerKeyExchange",
        "TLS Handshake - Server Key Exchange",
        HS,
    ),
    Class::new(
        "TLSCertificateRequest",
        "TLS Handshake - Certificate Request",
        HS,
    ),
    Class::new(
        "TLSServerHelloDone",
        "TLS Handshake - Server Hello Done",
        HS,
    ),
    Class::new(
        "TLSCertificateVerify",
        "TLS Handshake - Certificate Verify",
        HS,
    ),
    Class::new(
        "TLSClientKeyExchange",
        "TLS Handshake - Client Key Exchange",
        HS,
    ),
    Class::new("TLSFinished", "TLS Handshake - Finished", HS),
    Class::new("TLSCertificateURL", "TLS Handshake - Certificate URL", HS),
    Class::new(
        "TLSCertificateStatus",
        "TLS Handshake - Certificate Status",
        HS,
    ),
    Class::new(
        "TLSSupplementalData",
        "TLS Handshake - Supplemental Data",
        HS,
    ),
    Class::new("TLS13ClientHello", "TLS 1.3 Handshake - Client Hello", HS),
    Class::new("TLS13ServerHello", "TLS 1.3 Handshake - Server Hello", HS),
    Class::new(
        "TLS13HelloRetryRequest",
        "TLS 1.3 Handshake - Hello Retry Request",
        HS,
    ),
    Class::new(
        "TLS13NewSessionTicket",
        "TLS 1.3 Handshake - New Session Ticket",
        HS,
    ),
    Class::new(
        "TLS13EndOfEarlyData",
        "TLS 1.3 Handshake - End Of Early Data",
        HS,
    ),
    Class::new("TLS13Certificate", "TLS 1.3 Handshake - Certificate", HS),
    Class::new(
        "TLS13CertificateRequest",
        "TLS 1.3 Handshake - Certificate Request",
        HS,
    ),
    Class::new("TLS13KeyUpdate", "TLS 1.3 Handshake - Key Update", HS),
    Class::new("TLSChangeCipherSpec", "TLS ChangeCipherSpec", REC),
    Class::new("TLSAlert", "TLS Alert", REC),
    Class::new("TLSApplicationData", "TLS Application Data", REC),
    Class::new("TLS_Ext_ServerName", "TLS Extension - Server Name", EXT),
    Class::new("ServerName", "HostName", EXT),
    Class::new(
        "TLS_Ext_ALPN",
        "TLS Extension - Application Layer Protocol Negotiation",
        EXT,
    ),
    Class::new("ProtocolName", "Protocol Name", EXT),
    Class::new(
        "TLS_Ext_SupportedVersion_CH",
        "TLS Extension - Supported Versions (for ClientHello)",
        EXT,
    ),
    Class::new(
        "TLS_Ext_SupportedVersion_SH",
        "TLS Extension - Supported Versions (for ServerHello)",
        EXT,
    ),
    Class::new(
        "TLS_Ext_SupportedGroups",
        "TLS Extension - Supported Groups",
        EXT,
    ),
    Class::new(
        "TLS_Ext_SupportedPointFormat",
        "TLS Extension - Supported Point Format",
        EXT,
    ),
    Class::new(
        "TLS_Ext_SignatureAlgorithms",
        "TLS Extension - Signature Algorithms",
        EXT,
    ),
    Class::new(
        "TLS_Ext_EncryptThenMAC",
        "TLS Extension - Encrypt-then-MAC",
        EXT,
    ),
    Class::new(
        "TLS_Ext_ExtendedMasterSecret",
        "TLS Extension - Extended Master Secret",
        EXT,
    ),
    Class::new(
        "TLS_Ext_PostHandshakeAuth",
        "TLS Extension - Post Handshake Auth",
        EXT,
    ),
    Class::new(
        "TLS_Ext_PSKKeyExchangeModes",
        "TLS Extension - PSK Key Exchange Modes",
        EXT,
    ),
    Class::new(
        "TLS_Ext_KeyShare_CH",
        "TLS Extension - Key Share (for ClientHello)",
        KX13,
    ),
    Class::new(
        "TLS_Ext_KeyShare_SH",
        "TLS Extension - Key Share (for ServerHello)",
        KX13,
    ),
    Class::new("KeyShareEntry", "Key Share Entry", KX13),
    Class::new("TLS_Ext_Padding", "TLS Extension - Padding", EXT),
    Class::new(
        "TLS_Ext_RenegotiationInfo",
        "TLS Extension - Renegotiation Indication",
        EXT,
    ),
    Class::new(
        "TLS_Ext_SignatureAlgorithmsCert",
        "TLS Extension - Signature Algorithms Cert",
        EXT,
    ),
    Class::new(
        "TLS_Ext_RecordSizeLimit",
        "TLS Extension - Record Size Limit",
        EXT,
    ),
    Class::new("TLS_Ext_Heartbeat", "TLS Extension - Heartbeat", EXT),
    Class::new(
        "TLS_Ext_MaxFragLen",
        "TLS Extension - Max Fragment Length",
        EXT,
    ),
    Class::new(
        "TLS_Ext_SessionTicket",
        "TLS Extension - Session Ticket",
        EXT,
    ),
    Class::new(
        "TLS_Ext_NPN",
        "TLS Extension - Next Protocol Negotiation",
        EXT,
    ),
    Class::new("TLS_Ext_Unknown", "TLS Extension - Scapy Unknown", EXT),
];

fn class(name: &str) -> &'static Class {
    CLASSES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or(&CLASSES[0])
}

/// One message of a record.
pub struct Msg {
    pub nested: Nested,
}

pub(super) fn msg(name: &str, fields: Fields) -> Msg {
    let c = class(name);
    Msg {
        nested: Nested {
            class: c.name,
            display: c.display,
            fields,
        },
    }
}

pub(super) fn raw(b: &[u8]) -> Msg {
    Msg {
        nested: Nested {
            class: "Raw",
            display: "Raw",
            fields: vec![("load", bytes(b))],
        },
    }
}

const ALERT_LEVELS: &[(i64, &str)] = &[(1, "warning"), (2, "fatal")];
const ALERTS: &[(i64, &str)] = &[
    (0, "close_notify"),
    (10, "unexpected_message"),
    (20, "bad_record_mac"),
    (21, "decryption_failed"),
    (22, "record_overflow"),
    (30, "decompression_failure"),
    (40, "handshake_failure"),
    (41, "no_certificate_RESERVED"),
    (42, "bad_certificate"),
    (43, "unsupported_certificate"),
    (44, "certificate_revoked"),
    (45, "certificate_expired"),
    (46, "certificate_unknown"),
    (47, "illegal_parameter"),
    (48, "unknown_ca"),
    (49, "access_denied"),
    (50, "decode_error"),
    (51, "decrypt_error"),
    (60, "export_restriction_RESERVED"),
    (70, "protocol_version"),
    (71, "insufficient_security"),
    (80, "internal_error"),
    (86, "inappropriate_fallback"),
    (90, "user_canceled"),
    (100, "no_renegotiation"),
    (109, "missing_extension"),
    (110, "unsupported_extension"),
    (111, "certificate_unobtainable"),
    (112, "unrecognized_name"),
    (113, "bad_certificate_status_response"),
    (114, "bad_certificate_hash_value"),
    (115, "unknown_psk_identity"),
    (116, "certificate_required"),
    (120, "no_application_protocol"),
];
const HS_TYPES: &[(i64, &str)] = &[
    (0, "hello_request"),
    (1, "client_hello"),
    (2, "server_hello"),
    (3, "hello_verify_request"),
    (4, "session_ticket"),
    (6, "hello_retry_request"),
    (8, "encrypted_extensions"),
    (11, "certificate"),
    (12, "server_key_exchange"),
    (13, "certificate_request"),
    (14, "server_hello_done"),
    (15, "certificate_verify"),
    (16, "client_key_exchange"),
    (20, "finished"),
    (21, "certificate_url"),
    (22, "certificate_status"),
    (23, "supplemental_data"),
    (24, "key_update"),
];

/// The messages of a record body of type `rtype`; updates the session as Scapy's
/// `post_dissection_tls_session_update` does.
pub fn messages(rtype: u8, body: &[u8], s: &mut Session) -> Vec<Msg> {
    if body.is_empty() {
        return vec![match rtype {
            23 if s.version.unwrap_or(0x0303) > 0x0200 => {
                msg("TLSApplicationData", vec![("data", bytes(b""))])
            }
            20 => msg(
                "TLSChangeCipherSpec",
                vec![("msgtype", named(1, "change_cipher_spec".into()))],
            ),
            _ => raw(b""),
        }];
    }
    match rtype {
        20 => {
            s.ccs = true;
            let t = body[0];
            vec![msg(
                "TLSChangeCipherSpec",
                vec![("msgtype", enum_field(t, &[(1, "change_cipher_spec")]))],
            )]
        }
        21 if body.len() >= 2 => vec![msg(
            "TLSAlert",
            vec![
                ("level", enum_field(body[0], ALERT_LEVELS)),
                ("descr", enum_field(body[1], ALERTS)),
            ],
        )],
        23 => vec![msg("TLSApplicationData", vec![("data", bytes(body))])],
        22 => handshakes(body, s),
        _ => vec![raw(body)],
    }
}

fn handshakes(mut m: &[u8], s: &mut Session) -> Vec<Msg> {
    let mut out = Vec::new();
    while !m.is_empty() {
        match handshake(m, s) {
            Some((msg, used)) => {
                out.push(msg);
                m = &m[used.min(m.len())..];
            }
            None => {
                out.push(raw(m));
                break;
            }
        }
    }
    out
}

/// The class Scapy reads a handshake message type as, in TLS 1.2's or 1.3's table.
fn handshake_class(t: u8, tls13: bool) -> Option<&'static str> {
    Some(match (t, tls13) {
        (0, false) => "TLSHelloRequest",
        (1, false) => "TLSClientHello",
        (2, false) => "TLSServerHello",
        (3, false) => "TLSHelloVerifyRequest",
        (4, false) => "TLSNewSessionTicket",
        (8, _) => "TLSEncryptedExtensions",
        (11, false) => "TLSCertificate",
        (12, false) => "TLSServerKeyExchange",
        (13, false) => "TLSCertificateRequest",
        (14, false) => "TLSServerHelloDone",
        (15, _) => "TLSCertificateVerify",
        (16, false) => "TLSClientKeyExchange",
        (20, _) => "TLSFinished",
        (21, false) => "TLSCertificateURL",
        (22, false) => "TLSCertificateStatus",
        (23, false) => "TLSSupplementalData",
        (1, true) => "TLS13ClientHello",
        (2, true) => "TLS13ServerHello",
        (4, true) => "TLS13NewSessionTicket",
        (5, true) => "TLS13EndOfEarlyData",
        (11, true) => "TLS13Certificate",
        (13, true) => "TLS13CertificateRequest",
        (24, true) => "TLS13KeyUpdate",
        _ => return None,
    })
}

fn be24(b: &[u8], at: usize) -> usize {
    (b[at] as usize) << 16 | (b[at + 1] as usize) << 8 | b[at + 2] as usize
}

/// One handshake message: its fields and the bytes it takes; None where Scapy fails.
fn handshake(m: &[u8], s: &mut Session) -> Option<(Msg, usize)> {
    let name = handshake_class(m[0], s.tls13())?;
    if m.len() < 4 {
        return None;
    }
    let msglen = be24(m, 1);
    let head: Fields = vec![
        ("msgtype", enum_field(m[0], HS_TYPES)),
        ("msglen", int(msglen as i64)),
    ];
    let whole = (4 + msglen).min(m.len());
    let (fields, used) = match name {
        "TLSClientHello" => client_hello(m, msglen, s)?,
        "TLSServerHello" => {
            let v = m.get(4..6).map(|b| be16(b, 0));
            if v.is_some_and(|v| v == 0x0304 || v > 0x7f00) {
                let (f, used) = hello13(m, msglen)?;
                let name = if m.get(6..38) == Some(&HELLO_RETRY[..]) {
                    "TLS13HelloRetryRequest"
                } else {
                    "TLS13ServerHello"
                };
                s.version = Some(v.unwrap_or(0));
                return Some((msg(name, [head, f].concat()), used));
            }
            server_hello(m, msglen, s)?
        }
        "TLSHelloRequest" | "TLSServerHelloDone" | "TLS13EndOfEarlyData" => (vec![], 4),
        "TLSFinished" => {
            let n = if s.version == Some(0x0300) { 36 } else { 12 };
            let end = (4 + n).min(m.len());
            (vec![("vdata", bytes(&m[4..end]))], end)
        }
        "TLSNewSessionTicket" => {
            let b = m.get(4..10)?;
            let n = be16(b, 4) as usize;
            let end = (10 + n).min(m.len());
            let f = vec![
                ("lifetime", int(be32(b, 0))),
                ("ticketlen", int(n as i64)),
                ("ticket", bytes(&m[10..end])),
            ];
            (f, end)
        }
        "TLSCertificate" => {
            let b = m.get(4..7)?;
            let n = be24(b, 0);
            let end = (7 + n).min(m.len());
            let f = vec![("certslen", int(n as i64)), ("certs", bytes(&m[7..end]))];
            (f, end)
        }
        "TLSClientKeyExchange" => {
            let keys = raw(&m[4..whole]).nested;
            (vec![("exchkeys", packets(vec![keys]))], whole)
        }
        _ => (vec![("msg", bytes(&m[4..whole]))], whole),
    };
    Some((msg(name, [head, fields].concat()), used))
}

/// SHA-256("HelloRetryRequest"): the random of a TLS 1.3 HelloRetryRequest.
const HELLO_RETRY: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The version, time and random every hello starts with (offset 4).
fn hello_start(m: &[u8]) -> Option<Fields> {
    let b = m.get(4..38)?;
    let t = be32(b, 2);
    Some(vec![
        ("version", tls::version(be16(b, 0))),
        (
            "gmt_unix_time",
            named(t, format!("{}  ({t})", crate::time::gmt_text(t as i64))),
        ),
        ("random_bytes", hex(&b[6..34])),
    ])
}

fn client_hello(m: &[u8], msglen: usize, s: &mut Session) -> Option<(Fields, usize)> {
    let mut f = hello_start(m)?;
    let mut at = 38;
    let sidlen = *m.get(at)? as usize;
    let sid = &m[at + 1..(at + 1 + sidlen).min(m.len())];
    at += 1 + sid.len();
    let cl = be16(m.get(at..at + 2)?, 0) as usize;
    let ciphers = &m[at + 2..(at + 2 + cl).min(m.len())];
    if ciphers.len() % 2 == 1 {
        return None;
    }
    at += 2 + ciphers.len();
    let complen = *m.get(at)? as usize;
    let comp = &m[at + 1..(at + 1 + complen).min(m.len())];
    at += 1 + comp.len();
    let ext_len = msglen as i64 - sidlen as i64 - cl as i64 - complen as i64 - 40;
    let suites: Vec<u16> = ciphers.chunks(2).map(|c| be16(c, 0)).collect();
    f.extend([
        ("sidlen", int(sidlen as i64)),
        ("sid", bytes(sid)),
        ("cipherslen", int(cl as i64)),
        ("ciphers", suite_list(&suites)),
        ("complen", int(complen as i64)),
        ("comp", comp_list(comp)),
    ]);
    let (ext, used) = extensions(m, at, ext_len, s, true)?;
    f.extend(ext.fields);
    s.advertised = Some(be16(m, 4));
    if let Some(v) = ext
        .versions
        .iter()
        .copied()
        .filter(|&v| known_version(v))
        .max()
    {
        s.advertised = Some(v);
    }
    Some((f, used))
}

fn server_hello(m: &[u8], msglen: usize, s: &mut Session) -> Option<(Fields, usize)> {
    let mut f = hello_start(m)?;
    let mut at = 38;
    let sidlen = *m.get(at)? as usize;
    let sid = &m[at + 1..(at + 1 + sidlen).min(m.len())];
    at += 1 + sid.len();
    let suite = be16(m.get(at..at + 2)?, 0);
    at += 2;
    let comp = &m[at..(at + 1).min(m.len())];
    at += comp.len();
    f.extend([
        ("sidlen", int(sidlen as i64)),
        ("sid", bytes(sid)),
        ("cipher", suite_name(suite)),
        ("comp", comp_list(comp)),
    ]);
    let ext_len = msglen as i64 - sidlen as i64 - 40;
    let (ext, used) = extensions(m, at, ext_len, s, false)?;
    f.extend(ext.fields);
    s.version = Some(be16(m, 4));
    s.pending = Some(suite_cipher(suite));
    Some((f, used))
}

/// A TLS 1.3 ServerHello (or HelloRetryRequest), whose version field says 1.3.
fn hello13(m: &[u8], msglen: usize) -> Option<(Fields, usize)> {
    let b = m.get(4..38)?;
    let mut at = 38;
    let sidlen = *m.get(at)? as usize;
    let sid = &m[at + 1..(at + 1 + sidlen).min(m.len())];
    at += 1 + sid.len();
    let suite = be16(m.get(at..at + 2)?, 0);
    at += 2;
    let comp = &m[at..(at + 1).min(m.len())];
    at += comp.len();
    let mut f = vec![
        ("version", tls::version(be16(b, 0))),
        ("random_bytes", hex(&b[2..34])),
        ("sidlen", int(sidlen as i64)),
        ("sid", bytes(sid)),
        ("cipher", suite_name(suite)),
        ("comp", comp_list(comp)),
    ];
    let scratch = Session::default();
    let (ext, used) = extensions(m, at, msglen as i64 - 38, &scratch, false)?;
    f.extend(ext.fields);
    Some((f, used))
}

/// A list of numbers shown by name: `[a, b]`, or the one name alone (Scapy's
/// `_CipherSuitesField.i2repr`).
pub(super) fn named_list(v: &[u16], name: impl Fn(u16) -> String) -> Field {
    let names: Vec<String> = v.iter().map(|&x| name(x)).collect();
    let show = if names.len() == 1 {
        names[0].clone()
    } else {
        format!("[{}]", names.join(", "))
    };
    Field {
        value: FieldValue::List(v.iter().map(|&x| FieldValue::Int(x as i64)).collect()),
        show,
    }
}

fn suite_name(v: u16) -> Field {
    let i = SUITE_NAMES.binary_search_by_key(&v, |&(k, _)| k);
    match i {
        Ok(i) => named(v, SUITE_NAMES[i].1.to_string()),
        Err(_) => int(v),
    }
}

fn suite_list(v: &[u16]) -> Field {
    named_list(v, |x| {
        let f = suite_name(x);
        if matches!(f.value, FieldValue::Int(_)) && f.show == x.to_string() {
            format!("{x:#06x}")
        } else {
            f.show
        }
    })
}

fn comp_list(b: &[u8]) -> Field {
    let v: Vec<u16> = b.iter().map(|&c| c as u16).collect();
    named_list(&v, |x| match x {
        0 => "null".into(),
        1 => "deflate".into(),
        _ => format!("0x{x:01x}"),
    })
}

pub(super) fn hex(b: &[u8]) -> Field {
    let mut f = bytes(b);
    f.show = b.iter().map(|c| format!("{c:02x}")).collect();
    f
}
