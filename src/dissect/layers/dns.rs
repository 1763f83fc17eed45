//! DNS (RFC 1035) on port 53, mDNS on 5353 and LLMNR (RFC 4795) on 5355: the layer. The
//! message itself (questions, records, names) is read by `dnsmsg`.

use super::{Class, Ops, Proto};
use crate::dissect::field::{bytes, int, named, Fields};
use crate::dissect::names;
use crate::dissect::view::{be16, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::bytes_repr;

/// A DNS header: id, flags, the four counts.
pub struct Header<'a>(&'a [u8]);

impl<'a> View<'a> for Header<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        (b.len() >= 12).then_some(Header(b))
    }
}

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
    ],
    class: |_| &DNS.classes[0],
    fields,
    summary,
};

pub static LLMNR: Ops = Ops {
    classes: &[Class::new(
        "LLMNRQuery",
        "Link Local Multicast Node Resolution - Query",
        "scapy.layers.llmnr",
    )],
    class: |_| &LLMNR.classes[0],
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
    f.extend([
        ("id", int(h.id())),
        ("qr", int(h.qr())),
        ("opcode", named(op, opname)),
        ("aa", int(h.flag(2, 2, 1))),
        ("tc", int(h.flag(2, 1, 1))),
        ("rd", int(h.flag(2, 0, 1))),
        ("ra", int(h.flag(3, 7, 1))),
        ("z", int(h.flag(3, 6, 1))),
        ("ad", int(h.flag(3, 5, 1))),
        ("cd", int(h.flag(3, 4, 1))),
        ("rcode", named(h.rcode(), names::dns_rcode(h.rcode()))),
        ("qdcount", int(h.count(0))),
        ("ancount", int(h.count(1))),
        ("nscount", int(h.count(2))),
        ("arcount", int(h.count(3))),
    ]);
    if let Some(q) = &p.dns(i).qname {
        f.push(("qname", bytes(q)));
    }
    f
}

fn summary(p: &Packet, i: usize) -> String {
    let m = p.dns(i);
    if p.layers()[i].proto == Proto::Llmnr {
        let mut s = if m.qr { "LLMNRResponse" } else { "LLMNRQuery" }.to_string();
        if m.qr {
            match (&m.rrname, &m.answer) {
                (Some(n), Some(a)) => {
                    s.push_str(&format!(" '{}' is at '{}'", String::from_utf8_lossy(n), a))
                }
                _ => s.push_str(" [malformed]"),
            }
        } else {
            match &m.qname {
                Some(n) => s.push_str(&format!(" who has '{}'", String::from_utf8_lossy(n))),
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
