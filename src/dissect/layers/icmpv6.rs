//! ICMPv6 (RFC 4443) with neighbour discovery (RFC 4861), MLD (RFC 2710, 3810) and node
//! information (RFC 4620) messages, each a class of its own as in Scapy.

use super::{Class, Ops, Proto};
use crate::build::{f, put16, Ctx, Def, Kind, Template, D};
use crate::dissect::field::{bytes, chain, enum_field, hex, int, named, text, Fields, Nested};
use crate::dissect::view::{addr16, be16, be32, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv6_str;

/// ICMPv6 message classes, as Scapy names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Icmp6 {
    DestUnreach,
    PacketTooBig,
    TimeExceeded,
    ParamProblem,
    EchoRequest,
    EchoReply,
    MLQuery,
    MLQuery2,
    MLReport,
    MLDone,
    MLReport2,
    NdRs,
    NdRa,
    NdNs,
    NdNa,
    NdRedirect,
    NiQuery,
    NiReply,
    Unknown,
}

view!(
    /// An ICMPv6 header: type, code, checksum, and the message's fixed part.
    Header,
    4
);

impl<'a> Header<'a> {
    pub fn kind(&self) -> u8 {
        self.0[0]
    }
    pub fn code(&self) -> u8 {
        self.0[1]
    }
    pub fn cksum(&self) -> u16 {
        be16(self.0, 2)
    }
    /// A 16-bit word of the message body, 0 where the message is shorter.
    pub fn word(&self, at: usize) -> u16 {
        if self.0.len() >= at + 2 {
            be16(self.0, at)
        } else {
            0
        }
    }
    pub fn long(&self, at: usize) -> u32 {
        if self.0.len() >= at + 4 {
            be32(self.0, at)
        } else {
            0
        }
    }
    pub fn byte(&self, at: usize) -> u8 {
        self.0.get(at).copied().unwrap_or(0)
    }
    /// The target address of a neighbour solicitation or advertisement.
    pub fn target(&self) -> Option<String> {
        (self.0.len() >= 24).then(|| ipv6_str(&addr16(self.0, 8)))
    }
    pub fn rest(&self, at: usize) -> &'a [u8] {
        self.0.get(at..).unwrap_or(&[])
    }
}

const fn c(name: &'static str, display: &'static str) -> Class {
    Class::new(name, display, "scapy.layers.inet6")
}

/// The classes, in the order of `Icmp6`.
static CLASSES: [Class; 19] = [
    c("ICMPv6DestUnreach", "ICMPv6 Destination Unreachable"),
    c("ICMPv6PacketTooBig", "ICMPv6 Packet Too Big"),
    c("ICMPv6TimeExceeded", "ICMPv6 Time Exceeded"),
    c("ICMPv6ParamProblem", "ICMPv6 Parameter Problem"),
    c("ICMPv6EchoRequest", "ICMPv6 Echo Request"),
    c("ICMPv6EchoReply", "ICMPv6 Echo Reply"),
    c("ICMPv6MLQuery", "MLD - Multicast Listener Query"),
    c("ICMPv6MLQuery2", "MLDv2 - Multicast Listener Query"),
    c("ICMPv6MLReport", "MLD - Multicast Listener Report"),
    c("ICMPv6MLDone", "MLD - Multicast Listener Done"),
    c("ICMPv6MLReport2", "MLDv2 - Multicast Listener Report"),
    c(
        "ICMPv6ND_RS",
        "ICMPv6 Neighbor Discovery - Router Solicitation",
    ),
    c(
        "ICMPv6ND_RA",
        "ICMPv6 Neighbor Discovery - Router Advertisement",
    ),
    c(
        "ICMPv6ND_NS",
        "ICMPv6 Neighbor Discovery - Neighbor Solicitation",
    ),
    c(
        "ICMPv6ND_NA",
        "ICMPv6 Neighbor Discovery - Neighbor Advertisement",
    ),
    c("ICMPv6ND_Redirect", "ICMPv6 Neighbor Discovery - Redirect"),
    c(
        "ICMPv6NIQueryNOOP",
        "ICMPv6 Node Information Query - NOOP Query",
    ),
    c(
        "ICMPv6NIReplyNOOP",
        "ICMPv6 Node Information Reply - NOOP Reply",
    ),
    c("ICMPv6Unknown", "Scapy6 ICMPv6 fallback class"),
];

pub static ICMPV6: Ops = Ops {
    classes: &CLASSES,
    class: |p| match p {
        Proto::Icmpv6(k) => &CLASSES[k as usize],
        _ => &CLASSES[18],
    },
    fields,
    summary,
};

/// Scapy's ICMPv6 class for a type, and its fixed header length (`rest` bytes are there).
fn class_of(t: u8, rest: usize) -> Option<(Icmp6, usize)> {
    use Icmp6::*;
    Some(match t {
        1 => (DestUnreach, 8),
        2 => (PacketTooBig, 8),
        3 => (TimeExceeded, 8),
        4 => (ParamProblem, 8),
        // Echo data is a field of the message, not a payload.
        128 => (EchoRequest, rest.max(8)),
        129 => (EchoReply, rest.max(8)),
        130 if rest > 24 => (MLQuery2, rest.max(28)),
        130 => (MLQuery, 24),
        131 => (MLReport, 24),
        132 => (MLDone, 24),
        133 => (NdRs, 8),
        134 => (NdRa, 16),
        135 => (NdNs, 24),
        136 => (NdNa, 24),
        143 => (MLReport2, rest.max(8)),
        139 => (NiQuery, 16),
        140 => (NiReply, 16),
        _ => return None,
    })
}

pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let Some((kind, hl)) = class_of(h.kind(), w.rest()) else {
        return Next::Raw;
    };
    if w.rest() < hl {
        return Next::Raw;
    }
    let (index, start) = (w.next_index(), w.at);
    w.push(Proto::Icmpv6(kind), hl);
    use Icmp6::*;
    if matches!(kind, DestUnreach | TimeExceeded) && !w.quoted {
        super::icmp::mark_ext(w, index, start, hl);
    }
    match kind {
        DestUnreach | PacketTooBig | TimeExceeded | ParamProblem => {
            Next::Parse(super::ipv6::parse_quoted)
        }
        NdRs | NdRa | NdNs | NdNa => Next::Parse(super::ndopt::parse),
        _ => Next::Raw,
    }
}

fn type_name(t: u8) -> String {
    let s = match t {
        1 => "Destination unreachable",
        2 => "Packet too big",
        3 => "Time exceeded",
        4 => "Parameter problem",
        128 => "Echo Request",
        129 => "Echo Reply",
        130 => "MLD Query",
        131 => "MLD Report",
        132 => "MLD Done",
        133 => "Router Solicitation",
        134 => "Router Advertisement",
        135 => "Neighbor Solicitation",
        136 => "Neighbor Advertisement",
        137 => "Redirect Message",
        143 => "MLD Report Version 2",
        _ => return t.to_string(),
    };
    s.to_string()
}

fn fields(p: &Packet, i: usize) -> Fields {
    let (Some(h), Proto::Icmpv6(k)) = (p.view::<Header>(i), p.layers()[i].proto) else {
        return vec![];
    };
    let addr = |at: usize| text(ipv6_str(&addr16_or_zero(h.rest(at))));
    let mut f = vec![("type", named(h.kind(), type_name(h.kind())))];
    let code = ("code", int(h.code()));
    let cksum = ("cksum", hex(h.cksum()));
    use Icmp6::*;
    match k {
        DestUnreach | TimeExceeded => {
            f.extend([
                (
                    "code",
                    enum_field(
                        h.code(),
                        if k == DestUnreach {
                            UNREACH_CODES
                        } else {
                            EXCEEDED_CODES
                        },
                    ),
                ),
                cksum,
                ("length", int(h.byte(4))),
                (
                    "unused",
                    hex(u32::from_be_bytes([0, h.byte(5), h.byte(6), h.byte(7)])),
                ),
            ]);
            super::icmp::ext_fields(p, i, &mut f);
        }
        PacketTooBig => f.extend([code, cksum, ("mtu", int(h.long(4)))]),
        ParamProblem => f.extend([
            ("code", enum_field(h.code(), PARAM_CODES)),
            cksum,
            ("ptr", int(h.long(4))),
        ]),
        EchoRequest | EchoReply => f.extend([
            code,
            cksum,
            ("id", hex(h.word(4))),
            ("seq", hex(h.word(6))),
            ("data", bytes(h.rest(8))),
        ]),
        MLQuery | MLReport | MLDone => f.extend([
            code,
            cksum,
            ("mrd", int(h.word(4))),
            ("reserved", int(h.word(6))),
            ("mladdr", addr(8)),
        ]),
        NdRs => f.extend([code, cksum, ("res", int(h.long(4)))]),
        NdRa => {
            let b = h.byte(5);
            f.extend([
                code,
                cksum,
                ("chlim", int(h.byte(4))),
                ("M", int(b >> 7)),
                ("O", int((b >> 6) & 1)),
                ("H", int((b >> 5) & 1)),
                (
                    "prf",
                    named((b >> 3) & 3, PREFERENCES[((b >> 3) & 3) as usize].into()),
                ),
                ("P", int((b >> 2) & 1)),
                ("res", int(b & 3)),
                ("routerlifetime", int(h.word(6))),
                ("reachabletime", int(h.long(8))),
                ("retranstimer", int(h.long(12))),
            ]);
        }
        NdNs => f.extend([code, cksum, ("res", int(h.long(4))), ("tgt", addr(8))]),
        NdNa => {
            let w = h.long(4);
            f.extend([
                code,
                cksum,
                ("R", int(w >> 31)),
                ("S", int((w >> 30) & 1)),
                ("O", int((w >> 29) & 1)),
                ("res", hex(w & 0x1fff_ffff)),
                ("tgt", addr(8)),
            ]);
        }
        NdRedirect => f.extend([
            code,
            cksum,
            ("res", hex(h.long(4))),
            ("tgt", addr(8)),
            ("dst", addr(24)),
        ]),
        MLReport2 => f.extend([
            ("res", int(h.byte(1))),
            cksum,
            ("reserved", int(h.word(4))),
            ("records_number", int(h.word(6))),
            ("records", chain(mld_records(h.rest(8), h.word(6)))),
        ]),
        // TODO(issue 9): MLDv2 queries, node information messages.
        MLQuery2 | NiQuery | NiReply | Unknown => f.extend([code, cksum]),
    }
    f
}

/// MLDv2 multicast address records (RFC 3810 section 5.2.4) as Scapy reads them: the
/// first record takes the rest as its payload, a record at a time, until the bytes end;
/// a record cut short is Raw.
fn mld_records(mut b: &[u8], count: u16) -> Vec<Nested> {
    let mut out = Vec::new();
    if count == 0 {
        return out;
    }
    while !b.is_empty() {
        let Some(head) = b.get(..20) else {
            out.push(Nested {
                class: "Raw",
                display: "Raw",
                fields: vec![("load", bytes(b))],
            });
            break;
        };
        let (aux, n) = (
            head[1] as usize,
            u16::from_be_bytes([head[2], head[3]]) as usize,
        );
        let src_end = (20 + 16 * n).min(b.len());
        let sources: Vec<String> = b[20..src_end]
            .chunks_exact(16)
            .map(|c| ipv6_str(&addr16_or_zero(c)))
            .collect();
        let aux_end = (src_end + aux).min(b.len());
        out.push(Nested {
            class: "ICMPv6MLDMultAddrRec",
            display: "ICMPv6 MLDv2 - Multicast Address Record",
            fields: vec![
                ("rtype", int(head[0])),
                ("auxdata_len", int(head[1])),
                ("sources_number", int(n as i64)),
                ("dst", text(ipv6_str(&addr16_or_zero(&head[4..20])))),
                (
                    "sources",
                    crate::dissect::field::Field {
                        show: format!("[ {} ]", sources.join(", ")),
                        value: crate::dissect::field::FieldValue::List(
                            sources
                                .iter()
                                .map(|s| crate::dissect::field::FieldValue::Str(s.clone()))
                                .collect(),
                        ),
                    },
                ),
                ("auxdata", bytes(&b[src_end..aux_end])),
            ],
        });
        b = &b[aux_end..];
    }
    out
}

const UNREACH_CODES: &[(i64, &str)] = &[
    (0, "No route to destination"),
    (
        1,
        "Communication with destination administratively prohibited",
    ),
    (2, "Beyond scope of source address"),
    (3, "Address unreachable"),
    (4, "Port unreachable"),
];
const EXCEEDED_CODES: &[(i64, &str)] = &[
    (0, "hop limit exceeded in transit"),
    (1, "fragment reassembly time exceeded"),
];
const PARAM_CODES: &[(i64, &str)] = &[
    (0, "erroneous header field encountered"),
    (1, "unrecognized Next Header type encountered"),
    (2, "unrecognized IPv6 option encountered"),
    (3, "first fragment has incomplete header chain"),
];

const PREFERENCES: [&str; 4] = ["Medium (default)", "High", "Reserved", "Low"];

/// Sixteen bytes as an address, zeros where the message is cut short.
fn addr16_or_zero(b: &[u8]) -> [u8; 16] {
    let mut a = [0; 16];
    let n = b.len().min(16);
    a[..n].copy_from_slice(&b[..n]);
    a
}

fn summary(p: &Packet, i: usize) -> String {
    let (Some(h), Proto::Icmpv6(k)) = (p.view::<Header>(i), p.layers()[i].proto) else {
        return String::new();
    };
    match k {
        Icmp6::EchoRequest | Icmp6::EchoReply => format!(
            "ICMPv6 Echo {} (id: {:#x} seq: {:#x})",
            if k == Icmp6::EchoRequest {
                "Request"
            } else {
                "Reply"
            },
            h.word(4),
            h.word(6)
        ),
        Icmp6::NdNs | Icmp6::NdNa => format!(
            "ICMPv6 Neighbor Discovery - Neighbor {} (tgt: {})",
            if k == Icmp6::NdNs {
                "Solicitation"
            } else {
                "Advertisement"
            },
            h.target().unwrap_or_default()
        ),
        Icmp6::NdRa => {
            let f = h.byte(5);
            let prf = PREFERENCES[((f >> 3) & 3) as usize];
            format!(
                "ICMPv6 Neighbor Discovery - Router Advertisement Lifetime {} Hop Limit {} \
                 Preference {prf} Managed {} Other {} Home {}",
                h.word(6),
                h.byte(4),
                f >> 7,
                (f >> 6) & 1,
                (f >> 5) & 1
            )
        }
        _ => String::new(),
    }
}

fn type_name_i(n: i64) -> String {
    type_name(n as u8)
}

const ECHO_FIELDS: [Def; 6] = [
    f(
        "type",
        "ByteEnumField",
        Kind::Enum(type_name_i, 255),
        D::Int(128),
    ),
    f("code", "ByteField", Kind::Int, D::Int(0)),
    f("cksum", "XShortField", Kind::Int, D::None),
    f("id", "XShortField", Kind::Int, D::Int(0)),
    f("seq", "XShortField", Kind::Int, D::Int(0)),
    f("data", "StrField", Kind::Bytes, D::Bytes(b"")),
];

/// `ICMPv6EchoRequest(id=..., seq=..., data=...)`: `cksum` over the IPv6 pseudo-header.
pub static BUILD_ECHO_REQUEST: Template = Template {
    class: "ICMPv6EchoRequest",
    fields: &ECHO_FIELDS,
    build: build_echo,
    start: parse,
    linktype: 0,
    options_at: 0,
};

pub static BUILD_ECHO_REPLY: Template = Template {
    class: "ICMPv6EchoReply",
    fields: &[
        f(
            "type",
            "ByteEnumField",
            Kind::Enum(type_name_i, 255),
            D::Int(129),
        ),
        f("code", "ByteField", Kind::Int, D::Int(0)),
        f("cksum", "XShortField", Kind::Int, D::None),
        f("id", "XShortField", Kind::Int, D::Int(0)),
        f("seq", "XShortField", Kind::Int, D::Int(0)),
        f("data", "StrField", Kind::Bytes, D::Bytes(b"")),
    ],
    build: build_echo,
    start: parse,
    linktype: 0,
    options_at: 0,
};

fn build_echo(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = Vec::with_capacity(8 + c.payload.len());
    o.push(c.int("type")? as u8);
    o.push(c.int("code")? as u8);
    put16(&mut o, 0);
    put16(&mut o, c.int("id")?);
    put16(&mut o, c.int("seq")?);
    o.extend_from_slice(&c.get("data").bytes());
    o.extend_from_slice(c.payload);
    let ck = match c.opt("cksum")? {
        Some(v) => v as u16,
        None => crate::build::l4_checksum(c, 58, &o)?.unwrap_or(0),
    };
    o[2..4].copy_from_slice(&ck.to_be_bytes());
    Ok(o)
}
