//! RIP v1 and v2 (RFC 1058, 2453) on UDP port 520: the header, route entries and the
//! authentication entry.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{enum_field, fixed_str, int, text, Fields};
use crate::dissect::view::{addr4, be16, be32, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

view!(
    /// The RIP header: command, version, a zero field.
    Header,
    4
);

pub const ENTRY_LEN: usize = 20;

view!(
    /// A route entry, or the authentication entry that takes an entry's place: 20 bytes.
    Entry,
    ENTRY_LEN
);

impl Entry<'_> {
    pub fn family(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn addr(&self, at: usize) -> String {
        ipv4_str(&addr4(self.0, at))
    }
}

const MODULE: &str = "scapy.layers.rip";

pub static RIP: Ops = Ops {
    classes: &[Class::new("RIP", "RIP header", MODULE)],
    class: |_| &RIP.classes[0],
    fields: header_fields,
    summary: no_summary,
};

pub static ENTRY: Ops = Ops {
    classes: &[Class::new("RIPEntry", "RIP entry", MODULE)],
    class: |_| &ENTRY.classes[0],
    fields: entry_fields,
    summary: no_summary,
};

pub static AUTH: Ops = Ops {
    classes: &[Class::new("RIPAuth", "RIP authentication", MODULE)],
    class: |_| &AUTH.classes[0],
    fields: auth_fields,
    summary: no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    if Header::new(w.here()).is_none() {
        return Next::Raw;
    }
    w.push(Proto::Rip, 4);
    Next::Parse(parse_entry)
}

/// Entries follow one another; one whose family is 0xffff is the authentication entry.
/// Fewer than 20 bytes left are Raw, as Scapy leaves them.
fn parse_entry(w: &mut Walk) -> Next {
    if w.rest() == 0 {
        return Next::Done;
    }
    let Some(e) = Entry::new(w.here()) else {
        return Next::Raw;
    };
    let auth = e.family() == 0xffff;
    if auth && !matches!(be16(e.0, 2), 2 | 3) {
        // Keyed MD5 data of a length only the header knows: not read here.
        return Next::Raw;
    }
    w.push(
        if auth {
            Proto::RipAuth
        } else {
            Proto::RipEntry
        },
        ENTRY_LEN,
    );
    Next::Parse(parse_entry)
}

const COMMANDS: &[(i64, &str)] = &[
    (1, "req"),
    (2, "resp"),
    (3, "traceOn"),
    (4, "traceOff"),
    (5, "sun"),
    (6, "trigReq"),
    (7, "trigResp"),
    (8, "trigAck"),
    (9, "updateReq"),
    (10, "updateResp"),
    (11, "updateAck"),
];

fn header_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    vec![
        ("cmd", enum_field(h.0[0], COMMANDS)),
        ("version", int(h.0[1])),
        ("null", int(be16(h.0, 2))),
    ]
}

fn entry_fields(p: &Packet, i: usize) -> Fields {
    let Some(e) = p.view::<Entry>(i) else {
        return vec![];
    };
    vec![
        ("AF", enum_field(e.family(), &[(2, "IP")])),
        ("RouteTag", int(be16(e.0, 2))),
        ("addr", text(e.addr(4))),
        ("mask", text(e.addr(8))),
        ("nextHop", text(e.addr(12))),
        ("metric", enum_field(be32(e.0, 16), &[(16, "Unreach")])),
    ]
}

fn auth_fields(p: &Packet, i: usize) -> Fields {
    let Some(e) = p.view::<Entry>(i) else {
        return vec![];
    };
    let b = e.0;
    let kind = be16(b, 2);
    let mut f = vec![
        ("AF", enum_field(e.family(), &[(0xffff, "Auth")])),
        (
            "authtype",
            enum_field(kind, &[(1, "md5authdata"), (2, "simple"), (3, "md5")]),
        ),
    ];
    if kind == 2 {
        f.push(("password", fixed_str(&b[4..20])));
    } else {
        f.extend([
            ("digestoffset", int(be16(b, 4))),
            ("keyid", int(b[6])),
            ("authdatalen", int(b[7])),
            ("seqnum", int(be32(b, 8))),
            ("zeropad", fixed_str(&b[12..20])),
        ]);
    }
    f
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    /// A RIPv1 response with one route, the first of frame 4471 of
    /// ../shared/captures/ppp-example.pcap, whose summary Scapy 2.8.0 prints as
    /// `Ether / IP / UDP 10.0.0.138:route > 10.0.0.255:route / RIP / RIPEntry / ...`.
    #[test]
    fn response_with_one_route() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([0, 1, 2, 3, 4, 5], [0xff; 6])
            .ipv4([10, 0, 0, 138], [10, 0, 0, 255], 1)
            .udp(520, 520)
            .write(
                &mut b,
                &[
                    2, 1, 0, 0, 0, 2, 0, 0, 212, 199, 17, 109, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                ],
            )
            .unwrap();
        let p = dissect(linktype::ETHERNET, &b);
        assert!(summary(&p).ends_with("/ RIP / RIPEntry"), "{}", summary(&p));
        let text = show::show(&p, 3);
        assert!(
            text.starts_with("###[ RIP header ]###\n  cmd       = resp\n"),
            "{text}"
        );
        assert!(text.contains("     addr      = 212.199.17.109\n"), "{text}");
    }
}
