//! DNS (RFC 1035) on port 53, mDNS on 5353 and LLMNR (RFC 4795) on 5355: the layer. The
//! message itself (questions, records, names) is read by `dnsmsg`.

use super::dnsmsg::{class_name, type_name, Question, RData, Record};
use super::{Class, Ops, Proto};
use crate::build::{f, put16, put32, Ctx, Kind, Template, D, V};
use crate::dissect::field::{
    bytes, enum_field, int, named, none, packets, text, xstr, Fields, Nested,
};
use crate::dissect::names;
use crate::dissect::view::{be16, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::bytes_repr;

view!(
    /// A DNS header: id, flags, the four counts.
    Header,
    12
);

impl Header<'_> {
    pub fn id(&self) -> u16 {
        be16(self.0, 0)
    }
    fn flag(&self, byte: usize, shift: u8, mask: u8) -> u8 {
        (self.0[byte] >> shift) & mask
    }
    pub fn qr(&self) -> u8 {
        self.flag(2, 7, 1)
    }
    pub fn opcode(&self) -> u8 {
        self.flag(2, 3, 0xf)
    }
    pub fn rcode(&self) -> u8 {
        self.flag(3, 0, 0xf)
    }
    pub fn count(&self, n: usize) -> u16 {
        be16(self.0, 4 + 2 * n)
    }
}

pub static DNS: Ops = Ops {
    classes: &[
        Class::new("DNS", "DNS", "scapy.layers.dns"),
        // The question and record classes live inside the DNS layer's lists.
        Class::new("DNSQR", "DNS Question Record", "scapy.layers.dns"),
        Class::new("DNSRR", "DNS Resource Record", "scapy.layers.dns"),
        Class::new("DNSRRSOA", "DNS SOA Resource Record", "scapy.layers.dns"),
        Class::new(
            "DNSRRHINFO",
            "DNS HINFO Resource Record",
            "scapy.layers.dns",
        ),
        Class::new("DNSRRMX", "DNS MX Resource Record", "scapy.layers.dns"),
        Class::new("DNSRRSRV", "DNS SRV Resource Record", "scapy.layers.dns"),
        Class::new(
            "DNSRRNAPTR",
            "DNS NAPTR Resource Record",
            "scapy.layers.dns",
        ),
        Class::new("DNSRROPT", "DNS OPT Resource Record", "scapy.layers.dns"),
        Class::new("DNSRRDS", "DNS DS Resource Record", "scapy.layers.dns"),
        Class::new("DNSRRRSIG", "DNS RRSIG Resource Record", "scapy.layers.dns"),
        Class::new("DNSRRNSEC", "DNS NSEC Resource Record", "scapy.layers.dns"),
        Class::new(
            "DNSRRDNSKEY",
            "DNS DNSKEY Resource Record",
            "scapy.layers.dns",
        ),
        Class::new(
            "DNSRRNSEC3",
            "DNS NSEC3 Resource Record",
            "scapy.layers.dns",
        ),
        Class::new(
            "DNSRRNSEC3PARAM",
            "DNS NSEC3PARAM Resource Record",
            "scapy.layers.dns",
        ),
        Class::new("DNSRRSVCB", "DNS SVCB Resource Record", "scapy.layers.dns"),
        Class::new(
            "DNSRRHTTPS",
            "DNS HTTPS Resource Record",
            "scapy.layers.dns",
        ),
        Class::new("DNSRRTSIG", "DNS TSIG Resource Record", "scapy.layers.dns"),
        Class::new("DNSRRDLV", "DNS DLV Resource Record", "scapy.layers.dns"),
    ],
    class: |_| &DNS.classes[0],
    fields,
    summary,
};

pub static LLMNR: Ops = Ops {
    classes: &[
        Class::new(
            "LLMNRQuery",
            "Link Local Multicast Node Resolution - Query",
            "scapy.layers.llmnr",
        ),
        Class::new(
            "LLMNRResponse",
            "Link Local Multicast Node Resolution - Response",
            "scapy.layers.llmnr",
        ),
    ],
    class: |p| &LLMNR.classes[usize::from(p == Proto::LlmnrResponse)],
    fields,
    summary,
};

pub fn parse(w: &mut Walk) -> Next {
    message(w, Proto::Dns)
}

pub fn parse_llmnr(w: &mut Walk) -> Next {
    message(w, Proto::Llmnr)
}

fn message(w: &mut Walk, proto: Proto) -> Next {
    let under_tcp = matches!(w.last(), Some(Proto::Tcp | Proto::TcpError));
    let m = w.here();
    if !super::dnsmsg::valid(m, under_tcp) {
        return Next::Raw;
    }
    // Scapy picks LLMNR's class by the QR bit.
    let proto = match m.get(2) {
        Some(b) if proto == Proto::Llmnr && b & 0x80 != 0 => Proto::LlmnrResponse,
        _ => proto,
    };
    // Where the records end matters only to a full dissection; keys need the layer only.
    let len = if w.full {
        super::dnsmsg::parse(m, under_tcp).len
    } else {
        m.len()
    };
    w.push(proto, len);
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let tcp = matches!(p.under(i), Some(Proto::Tcp | Proto::TcpError));
    let m = l.bytes(p.data);
    let mut f = vec![];
    let body = if tcp {
        let Some(len) = m.get(..2) else { return f };
        f.push(("length", int(be16(len, 0))));
        &m[2..]
    } else {
        m
    };
    let Some(h) = Header::new(body) else {
        return f;
    };
    let op = h.opcode();
    let opname = match op {
        0 => "QUERY".to_string(),
        1 => "IQUERY".to_string(),
        2 => "STATUS".to_string(),
        _ => op.to_string(),
    };
    f.extend([("id", int(h.id())), ("qr", int(h.qr()))]);
    if matches!(l.proto, Proto::Llmnr | Proto::LlmnrResponse) {
        // LLMNR's flags (RFC 4795): conflict, truncation, tentative, four reserved bits.
        let opname = if op == 0 {
            "QUERY".into()
        } else {
            op.to_string()
        };
        f.extend([
            ("opcode", named(op, opname)),
            ("c", int(h.flag(2, 2, 1))),
            ("tc", int(h.flag(2, 1, 1))),
            ("t", int(h.flag(2, 0, 1))),
            ("z", int(h.flag(3, 4, 4))),
        ]);
    } else {
        f.extend([
            ("opcode", named(op, opname)),
            ("aa", int(h.flag(2, 2, 1))),
            ("tc", int(h.flag(2, 1, 1))),
            ("rd", int(h.flag(2, 0, 1))),
            ("ra", int(h.flag(3, 7, 1))),
            ("z", int(h.flag(3, 6, 1))),
            ("ad", int(h.flag(3, 5, 1))),
            ("cd", int(h.flag(3, 4, 1))),
        ]);
    }
    f.extend([
        ("rcode", named(h.rcode(), names::dns_rcode(h.rcode()))),
        ("qdcount", int(h.count(0))),
        ("ancount", int(h.count(1))),
        ("nscount", int(h.count(2))),
        ("arcount", int(h.count(3))),
    ]);
    let m = p.dns(i);
    f.push(("qd", packets(m.questions.iter().map(question).collect())));
    for (name, section) in ["an", "ns", "ar"].into_iter().zip(&m.sections) {
        f.push((name, packets(section.iter().map(record).collect())));
    }
    f
}

/// A question as Scapy's DNSQR shows it.
fn question(q: &Question) -> Nested {
    let ur = q.qclass >> 15;
    let cls = q.qclass & 0x7fff;
    Nested {
        class: "DNSQR",
        display: "DNS Question Record",
        fields: vec![
            ("qname", bytes(&q.name)),
            ("qtype", named(q.qtype, type_name(q.qtype))),
            ("unicastresponse", int(ur)),
            ("qclass", named(cls, class_name(cls))),
        ],
    }
}

/// EDNS0 option codes as Scapy names them.
const EDNS0_CODES: &[(i64, &str)] = &[
    (0, "Reserved"),
    (1, "LLQ"),
    (2, "UL"),
    (3, "NSID"),
    (4, "Owner"),
    (5, "DAU"),
    (6, "DHU"),
    (7, "N3U"),
    (8, "edns-client-subnet"),
    (10, "COOKIE"),
    (12, "Padding"),
    (15, "Extended DNS Error"),
];

/// The options in an OPT record's rdata (RFC 6891 6.1.2), each as Scapy's class for it.
// TODO(issue 9): the other EDNS0 classes Scapy has (NSID, Extended DNS Error ...).
fn edns0_options(mut b: &[u8]) -> Vec<Nested> {
    let mut out = Vec::new();
    while b.len() >= 4 {
        let (code, len) = (be16(b, 0), be16(b, 2) as usize);
        let data = &b[4..(4 + len).min(b.len())];
        let mut fields = vec![
            ("optcode", enum_field(code, EDNS0_CODES)),
            ("optlen", int(len as u16)),
        ];
        let (class, display) = match code {
            10 if data.len() >= 8 => {
                fields.push(("client_cookie", xstr(&data[..8])));
                fields.push(("server_cookie", xstr(&data[8..])));
                ("EDNS0COOKIE", "DNS EDNS0 COOKIE")
            }
            8 if data.len() >= 4 => {
                let family = be16(data, 0);
                let addr = &data[4..];
                let address = match family {
                    1 => {
                        let mut a = [0u8; 4];
                        a[..addr.len().min(4)].copy_from_slice(&addr[..addr.len().min(4)]);
                        crate::pyfmt::ipv4_str(&a)
                    }
                    2 => {
                        let mut a = [0u8; 16];
                        a[..addr.len().min(16)].copy_from_slice(&addr[..addr.len().min(16)]);
                        crate::pyfmt::ipv6_str(&a)
                    }
                    _ => bytes_repr(addr),
                };
                fields.extend([
                    ("family", int(family)),
                    ("source_plen", int(data[2])),
                    ("scope_plen", int(data[3])),
                    ("address", text(format!("'{address}'"))),
                ]);
                ("EDNS0ClientSubnet", "DNS EDNS0 Client Subnet")
            }
            _ => {
                fields.push(("optdata", bytes(data)));
                ("EDNS0TLV", "DNS EDNS0 TLV")
            }
        };
        out.push(Nested {
            class,
            display,
            fields,
        });
        b = &b[(4 + len).min(b.len())..];
    }
    out
}

/// A resource record as Scapy's class for its type shows it: a plain DNSRR's rdata, the
/// fields of SOA, MX, SRV, RRSIG, DS, DLV, DNSKEY, NSEC, NSEC3, NSEC3PARAM and TSIG, OPT's
/// options; the other typed
/// records show their common fields.
// TODO(issue 9): NAPTR, HINFO, SVCB/HTTPS.
fn record(r: &Record) -> Nested {
    // The record classes' display names are the DNS layer's own class list.
    let display = DNS
        .classes
        .iter()
        .find(|c| c.name == r.class)
        .map_or("DNS Resource Record", |c| c.display);
    let mut fields = vec![
        ("rrname", bytes(&r.name)),
        ("type", named(r.rtype, type_name(r.rtype))),
    ];
    if r.class == "DNSRROPT" {
        // OPT reuses the class and TTL fields as its own (RFC 6891).
        let z = r.ttl & 0xffff;
        fields.extend([
            (
                "rclass",
                enum_field(r.rclass, &[(1, "IN"), (3, "CH"), (4, "HS"), (255, "ANY")]),
            ),
            ("extrcode", int(r.ttl >> 24)),
            ("version", int((r.ttl >> 16) & 0xff)),
            ("z", enum_field(z, &[(32768, "D0")])),
            ("rdlen", none()),
            ("rdata", packets(edns0_options(&r.raw))),
        ]);
        return Nested {
            class: r.class,
            display,
            fields,
        };
    } else if matches!(r.class, "DNSRRSOA" | "DNSRRTSIG") {
        // These two have no cache-flush bit in Scapy.
        fields.extend([
            ("rclass", named(r.rclass, class_name(r.rclass))),
            ("ttl", int(r.ttl)),
        ]);
    } else {
        let cls = r.rclass & 0x7fff;
        fields.extend([
            ("cacheflush", int(r.rclass >> 15)),
            ("rclass", named(cls, class_name(cls))),
            ("ttl", int(r.ttl)),
        ]);
    }
    fields.push(("rdlen", none()));
    for (name, v) in &r.typed {
        fields.push((
            name,
            match v {
                super::dnsmsg::Typed::Name(n) | super::dnsmsg::Typed::Bytes(n) => bytes(n),
                super::dnsmsg::Typed::Int(i) => int(*i),
                super::dnsmsg::Typed::Shown(i, s) => named(*i, s.clone()),
                super::dnsmsg::Typed::Listed(b, t) => crate::dissect::field::Field {
                    value: crate::dissect::field::FieldValue::Bytes(b.clone()),
                    show: t.clone(),
                },
            },
        ));
    }
    if let Some(d) = &r.rdata {
        fields.push((
            "rdata",
            match d {
                RData::Addr(a) => text(a.clone()),
                RData::Bytes(b) => bytes(b),
                RData::Texts(t) => {
                    crate::dissect::field::list(t.iter().map(|x| bytes(x)).collect())
                }
            },
        ));
    }
    Nested {
        class: r.class,
        display,
        fields,
    }
}

fn summary(p: &Packet, i: usize) -> String {
    let m = p.dns(i);
    if matches!(p.layers()[i].proto, Proto::Llmnr | Proto::LlmnrResponse) {
        let mut s = if m.qr { "LLMNRResponse" } else { "LLMNRQuery" }.to_string();
        if m.qr {
            match (&m.rrname, &m.answer) {
                (Some(n), Some(a)) => s.push_str(&format!(
                    " '{}' is at '{}'",
                    crate::pyfmt::decode_backslash(n),
                    a
                )),
                _ => s.push_str(" [malformed]"),
            }
        } else {
            match &m.qname {
                Some(n) => s.push_str(&format!(" who has '{}'", crate::pyfmt::decode_backslash(n))),
                None => s.push_str(" [malformed]"),
            }
        }
        return s;
    }
    let mdns = matches!(p.under(i), Some(Proto::Udp | Proto::UdpError))
        && p.view::<super::udp::Header>(i - 1)
            .is_some_and(|u| u.dport() == 5353);
    let mut s = String::from(if mdns { "mDNS " } else { "DNS " });
    if m.qr {
        s.push_str("Ans");
        if let Some(a) = &m.answer {
            s.push(' ');
            s.push_str(a);
        } else if m.rcode != 0 {
            s.push(' ');
            s.push_str(&names::dns_rcode(m.rcode));
        }
    } else {
        s.push_str("Qry");
        if let Some(q) = &m.qname {
            s.push(' ');
            s.push_str(&bytes_repr(q));
        }
    }
    s
}

fn opcode_name(n: i64) -> String {
    match n {
        0 => "QUERY".into(),
        1 => "IQUERY".into(),
        2 => "STATUS".into(),
        _ => n.to_string(),
    }
}

fn rcode_name(n: i64) -> String {
    names::dns_rcode(n as u8)
}

fn qtype_name(n: i64) -> String {
    type_name(n as u16)
}

fn qclass_name(n: i64) -> String {
    class_name(n as u16)
}

/// `DNS(rd=1, qd=DNSQR(qname='example.org'))`: the counts follow the lists; over TCP
/// the message is preceded by its length.
pub static BUILD: Template = Template {
    class: "DNS",
    fields: &[
        f("length", "ShortField (Cond)", Kind::Int, D::None),
        f("id", "ShortField", Kind::Int, D::Int(0)),
        f("qr", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f(
            "opcode",
            "BitEnumField",
            Kind::Enum(opcode_name, 15),
            D::Int(0),
        ),
        f("aa", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f("tc", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f("rd", "BitField  (1 bit)", Kind::Int, D::Int(1)),
        f("ra", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f("z", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f("ad", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f("cd", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f(
            "rcode",
            "BitEnumField",
            Kind::Enum(rcode_name, 15),
            D::Int(0),
        ),
        f("qdcount", "FieldLenField", Kind::Int, D::None),
        f("ancount", "FieldLenField", Kind::Int, D::None),
        f("nscount", "FieldLenField", Kind::Int, D::None),
        f("arcount", "FieldLenField", Kind::Int, D::None),
        f(
            "qd",
            "_DNSPacketListField",
            Kind::Records("DNSQR"),
            D::Question,
        ),
        f("an", "_DNSPacketListField", Kind::Records("DNSRR"), D::List),
        f("ns", "_DNSPacketListField", Kind::Records("DNSRR"), D::List),
        f("ar", "_DNSPacketListField", Kind::Records("DNSRR"), D::List),
    ],
    build: build_dns,
    start: parse,
    linktype: 0,
    options_at: 0,
};

pub static BUILD_QR: Template = Template {
    class: "DNSQR",
    fields: &[
        f(
            "qname",
            "DNSStrField",
            Kind::Name,
            D::Bytes(b"www.example.com."),
        ),
        f(
            "qtype",
            "ShortEnumField",
            Kind::Enum(qtype_name, 65535),
            D::Int(1),
        ),
        f("unicastresponse", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f(
            "qclass",
            "BitEnumField",
            Kind::Enum(qclass_name, 32767),
            D::Int(1),
        ),
    ],
    build: build_record,
    start: parse,
    linktype: 0,
    options_at: 0,
};

pub static BUILD_RR: Template = Template {
    class: "DNSRR",
    fields: &[
        f("rrname", "DNSStrField", Kind::Name, D::Bytes(b".")),
        f(
            "type",
            "ShortEnumField",
            Kind::Enum(qtype_name, 65535),
            D::Int(1),
        ),
        f("cacheflush", "BitField  (1 bit)", Kind::Int, D::Int(0)),
        f(
            "rclass",
            "BitEnumField",
            Kind::Enum(qclass_name, 32767),
            D::Int(1),
        ),
        f("ttl", "IntField", Kind::Int, D::Int(0)),
        f("rdlen", "FieldLenField", Kind::Int, D::None),
        f(
            "rdata",
            "MultipleTypeField (IPField, IP6Field, DNSStrField, DNSTextField, StrLenField)",
            Kind::RData,
            D::Bytes(b""),
        ),
    ],
    build: build_record,
    start: parse,
    linktype: 0,
    options_at: 0,
};

/// A record's data as Scapy's MultipleTypeField keeps it for the record's type: an
/// address as text, a name as bytes ending in a dot, anything else as bytes.
pub fn rdata_as_set(t: i64, v: V) -> V {
    let name_type = matches!(t, 2..=5 | 7..=9 | 12 | 39);
    match v {
        V::Str(s) if t == 1 || t == 28 => V::Str(s),
        V::Str(_) | V::Bytes(_) if name_type => {
            let mut b = v.bytes();
            if b.last() != Some(&b'.') {
                b.push(b'.');
            }
            V::Bytes(b)
        }
        V::Str(s) => V::Bytes(s.into_bytes()),
        v => v,
    }
}

/// A DNS name in labels, uncompressed, as Scapy writes it.
fn name_wire(b: &[u8]) -> Vec<u8> {
    let mut o = Vec::with_capacity(b.len() + 2);
    for label in b.split(|&c| c == b'.').filter(|l| !l.is_empty()) {
        o.push(label.len().min(63) as u8);
        o.extend_from_slice(&label[..label.len().min(63)]);
    }
    o.push(0);
    o
}

fn rdata_wire(t: i64, v: &V) -> Result<Vec<u8>, String> {
    Ok(match (t, v) {
        (1, V::Str(_)) => v.ip4("rdata")?.to_vec(),
        (28, V::Str(_)) => v.ip6("rdata")?.to_vec(),
        (2..=5 | 7..=9 | 12 | 39, V::Str(_) | V::Bytes(_)) => name_wire(&v.bytes()),
        (16, V::List(items)) => {
            let mut o = Vec::new();
            for x in items {
                let b = x.bytes();
                o.push(b.len().min(255) as u8);
                o.extend_from_slice(&b[..b.len().min(255)]);
            }
            o
        }
        (16, V::Str(_) | V::Bytes(_)) => {
            let b = v.bytes();
            let mut o = vec![b.len().min(255) as u8];
            o.extend_from_slice(&b[..b.len().min(255)]);
            o
        }
        (_, V::Bytes(b)) => b.clone(),
        (_, V::Str(s)) => s.as_bytes().to_vec(),
        (_, V::None) => Vec::new(),
        (_, x) => return Err(format!("rdata: cannot write {}", x.repr())),
    })
}

/// A question or resource record (built inside DNS's lists, or alone).
fn build_record(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = name_wire(
        &c.get(if c.tpl.class == "DNSQR" {
            "qname"
        } else {
            "rrname"
        })
        .bytes(),
    );
    if c.tpl.class == "DNSQR" {
        put16(&mut o, c.int("qtype")?);
        put16(
            &mut o,
            c.int("unicastresponse")? << 15 | (c.int("qclass")? & 0x7fff),
        );
    } else {
        let t = c.int("type")?;
        put16(&mut o, t);
        put16(
            &mut o,
            c.int("cacheflush")? << 15 | (c.int("rclass")? & 0x7fff),
        );
        put32(&mut o, c.int("ttl")?);
        let rd = rdata_wire(t, c.get("rdata"))?;
        put16(&mut o, c.opt("rdlen")?.unwrap_or(rd.len() as i64));
        o.extend_from_slice(&rd);
    }
    o.extend_from_slice(c.payload);
    Ok(o)
}

fn build_dns(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = Vec::new();
    put16(&mut o, c.int("id")?);
    let bit = |n: &str| c.int(n).map(|v| v & 1);
    o.push(
        (bit("qr")? << 7
            | (c.int("opcode")? & 15) << 3
            | bit("aa")? << 2
            | bit("tc")? << 1
            | bit("rd")?) as u8,
    );
    o.push(
        (bit("ra")? << 7
            | bit("z")? << 6
            | bit("ad")? << 5
            | bit("cd")? << 4
            | (c.int("rcode")? & 15)) as u8,
    );
    let lists = ["qd", "an", "ns", "ar"];
    for (l, n) in lists
        .iter()
        .zip(["qdcount", "ancount", "nscount", "arcount"])
    {
        let len = match c.get(l) {
            V::List(x) => x.len() as i64,
            _ => 0,
        };
        put16(&mut o, c.opt(n)?.unwrap_or(len));
    }
    for l in lists {
        if let V::List(items) = c.get(l) {
            for it in items {
                if let V::Pkt(layer) = it {
                    let one = crate::build::Built::one((**layer).clone());
                    o.extend_from_slice(&one.bytes()?);
                }
            }
        }
    }
    if matches!(c.under(), Some(("TCP", _))) {
        let len = c.opt("length")?.unwrap_or(o.len() as i64);
        let mut p = Vec::with_capacity(o.len() + 2);
        put16(&mut p, len);
        p.extend_from_slice(&o);
        o = p;
    }
    o.extend_from_slice(c.payload);
    Ok(o)
}
