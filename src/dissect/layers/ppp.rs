//! PPP (RFC 1661), its HDLC-like framing (RFC 1662) and PPP over Ethernet (RFC 2516).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::bind::{find, PPP_PROTOCOLS};
use crate::dissect::field::{enum_field, hex, int, Fields};
use crate::dissect::view::{be16, view, View};
use crate::dissect::{Next, Packet, Walk};

view!(
    /// A PPPoE header: version and type, code, session id, payload length.
    Pppoe,
    6
);

impl Pppoe<'_> {
    pub fn version(&self) -> u8 {
        self.0[0] >> 4
    }
    pub fn kind(&self) -> u8 {
        self.0[0] & 0x0f
    }
    pub fn code(&self) -> u8 {
        self.0[1]
    }
    pub fn session(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn payload_len(&self) -> u16 {
        be16(self.0, 4)
    }
}

/// The PPP protocol field: one byte when its low bit is set (RFC 1661), else two.
pub struct Ppp<'a>(&'a [u8]);

impl<'a> View<'a> for Ppp<'a> {
    fn new(b: &'a [u8]) -> Option<Self> {
        match b.first() {
            Some(x) if x & 1 == 1 => Some(Ppp(b)),
            Some(_) if b.len() >= 2 => Some(Ppp(b)),
            _ => None,
        }
    }
}

impl Ppp<'_> {
    pub fn proto_len(&self) -> usize {
        if self.0[0] & 1 == 1 {
            1
        } else {
            2
        }
    }
    pub fn proto(&self) -> u16 {
        if self.proto_len() == 1 {
            self.0[0] as u16
        } else {
            be16(self.0, 0)
        }
    }
}

view!(
    /// HDLC framing: address and control.
    Hdlc,
    2
);

const PPPOED_CODES: &[(i64, &str)] = &[
    (0x00, "PPP Session Stage"),
    (0x09, "PPPoE Active Discovery Initiation (PADI)"),
    (0x07, "PPPoE Active Discovery Offer (PADO)"),
    (0x0a, "PPPoE Active Discovery Session-Grant (PADG)"),
    (
        0x0b,
        "PPPoE Active Discovery Session-Credit Response (PADC)",
    ),
    (0x0c, "PPPoE Active Discovery Quality (PADQ)"),
    (0x19, "PPPoE Active Discovery Request (PADR)"),
    (0x65, "PPPoE Active Discovery Session-confirmation (PADS)"),
    (0xa7, "PPPoE Active Discovery Terminate (PADT)"),
];

/// PPP protocol numbers (IANA's PPP DLL protocol numbers) as Scapy names them.
const PROTOCOLS: &[(i64, &str)] = &[
    (0x0001, "Padding Protocol"),
    (0x0003, "ROHC small-CID [RFC3095]"),
    (0x0005, "ROHC large-CID [RFC3095]"),
    (0x0021, "Internet Protocol version 4"),
    (0x0023, "OSI Network Layer"),
    (0x0025, "Xerox NS IDP"),
    (0x0027, "DECnet Phase IV"),
    (0x0029, "Appletalk"),
    (0x002b, "Novell IPX"),
    (0x002d, "Van Jacobson Compressed TCP/IP"),
    (0x002f, "Van Jacobson Uncompressed TCP/IP"),
    (0x0031, "Bridging PDU"),
    (0x0033, "Stream Protocol (ST-II)"),
    (0x0035, "Banyan Vines"),
    (0x0039, "AppleTalk EDDP"),
    (0x003b, "AppleTalk SmartBuffered"),
    (0x003d, "Multi-Link [RFC1717]"),
    (0x003f, "NETBIOS Framing"),
    (0x0041, "Cisco Systems"),
    (0x0049, "Serial Data Transport Protocol (PPP-SDTP)"),
    (0x004b, "SNA over 802.2"),
    (0x0053, "Encryption [Meyer]"),
    (0x0055, "Individual Link Encryption [Meyer]"),
    (0x0057, "Internet Protocol version 6 [Hinden]"),
    (0x00fd, "compressed datagram [RFC1962]"),
    (0x0281, "MPLS Unicast [RFC3032]  "),
    (0x0283, "MPLS Multicast [RFC3032]"),
    (0x8021, "Internet Protocol Control Protocol"),
    (0x8023, "OSI Network Layer Control Protocol"),
    (0x8029, "Appletalk Control Protocol"),
    (0x802b, "Novell IPX Control Protocol"),
    (0x8031, "Bridging NCP"),
    (0x803d, "Multi-Link Control Protocol"),
    (0x803f, "NETBIOS Framing Control Protocol"),
    (0x8049, "Serial Data Control Protocol (PPP-SDCP)"),
    (0x804b, "SNA over 802.2 Control Protocol"),
    (0x8053, "Encryption Control Protocol [Meyer]"),
    (
        0x8055,
        "Individual Link Encryption Control Protocol [Meyer]",
    ),
    (0x8057, "IPv6 Control Protovol [Hinden]"),
    (
        0x80fb,
        "single link compression in multilink control [RFC1962]",
    ),
    (0x80fd, "Compression Control Protocol [RFC1962]"),
    (0x8281, "MPLSCP [RFC3032]"),
    (0xc021, "Link Control Protocol"),
    (0xc023, "Password Authentication Protocol"),
    (0xc025, "Link Quality Report"),
    (
        0xc02b,
        "BACP Bandwidth Allocation Control Protocol [RFC2125]",
    ),
    (0xc02d, "BAP [RFC2125]"),
    (0xc223, "Challenge Handshake Authentication Protocol"),
    (0xc227, "Extensible Authentication Protocol [RFC2284]"),
];

pub static PPPOE: Ops = Ops {
    classes: &[Class::new("PPPoE", "PPP over Ethernet", "scapy.layers.ppp")],
    class: |_| &PPPOE.classes[0],
    fields: pppoe_fields,
    summary: no_summary,
};

pub static PPPOED: Ops = Ops {
    classes: &[Class::new(
        "PPPoED",
        "PPP over Ethernet Discovery",
        "scapy.layers.ppp",
    )],
    class: |_| &PPPOED.classes[0],
    fields: pppoe_fields,
    summary: pppoed_summary,
};

pub static PPP: Ops = Ops {
    classes: &[Class::new("PPP", "PPP Link Layer", "scapy.layers.ppp")],
    class: |_| &PPP.classes[0],
    fields: ppp_fields,
    summary: no_summary,
};

pub static HDLC: Ops = Ops {
    classes: &[Class::new("HDLC", "HDLC", "scapy.layers.ppp")],
    class: |_| &HDLC.classes[0],
    fields: hdlc_fields,
    summary: no_summary,
};

/// A PPPoE session packet: PPP follows when the code is 0.
pub fn parse_pppoe(w: &mut Walk) -> Next {
    let Some(h) = Pppoe::new(w.here()) else {
        return Next::Raw;
    };
    let code = h.code();
    w.push(Proto::PppoE, 6);
    if code == 0 {
        Next::Parse(parse)
    } else {
        Next::Raw
    }
}

/// A PPPoE discovery packet: its length bounds the tags; the rest is padding.
pub fn parse_pppoed(w: &mut Walk) -> Next {
    let Some(h) = Pppoe::new(w.here()) else {
        return Next::Raw;
    };
    w.cut((w.at + 6 + h.payload_len() as usize).min(w.end));
    let tags = w.here()[0] & 0x0f == 1;
    w.push(Proto::PppoED, 6);
    if tags {
        Next::Parse(super::pppctl::parse_tags)
    } else {
        Next::Raw
    }
}

pub fn parse_hdlc(w: &mut Walk) -> Next {
    if Hdlc::new(w.here()).is_none() {
        return Next::Raw;
    }
    w.push(Proto::Hdlc, 2);
    Next::Parse(parse)
}

pub fn parse(w: &mut Walk) -> Next {
    match w.here().first() {
        None => return Next::Done,
        Some(0xff) => return Next::Parse(parse_hdlc),
        Some(_) => {}
    }
    let Some(h) = Ppp::new(w.here()) else {
        return Next::Raw;
    };
    let proto = h.proto();
    w.push(Proto::Ppp, h.proto_len());
    find(PPP_PROTOCOLS, proto).map_or(Next::Raw, Next::Parse)
}

fn pppoe_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Pppoe>(i) else {
        return vec![];
    };
    let codes: &[(i64, &str)] = if p.layers()[i].proto == Proto::PppoE {
        &[(0, "Session")]
    } else {
        PPPOED_CODES
    };
    vec![
        ("version", int(h.version())),
        ("type", int(h.kind())),
        ("code", enum_field(h.code(), codes)),
        ("sessionid", hex(h.session())),
        ("len", int(h.payload_len())),
    ]
}

fn pppoed_summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Pppoe>(i) else {
        return String::new();
    };
    match PPPOED_CODES.iter().find(|(c, _)| *c == h.code() as i64) {
        Some((_, name)) => name.to_string(),
        None => h.code().to_string(),
    }
}

fn ppp_fields(p: &Packet, i: usize) -> Fields {
    match p.view::<Ppp>(i) {
        Some(h) => vec![("proto", enum_field(h.proto(), PROTOCOLS))],
        None => vec![],
    }
}

fn hdlc_fields(p: &Packet, i: usize) -> Fields {
    match p.view::<Hdlc>(i) {
        Some(h) => vec![("address", hex(h.0[0])), ("control", hex(h.0[1]))],
        None => vec![],
    }
}
