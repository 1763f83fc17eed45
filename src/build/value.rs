//! Field values of packets being built, and how each kind of field takes what a script
//! gives it (Scapy's `any2i`): names for numbers, letters for flags, text for bytes.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{Def, Layer, D};
use crate::dissect::field::FieldValue;
use crate::pyfmt::{bytes_repr, str_repr};

/// A field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    None,
    Int(i64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<V>),
    Tuple(Vec<V>),
    /// A packet inside a field (a DNS question).
    Pkt(Box<Layer>),
}

/// What a field holds, which decides what it accepts and how it is written.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Int,
    /// A number with names (`dport='http'`): the name table and the largest number.
    Enum(fn(i64) -> String, i64),
    /// Flags by name, lowest bit first (TCP's letters, IP's `MF`, `DF`, `evil`).
    Flags(&'static [&'static str]),
    Mac,
    Ip4,
    Ip6,
    /// An IPv4 or IPv6 address (ARP's protocol addresses).
    Addr,
    Bytes,
    /// A DNS name: bytes ending in a dot.
    Name,
    /// TCP's option list: `[('MSS', 1460), ('NOP', None)]`, or raw bytes.
    TcpOptions,
    /// IP's options: only none, or raw bytes.
    IpOptions,
    /// A list of packets of one class (DNS questions and records).
    Records(&'static str),
    /// A DNS record's data: an address, a name, text or bytes, by the record's type.
    RData,
}

impl V {
    pub fn int(&self, name: &str) -> Result<i64, String> {
        match self {
            V::Int(n) => Ok(*n),
            v => Err(format!("{name} must be a number, not {}", v.repr())),
        }
    }
    pub fn bytes(&self) -> Vec<u8> {
        match self {
            V::Bytes(b) => b.clone(),
            V::Str(s) => s.as_bytes().to_vec(),
            _ => Vec::new(),
        }
    }
    pub fn mac(&self, name: &str) -> Result<[u8; 6], String> {
        match self {
            V::Str(s) => parse_mac(s).ok_or_else(|| format!("{name}: not a MAC address: {s}")),
            V::None => Ok([0; 6]),
            v => Err(format!("{name}: not a MAC address: {}", v.repr())),
        }
    }
    pub fn ip4(&self, name: &str) -> Result<[u8; 4], String> {
        match self {
            V::Str(s) => s
                .parse::<Ipv4Addr>()
                .map(|a| a.octets())
                .map_err(|_| format!("{name}: not an IPv4 address: {s}")),
            V::None => Ok([0; 4]),
            v => Err(format!("{name}: not an IPv4 address: {}", v.repr())),
        }
    }
    pub fn ip6(&self, name: &str) -> Result<[u8; 16], String> {
        match self {
            V::Str(s) => s
                .parse::<Ipv6Addr>()
                .map(|a| a.octets())
                .map_err(|_| format!("{name}: not an IPv6 address: {s}")),
            V::None => Ok([0; 16]),
            v => Err(format!("{name}: not an IPv6 address: {}", v.repr())),
        }
    }
    /// Python's repr of the value, as `command()` writes it.
    pub fn repr(&self) -> String {
        match self {
            V::None => "None".into(),
            V::Int(n) => n.to_string(),
            V::Str(s) => str_repr(s),
            V::Bytes(b) => bytes_repr(b),
            V::List(l) => format!(
                "[{}]",
                l.iter().map(|x| x.repr()).collect::<Vec<_>>().join(", ")
            ),
            V::Tuple(t) if t.len() == 1 => format!("({},)", t[0].repr()),
            V::Tuple(t) => format!(
                "({})",
                t.iter().map(|x| x.repr()).collect::<Vec<_>>().join(", ")
            ),
            V::Pkt(l) => format!("<{}>", l.tpl.class),
        }
    }
}

fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let parts: Vec<&str> = s.split([':', '-']).collect();
    if parts.len() != 6 {
        return None;
    }
    let mut m = [0u8; 6];
    for (o, p) in m.iter_mut().zip(parts) {
        if p.is_empty() || p.len() > 2 {
            return None;
        }
        *o = u8::from_str_radix(p, 16).ok()?;
    }
    Some(m)
}

thread_local! {
    static NAMES: std::cell::RefCell<HashMap<usize, HashMap<String, i64>>> = Default::default();
}

/// The number a name stands for in an enum field's table.
fn lookup(table: fn(i64) -> String, max: i64, name: &str) -> Option<i64> {
    NAMES.with(|n| {
        let mut n = n.borrow_mut();
        let m = n.entry(table as usize).or_insert_with(|| {
            let mut m = HashMap::new();
            for i in (0..=max).rev() {
                let s = table(i);
                if s != i.to_string() {
                    m.insert(s, i);
                }
            }
            m
        });
        m.get(name).copied()
    })
}

/// A flag value's bits from its text: letters (`'SA'`) or names joined by `+`.
fn parse_flags(names: &[&str], s: &str) -> Option<i64> {
    let letters = names.iter().all(|n| n.len() == 1);
    let mut v = 0i64;
    if letters {
        for c in s.chars() {
            let i = names.iter().position(|n| n.starts_with(c))?;
            v |= 1 << i;
        }
    } else {
        for part in s.split('+').filter(|p| !p.is_empty()) {
            let i = names.iter().position(|n| *n == part)?;
            v |= 1 << i;
        }
    }
    Some(v)
}

/// Scapy's `<Flag 2 (S)>`: letters run together, longer names joined by `+`.
pub fn flag_repr(names: &[&str], v: i64) -> String {
    let text = crate::dissect::field::flag_names(v as u64, names);
    if names.iter().all(|n| n.len() == 1) {
        format!("<Flag {v} ({})>", text.replace('+', ""))
    } else {
        format!("<Flag {v} ({text})>")
    }
}

impl Kind {
    /// What the field holds when a script sets it to `v`.
    pub fn coerce(self, name: &str, v: V) -> Result<V, String> {
        let bad = |v: &V, what: &str| Err(format!("{name} takes {what}, not {}", v.repr()));
        Ok(match (self, v) {
            (_, V::None) => V::None,
            (Kind::Int, v @ V::Int(_)) => v,
            (Kind::Enum(..), v @ V::Int(_)) => v,
            (Kind::Enum(t, max), V::Str(s)) => match lookup(t, max, &s) {
                Some(n) => V::Int(n),
                None => return Err(format!("{name}: unknown name {}", str_repr(&s))),
            },
            (Kind::Flags(_), v @ V::Int(_)) => v,
            (Kind::Flags(names), V::Str(s)) => match parse_flags(names, &s) {
                Some(n) => V::Int(n),
                None => return Err(format!("{name}: unknown flags {}", str_repr(&s))),
            },
            (Kind::Mac, V::Str(s)) => match parse_mac(&s) {
                Some(_) => V::Str(s.to_lowercase()),
                None => return Err(format!("{name}: not a MAC address: {s}")),
            },
            (Kind::Ip4, V::Str(s)) => match s.parse::<Ipv4Addr>() {
                Ok(_) => V::Str(s),
                Err(_) => {
                    return Err(format!(
                        "{name}: not an IPv4 address: {s} (pcapsh does not resolve names or build from networks yet)"
                    ))
                }
            },
            (Kind::Ip6, V::Str(s)) => match s.parse::<Ipv6Addr>() {
                Ok(a) => V::Str(a.to_string()),
                Err(_) => return Err(format!("{name}: not an IPv6 address: {s}")),
            },
            (Kind::Addr, V::Str(s)) => {
                if s.parse::<std::net::IpAddr>().is_err() {
                    return Err(format!("{name}: not an IP address: {s}"));
                }
                V::Str(s)
            }
            (Kind::Bytes, V::Str(s)) => V::Bytes(s.into_bytes()),
            (Kind::Bytes | Kind::RData, v @ (V::Bytes(_) | V::Str(_))) => v,
            (Kind::Name, V::Str(s)) => name_bytes(s.into_bytes()),
            (Kind::Name, V::Bytes(b)) => name_bytes(b),
            (Kind::TcpOptions | Kind::IpOptions, v @ V::Bytes(_)) => v,
            (Kind::TcpOptions, V::List(l)) => V::List(l),
            (Kind::IpOptions, V::List(l)) if l.is_empty() => V::List(l),
            (Kind::IpOptions, v) => {
                return Err(format!(
                    "{name}: building IP options is not supported yet (give them as bytes), not {}",
                    v.repr()
                ))
            }
            (Kind::Records(c), V::Pkt(p)) if p.tpl.class == c => V::List(vec![V::Pkt(p)]),
            (Kind::Records(c), V::List(l)) => {
                for x in &l {
                    if !matches!(x, V::Pkt(p) if p.tpl.class == c) {
                        return bad(x, &format!("a list of {c}"));
                    }
                }
                V::List(l)
            }
            (Kind::RData, v @ (V::Int(_) | V::List(_))) => v,
            (Kind::Int | Kind::Enum(..) | Kind::Flags(_), v) => return bad(&v, "a number"),
            (_, v) => return bad(&v, "another kind of value"),
        })
    }
}

/// A DNS name as Scapy keeps it: ending in a dot.
fn name_bytes(mut b: Vec<u8>) -> V {
    if b.last() != Some(&b'.') {
        b.push(b'.');
    }
    V::Bytes(b)
}

/// Milliseconds since midnight UTC (ICMP's timestamp default).
fn ms_today() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    now % 86_400_000
}

/// A field's default value.
pub fn default(d: &Def) -> V {
    match d.default {
        D::None => V::None,
        D::Int(n) => V::Int(n),
        D::Str(s) => V::Str(s.into()),
        D::Bytes(b) => V::Bytes(b.to_vec()),
        D::List => V::List(vec![]),
        D::Question => match super::template("DNSQR") {
            Some(t) => V::List(vec![V::Pkt(Box::new(Layer::new(t)))]),
            None => V::List(vec![]),
        },
        D::Now => V::Int(ms_today()),
    }
}

/// Python's repr of a field's default, as `ls(CLASS)` prints it.
pub fn default_repr(d: &Def) -> String {
    match (d.default, d.kind) {
        (D::Int(n), Kind::Flags(names)) => flag_repr(names, n),
        (D::Question, _) => "[<DNSQR  |>]".into(),
        _ => default(d).repr(),
    }
}

/// A field of a packet read from bytes (its dissected value), as a template holds it.
pub fn from_field(d: &Def, f: &FieldValue) -> Option<V> {
    Some(match (f, d.kind) {
        (_, Kind::TcpOptions | Kind::IpOptions) => return None,
        (FieldValue::Int(n), _) => V::Int(*n),
        (FieldValue::Flags(v, _), _) => V::Int(*v as i64),
        (FieldValue::Str(s), _) => V::Str(s.clone()),
        (FieldValue::Bytes(b), _) => V::Bytes(b.clone()),
        (FieldValue::None, _) => V::None,
        (FieldValue::Packets(list), Kind::Records(c)) => {
            let t = super::template(c)?;
            V::List(
                list.iter()
                    .map(|n| {
                        let mut l = Layer::new(t);
                        for (name, f) in &n.fields {
                            if let Some(i) = t.index(name) {
                                if let Some(v) = from_field(&t.fields[i], &f.value) {
                                    l.set.push((i, v));
                                }
                            }
                        }
                        V::Pkt(Box::new(l))
                    })
                    .collect(),
            )
        }
        (FieldValue::List(items), _) => V::List(
            items
                .iter()
                .filter_map(|x| match x {
                    FieldValue::Bytes(b) => Some(V::Bytes(b.clone())),
                    FieldValue::Str(s) => Some(V::Str(s.clone())),
                    _ => None,
                })
                .collect(),
        ),
        _ => return None,
    })
}

/// The Internet checksum (RFC 1071) of bytes.
pub fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for c in data.chunks(2) {
        let w = if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], 0])
        };
        sum += w as u32;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}
