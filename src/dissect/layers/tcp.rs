//! TCP (RFC 9293), and the TCP header an ICMP error quotes (Scapy's TCPerror).

use super::{Class, Ops, Proto};
use crate::build::{f, put16, put32, Ctx, Kind, Template, D, V};
use crate::dissect::bind::{port, TCP_PORTS};
use crate::dissect::field::{flags, hex, int, named, Field, FieldValue, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, be32, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::bytes_repr;

/// A TCP header: 20 bytes and its options, or the first 8 bytes of one quoted in an
/// ICMP error (ports and sequence number only).
pub struct Header<'a>(&'a [u8]);

pub const MIN_LEN: usize = 20;
/// What an ICMP error must quote of a TCP header: ports and sequence number.
pub const QUOTED_LEN: usize = 8;

impl<'a> View<'a> for Header<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        (b.len() >= QUOTED_LEN).then_some(Header(b))
    }
}

impl<'a> Header<'a> {
    pub fn sport(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn dport(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn seq(&self) -> u32 {
        be32(self.0, 4)
    }
    /// Whether the header goes past the first 8 bytes (not a short quote).
    pub fn complete(&self) -> bool {
        self.0.len() >= MIN_LEN
    }
    pub fn ack(&self) -> u32 {
        if self.complete() {
            be32(self.0, 8)
        } else {
            0
        }
    }
    pub fn dataofs(&self) -> u8 {
        if self.complete() {
            self.0[12] >> 4
        } else {
            0
        }
    }
    pub fn reserved(&self) -> u8 {
        if self.complete() {
            (self.0[12] >> 1) & 7
        } else {
            0
        }
    }
    /// The nine flag bits, FIN lowest.
    pub fn flags(&self) -> u16 {
        if self.complete() {
            be16(self.0, 12) & 0x01ff
        } else {
            0
        }
    }
    fn word(&self, at: usize) -> u16 {
        if self.complete() {
            be16(self.0, at)
        } else {
            0
        }
    }
    pub fn window(&self) -> u16 {
        self.word(14)
    }
    pub fn chksum(&self) -> u16 {
        self.word(16)
    }
    pub fn urgptr(&self) -> u16 {
        self.word(18)
    }
    pub fn options(&self) -> &'a [u8] {
        self.0.get(MIN_LEN..).unwrap_or(&[])
    }
}

/// TCP flag letters, lowest bit first, as Scapy's FlagValue prints them.
pub fn flags_text(f: u16) -> String {
    const LETTERS: &[u8] = b"FSRPAUECN";
    LETTERS
        .iter()
        .enumerate()
        .filter(|(i, _)| f & (1 << i) != 0)
        .map(|(_, &c)| c as char)
        .collect()
}

pub static TCP: Ops = Ops {
    classes: &[Class::new("TCP", "TCP", "scapy.layers.inet")],
    class: |_| &TCP.classes[0],
    fields,
    summary,
};

pub static TCP_ERROR: Ops = Ops {
    classes: &[Class::new("TCPerror", "TCP in ICMP", "scapy.layers.inet")],
    class: |_| &TCP_ERROR.classes[0],
    fields,
    summary: super::no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    let rest = w.rest();
    if w.quoted && (QUOTED_LEN..MIN_LEN).contains(&rest) {
        // TCPerror may end after the first 8 octets of the quoted header.
        w.push(Proto::TcpError, QUOTED_LEN);
        return Next::Raw;
    }
    if rest < MIN_LEN {
        return Next::Raw;
    }
    let h = Header(w.here());
    let hl = (h.dataofs() as usize * 4).max(MIN_LEN).min(rest);
    let (sp, dp) = (h.sport(), h.dport());
    w.push(
        if w.quoted {
            Proto::TcpError
        } else {
            Proto::Tcp
        },
        hl,
    );
    if w.at < w.end {
        port(
            TCP_PORTS,
            sp,
            dp,
            w.extended,
            if w.quoted { 0 } else { w.loaded },
        )
    } else {
        Next::Raw
    }
}

/// TCP options as Scapy lists them: `[('MSS', 1460), ('SAckOK', b''), ...]`, a list of
/// (name, value) tuples, with the text its repr shows.
fn options_field(o: &[u8]) -> Field {
    let mut items: Vec<(String, FieldValue)> = Vec::new();
    let pair = |name: &str, show: String, v: FieldValue| {
        (
            format!("('{name}', {show})"),
            FieldValue::Tuple(vec![FieldValue::Str(name.into()), v]),
        )
    };
    let mut i = 0;
    while i < o.len() {
        let kind = o[i];
        if kind == 0 {
            items.push(pair("EOL", "None".into(), FieldValue::None));
            break;
        }
        if kind == 1 {
            items.push(pair("NOP", "None".into(), FieldValue::None));
            i += 1;
            continue;
        }
        let Some(&len) = o.get(i + 1) else { break };
        let len = len as usize;
        if len < 2 || i + len > o.len() {
            break;
        }
        let v = &o[i + 2..i + len];
        let num = |b: &[u8]| b.iter().fold(0i64, |a, &x| a << 8 | x as i64);
        let ints = |n: Vec<i64>| {
            let show = match n.len() {
                1 => format!("({},)", n[0]),
                _ => format!(
                    "({})",
                    n.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            (
                show,
                FieldValue::Tuple(n.into_iter().map(FieldValue::Int).collect()),
            )
        };
        let bytes = |b: &[u8]| (bytes_repr(b), FieldValue::Bytes(b.to_vec()));
        items.push(match (kind, v.len()) {
            (2, 2) => pair("MSS", num(v).to_string(), FieldValue::Int(num(v))),
            (3, 1) => pair("WScale", v[0].to_string(), FieldValue::Int(v[0] as i64)),
            (4, 0) => pair("SAckOK", "b''".into(), FieldValue::Bytes(vec![])),
            (5, n) if n % 8 == 0 => {
                let (show, t) = ints(v.chunks(4).map(num).collect());
                pair("SAck", show, t)
            }
            (8, 8) => {
                let (show, t) = ints(vec![num(&v[..4]), num(&v[4..])]);
                pair("Timestamp", show, t)
            }
            (28, 2) => pair("UTO", num(v).to_string(), FieldValue::Int(num(v))),
            (34, _) => {
                let (show, b) = bytes(v);
                pair("TFO", show, b)
            }
            _ => {
                let (show, b) = bytes(v);
                (
                    format!("({kind}, {show})"),
                    FieldValue::Tuple(vec![FieldValue::Int(kind as i64), b]),
                )
            }
        });
        i += len;
    }
    let show: Vec<String> = items.iter().map(|(s, _)| s.clone()).collect();
    Field {
        show: format!("[{}]", show.join(", ")),
        value: FieldValue::List(items.into_iter().map(|(_, v)| v).collect()),
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let (sp, dp) = (h.sport(), h.dport());
    let mut f = vec![
        ("sport", named(sp, names::tcp_port(sp))),
        ("dport", named(dp, names::tcp_port(dp))),
        ("seq", int(h.seq())),
    ];
    if h.complete() {
        f.extend([
            ("ack", int(h.ack())),
            ("dataofs", int(h.dataofs())),
            ("reserved", int(h.reserved())),
            ("flags", flags(h.flags(), true, flags_text(h.flags()))),
            ("window", int(h.window())),
            ("chksum", hex(h.chksum())),
            ("urgptr", int(h.urgptr())),
            ("options", options_field(h.options())),
        ]);
    } else {
        // A quote of the first 8 octets: Scapy stops reading there and shows the rest of
        // TCP's fields at their defaults.
        let none = crate::dissect::field::none;
        f.extend([
            ("ack", int(0)),
            ("dataofs", none()),
            ("reserved", int(0)),
            ("flags", flags(2, true, flags_text(2))),
            ("window", int(8192)),
            ("chksum", none()),
            ("urgptr", int(0)),
            ("options", options_field(&[])),
        ]);
    }
    f
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    let (sp, dp) = (names::tcp_port(h.sport()), names::tcp_port(h.dport()));
    let flags = flags_text(h.flags());
    match p.under(i) {
        Some(Proto::Ip | Proto::IpError | Proto::Ipv6) => {
            let (s, d) = super::ipv4::addrs(p, i - 1);
            format!("TCP {s}:{sp} > {d}:{dp} {flags}")
        }
        _ => format!("TCP {sp} > {dp} {flags}"),
    }
}

fn port_name(n: i64) -> String {
    names::tcp_port(n as u16)
}

/// `TCP(dport=80, flags='S', options=[('MSS', 1460)])`: `dataofs` and `chksum` computed.
pub static BUILD: Template = Template {
    class: "TCP",
    fields: &[
        f(
            "sport",
            "ShortEnumField",
            Kind::Enum(port_name, 65535),
            D::Int(20),
        ),
        f(
            "dport",
            "ShortEnumField",
            Kind::Enum(port_name, 65535),
            D::Int(80),
        ),
        f("seq", "IntField", Kind::Int, D::Int(0)),
        f("ack", "IntField", Kind::Int, D::Int(0)),
        f("dataofs", "BitField  (4 bits)", Kind::Int, D::None),
        f("reserved", "BitField  (3 bits)", Kind::Int, D::Int(0)),
        f(
            "flags",
            "FlagsField",
            Kind::Flags(&["F", "S", "R", "P", "A", "U", "E", "C", "N"]),
            D::Int(2),
        ),
        f("window", "ShortField", Kind::Int, D::Int(8192)),
        f("chksum", "XShortField", Kind::Int, D::None),
        f("urgptr", "ShortField", Kind::Int, D::Int(0)),
        f(
            "options",
            "TCPOptionsField",
            Kind::TcpOptions,
            D::Bytes(b""),
        ),
    ],
    build: build_tcp,
    start: parse,
    linktype: 0,
    options_at: MIN_LEN,
};

/// TCP options as Scapy writes them, padded with zeros to a multiple of 4.
fn options_bytes(v: &V) -> Result<Vec<u8>, String> {
    let mut o = Vec::new();
    let items = match v {
        V::Bytes(b) => return Ok(b.clone()),
        V::List(l) => l,
        _ => return Ok(o),
    };
    for it in items {
        let V::Tuple(t) = it else {
            return Err(format!(
                "a TCP option is a (name, value) tuple, not {}",
                it.repr()
            ));
        };
        let (Some(name), val) = (t.first(), t.get(1).unwrap_or(&V::None)) else {
            return Err("an empty TCP option".into());
        };
        let kind: u8 = match name {
            V::Str(s) => match s.as_str() {
                "EOL" => 0,
                "NOP" => 1,
                "MSS" => 2,
                "WScale" => 3,
                "SAckOK" => 4,
                "SAck" => 5,
                "Timestamp" => 8,
                "AltChkSum" => 14,
                "AltChkSumOpt" => 15,
                "MD5" => 19,
                "UTO" => 28,
                "AO" => 29,
                "TFO" => 34,
                s => return Err(format!("unknown TCP option {s:?}")),
            },
            V::Int(n) => *n as u8,
            x => return Err(format!("a TCP option name, not {}", x.repr())),
        };
        if kind <= 1 {
            o.push(kind);
            continue;
        }
        let ints = |vals: &[V], w: usize| -> Result<Vec<u8>, String> {
            let mut b = Vec::new();
            for x in vals {
                let n = x.int("option")?;
                b.extend_from_slice(&(n as u64).to_be_bytes()[8 - w..]);
            }
            Ok(b)
        };
        let body = match (kind, val) {
            (2 | 28, V::Int(n)) => ints(&[V::Int(*n)], 2)?,
            (3, V::Int(n)) => vec![*n as u8],
            (5 | 8, V::Tuple(t)) => ints(t, 4)?,
            (_, V::Bytes(b)) => b.clone(),
            (_, V::Str(s)) => s.as_bytes().to_vec(),
            (_, V::None) => vec![],
            (_, x) => return Err(format!("TCP option {kind}: cannot write {}", x.repr())),
        };
        o.push(kind);
        o.push((body.len() + 2) as u8);
        o.extend_from_slice(&body);
    }
    while o.len() % 4 != 0 {
        o.push(0);
    }
    Ok(o)
}

/// Option bytes as Scapy's list (`[('MSS', 1460), ('NOP', None)]`) when that list
/// writes them back unchanged; else the bytes.
pub fn options_value(o: &[u8]) -> V {
    let mut items = Vec::new();
    let mut i = 0;
    let num = |b: &[u8]| V::Int(b.iter().fold(0i64, |a, &x| a << 8 | x as i64));
    let pair = |n: &str, v: V| V::Tuple(vec![V::Str(n.into()), v]);
    while i < o.len() {
        let kind = o[i];
        if kind <= 1 {
            items.push(pair(if kind == 0 { "EOL" } else { "NOP" }, V::None));
            i += 1;
            continue;
        }
        let Some(&len) = o.get(i + 1) else { break };
        let len = len as usize;
        if len < 2 || i + len > o.len() {
            return V::Bytes(o.to_vec());
        }
        let v = &o[i + 2..i + len];
        items.push(match (kind, v.len()) {
            (2, 2) => pair("MSS", num(v)),
            (3, 1) => pair("WScale", num(v)),
            (4, 0) => pair("SAckOK", V::Bytes(vec![])),
            (5, n) if n % 4 == 0 => pair("SAck", V::Tuple(v.chunks(4).map(num).collect())),
            (8, 8) => pair("Timestamp", V::Tuple(vec![num(&v[..4]), num(&v[4..])])),
            (28, 2) => pair("UTO", num(v)),
            _ => V::Tuple(vec![V::Int(kind as i64), V::Bytes(v.to_vec())]),
        });
        i += len;
    }
    let list = V::List(items);
    match options_bytes(&list) {
        Ok(b) if b == o => list,
        _ => V::Bytes(o.to_vec()),
    }
}

fn build_tcp(c: &Ctx) -> Result<Vec<u8>, String> {
    let opts = options_bytes(c.get("options"))?;
    let dataofs = c.opt("dataofs")?.unwrap_or(5 + opts.len() as i64 / 4);
    let flags = c.int("flags")?;
    let mut o = Vec::with_capacity(MIN_LEN + opts.len() + c.payload.len());
    put16(&mut o, c.int("sport")?);
    put16(&mut o, c.int("dport")?);
    put32(&mut o, c.int("seq")?);
    put32(&mut o, c.int("ack")?);
    o.push(((dataofs & 15) << 4 | (c.int("reserved")? & 7) << 1 | (flags >> 8 & 1)) as u8);
    o.push(flags as u8);
    put16(&mut o, c.int("window")?);
    put16(&mut o, 0);
    put16(&mut o, c.int("urgptr")?);
    o.extend_from_slice(&opts);
    o.extend_from_slice(c.payload);
    let ck = match c.opt("chksum")? {
        Some(v) => v as u16,
        None => crate::build::l4_checksum(c, 6, &o)?.unwrap_or(0),
    };
    o[16..18].copy_from_slice(&ck.to_be_bytes());
    Ok(o)
}
