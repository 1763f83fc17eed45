//! TLS extensions inside a ClientHello or ServerHello, as Scapy 2.8.0 reads them: the
//! extension classes it has for the common types (server name, ALPN, supported
//! versions, groups, point formats, signature algorithms, key shares ...), and
//! `TLS_Ext_Unknown` for the rest.

use super::tls::{self, Session};
use super::tls_msg::{hex, msg, named_list, raw};
use super::tls_tables::{EXTENSIONS, GROUPS, SIG_ALGS};
use crate::dissect::field::{
    bytes, enum_field, int, named, packets, Field, FieldValue, Fields, Nested,
};
use crate::dissect::view::be16;

pub fn known_version(v: u16) -> bool {
    super::tls_tables::VERSIONS.iter().any(|&(k, _)| k == v)
}

pub struct Extensions {
    pub fields: Fields,
    pub versions: Vec<u16>,
}

/// `extlen` and `ext` from offset `at`; `len`: the length Scapy computes from msglen.
pub fn extensions(
    m: &[u8],
    mut at: usize,
    len: i64,
    s: &Session,
    client: bool,
) -> Option<(Extensions, usize)> {
    let mut out = Extensions {
        fields: vec![],
        versions: vec![],
    };
    if len < 0 && s.version.is_none_or(|v| v < 0x0304) {
        out.fields.push(("extlen", crate::dissect::field::none()));
        out.fields.push(("ext", packets(vec![])));
        return Some((out, at));
    }
    let extlen = be16(m.get(at..at + 2)?, 0);
    at += 2;
    out.fields.push(("extlen", int(extlen)));
    let len = len.max(0) as usize;
    let mut e = &m[at..(at + len).min(m.len())];
    at += e.len();
    let mut list = Vec::new();
    while e.len() >= 4 {
        let n = be16(e, 2) as usize;
        let one = &e[..(4 + n).min(e.len())];
        list.push(extension(one, client, &mut out.versions)?);
        e = &e[one.len()..];
    }
    if !e.is_empty() {
        list.push(raw(e).nested);
    }
    out.fields.push(("ext", packets(list)));
    Some((out, at))
}

fn ext_nested(name: &str, fields: Fields) -> Nested {
    msg(name, fields).nested
}

/// One extension (type, length and data), by Scapy's class for its type; None where
/// Scapy's dissection of it fails (and with it the whole message's).
fn extension(e: &[u8], client: bool, versions: &mut Vec<u16>) -> Option<Nested> {
    let t = be16(e, 0);
    let mut f: Fields = vec![
        ("type", named(t, lookup(EXTENSIONS, t))),
        ("len", int(be16(e, 2))),
    ];
    let d = &e[4..];
    // A ServerHello's key share holds a group and a key; a HelloRetryRequest's, read
    // as a ServerHello's, has no key: Scapy fails there.
    if t == 51 && !client && d.len() < 4 {
        return None;
    }
    let len16 = |name: &'static str| (name, int(d.get(..2).map_or(0, |b| be16(b, 0))));
    match t {
        0 if d.len() >= 2 => {
            let mut names = Vec::new();
            let mut r = &d[2..];
            while r.len() >= 3 {
                let n = be16(r, 1) as usize;
                let name = &r[3..(3 + n).min(r.len())];
                names.push(Nested {
                    class: "ServerName",
                    display: "HostName",
                    fields: vec![
                        ("nametype", enum_field(r[0], &[(0, "host_name")])),
                        ("namelen", int(n as i64)),
                        ("servername", bytes(name)),
                    ],
                });
                r = &r[3 + name.len()..];
            }
            f.push(len16("servernameslen"));
            f.push(("servernames", inline_named(names, 2)));
            Some(ext_nested("TLS_Ext_ServerName", f))
        }
        0 => {
            // A server's empty acknowledgement of the name.
            f.push(("servernameslen", crate::dissect::field::none()));
            f.push(("servernames", inline(vec![], "[]".into())));
            Some(ext_nested("TLS_Ext_ServerName", f))
        }
        16 if d.len() >= 2 => {
            f.push(len16("protocolslen"));
            f.push(("protocols", protocol_names(&d[2..])));
            Some(ext_nested("TLS_Ext_ALPN", f))
        }
        43 if client && !d.is_empty() => {
            let list: Vec<u16> = d[1..].chunks_exact(2).map(|c| be16(c, 0)).collect();
            versions.extend(&list);
            f.push(("versionslen", int(d[0])));
            f.push(("versions", named_list(&list, |v| tls::version(v).show)));
            Some(ext_nested("TLS_Ext_SupportedVersion_CH", f))
        }
        43 if !client && d.len() >= 2 => {
            f.push(("version", tls::version(be16(d, 0))));
            Some(ext_nested("TLS_Ext_SupportedVersion_SH", f))
        }
        10 if d.len() >= 2 => {
            let list: Vec<u16> = d[2..].chunks_exact(2).map(|c| be16(c, 0)).collect();
            f.push(len16("groupslen"));
            f.push(("groups", list_field(&list, |v| lookup(GROUPS, v))));
            Some(ext_nested("TLS_Ext_SupportedGroups", f))
        }
        11 if !d.is_empty() => {
            let list: Vec<u16> = d[1..].iter().map(|&c| c as u16).collect();
            let names = [
                "uncompressed",
                "ansiX962_compressed_prime",
                "ansiX962_compressed_char2",
            ];
            f.push(("ecpllen", int(d[0])));
            f.push((
                "ecpl",
                list_field(&list, |v| {
                    names
                        .get(v as usize)
                        .map_or(v.to_string(), |s| s.to_string())
                }),
            ));
            Some(ext_nested("TLS_Ext_SupportedPointFormat", f))
        }
        13 if d.len() >= 2 => {
            let list: Vec<u16> = d[2..].chunks_exact(2).map(|c| be16(c, 0)).collect();
            f.push(len16("sig_algs_len"));
            f.push(("sig_algs", list_field(&list, |v| lookup(SIG_ALGS, v))));
            Some(ext_nested("TLS_Ext_SignatureAlgorithms", f))
        }
        _ => more_extensions(t, d, client, f),
    }
}

/// A key share entry: group, key length, key (shown in hexadecimal); and its length.
fn key_share(r: &[u8]) -> (Nested, usize) {
    let group = r.get(..2).map_or(0, |b| be16(b, 0));
    let n = r.get(2..4).map_or(0, |b| be16(b, 0)) as usize;
    let key = r.get(4..).map_or(&[][..], |k| &k[..n.min(k.len())]);
    let fields = vec![
        ("group", named(group, lookup(GROUPS, group))),
        ("kxlen", int(n as i64)),
        ("key_exchange", hex(key)),
    ];
    (
        Nested {
            class: "KeyShareEntry",
            display: "Key Share Entry",
            fields,
        },
        4 + key.len(),
    )
}

/// A list of small numbers shown by name, always as a list.
fn list_field(v: &[u16], name: impl Fn(u16) -> String) -> Field {
    let names: Vec<String> = v.iter().map(|&x| name(x)).collect();
    Field {
        value: FieldValue::List(v.iter().map(|&x| FieldValue::Int(x as i64)).collect()),
        show: format!("[{}]", names.join(", ")),
    }
}

fn lookup(table: &[(u16, &str)], v: u16) -> String {
    table
        .binary_search_by_key(&v, |&(k, _)| k)
        .map_or(v.to_string(), |i| table[i].1.to_string())
}

/// ALPN's and NPN's protocol names (one length byte each), shown inline as Scapy's
/// "pretty" extensions show them: `[b'h2', b'http/1.1']`.
fn protocol_names(mut r: &[u8]) -> Field {
    let mut names = Vec::new();
    while !r.is_empty() {
        let n = r[0] as usize;
        let p = &r[1..(1 + n).min(r.len())];
        names.push(Nested {
            class: "ProtocolName",
            display: "Protocol Name",
            fields: vec![("len", int(n as i64)), ("protocol", bytes(p))],
        });
        r = &r[1 + p.len()..];
    }
    inline_named(names, 1)
}

/// A list of packets shown inline by one of their fields: `[a, b]`.
fn inline_named(list: Vec<Nested>, field: usize) -> Field {
    let show: Vec<String> = list
        .iter()
        .map(|n| n.fields[field].1.show.clone())
        .collect();
    inline(list, format!("[{}]", show.join(", ")))
}

/// A packet list shown inline, as Scapy's repr of these lists is.
fn inline(list: Vec<Nested>, show: String) -> Field {
    Field {
        value: FieldValue::Inline(list),
        show,
    }
}

/// The extensions past the common ones, by Scapy's class for their type.
fn more_extensions(t: u16, d: &[u8], client: bool, mut f: Fields) -> Option<Nested> {
    let len16 = |name: &'static str| (name, int(d.get(..2).map_or(0, |b| be16(b, 0))));
    match t {
        22 => Some(ext_nested("TLS_Ext_EncryptThenMAC", f)),
        23 => Some(ext_nested("TLS_Ext_ExtendedMasterSecret", f)),
        49 => Some(ext_nested("TLS_Ext_PostHandshakeAuth", f)),
        45 if !d.is_empty() => {
            let list: Vec<u16> = d[1..].iter().map(|&c| c as u16).collect();
            f.push(("kxmodeslen", int(d[0])));
            f.push((
                "kxmodes",
                list_field(&list, |v| match v {
                    0 => "psk_ke".into(),
                    1 => "psk_dhe_ke".into(),
                    _ => v.to_string(),
                }),
            ));
            Some(ext_nested("TLS_Ext_PSKKeyExchangeModes", f))
        }
        51 if client && d.len() >= 2 => {
            let mut shares = Vec::new();
            let mut r = &d[2..];
            while r.len() >= 4 {
                let (entry, used) = key_share(r);
                shares.push(entry);
                r = &r[used..];
            }
            f.push(len16("client_shares_len"));
            f.push(("client_shares", packets(shares)));
            Some(ext_nested("TLS_Ext_KeyShare_CH", f))
        }
        51 => {
            f.push(("server_share", packets(vec![key_share(d).0])));
            Some(ext_nested("TLS_Ext_KeyShare_SH", f))
        }
        35 => {
            f.push(("ticket", bytes(d)));
            Some(ext_nested("TLS_Ext_SessionTicket", f))
        }
        13172 => {
            f.push(("protocols", protocol_names(d)));
            Some(ext_nested("TLS_Ext_NPN", f))
        }
        21 => {
            f.push(("padding", bytes(d)));
            Some(ext_nested("TLS_Ext_Padding", f))
        }
        65281 if !d.is_empty() => {
            let n = d[0] as usize;
            f.push(("reneg_conn_len", int(d[0])));
            f.push((
                "renegotiated_connection",
                bytes(&d[1..(1 + n).min(d.len())]),
            ));
            Some(ext_nested("TLS_Ext_RenegotiationInfo", f))
        }
        50 if d.len() >= 2 => {
            let list: Vec<u16> = d[2..].chunks_exact(2).map(|c| be16(c, 0)).collect();
            f.push(len16("sig_algs_len"));
            f.push(("sig_algs", list_field(&list, |v| lookup(SIG_ALGS, v))));
            Some(ext_nested("TLS_Ext_SignatureAlgorithmsCert", f))
        }
        28 if d.len() >= 2 => {
            f.push(len16("record_size_limit"));
            Some(ext_nested("TLS_Ext_RecordSizeLimit", f))
        }
        15 if !d.is_empty() => {
            let modes = [(1, "peer_allowed_to_send"), (2, "peer_not_allowed_to_send")];
            f.push(("heartbeat_mode", enum_field(d[0], &modes)));
            Some(ext_nested("TLS_Ext_Heartbeat", f))
        }
        1 if !d.is_empty() => {
            let sizes = [(1, "2^9"), (2, "2^10"), (3, "2^11"), (4, "2^12")];
            f.push(("maxfraglen", enum_field(d[0], &sizes)));
            Some(ext_nested("TLS_Ext_MaxFragLen", f))
        }
        _ => {
            f.push(("val", bytes(d)));
            Some(ext_nested("TLS_Ext_Unknown", f))
        }
    }
}
