//! IEEE 802.11 frames as Scapy 2.8.0's `scapy.layers.dot11` dissects them: the MAC
//! header (`Dot11`, or `Dot11FCS` when radiotap says the frame check sequence is there),
//! QoS control, the bodies of management frames (beacons, probes, authentication ...),
//! the control `Ack`, and the encryption headers (WEP, TKIP, CCMP). Information elements
//! are in `dot11elt.rs`; data frames go on to LLC.

use super::{dot11elt, llc, Class, Ops, Proto};
use crate::dissect::field::{
    bytes, enum_field, fixed_str, flag_set, hex, int, named, text, uint, Field, FieldValue, Fields,
};
use crate::dissect::view::{be32, le16, le32, le64, mac, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::mac_str;

const MODULE: &str = "scapy.layers.dot11";

pub static DOT11: Ops = Ops {
    classes: &[
        Class::new("Dot11", "802.11", MODULE),
        Class::new("Dot11FCS", "802.11-FCS", MODULE).under("Dot11"),
    ],
    class: |p| &DOT11.classes[matches!(p, Proto::Dot11(true)) as usize],
    fields: header_fields,
    summary,
};

/// The layers after the MAC header, by their index here (`Proto::Dot11Body`).
pub static BODY: Ops = Ops {
    classes: &[
        Class::new("Dot11QoS", "802.11 QoS", MODULE),
        Class::new("Dot11AssoReq", "802.11 Association Request", MODULE),
        Class::new("Dot11AssoResp", "802.11 Association Response", MODULE),
        Class::new("Dot11ReassoReq", "802.11 Reassociation Request", MODULE),
        Class::new("Dot11ReassoResp", "802.11 Reassociation Response", MODULE)
            .derived("Dot11AssoResp"),
        Class::new("Dot11ProbeReq", "802.11 Probe Request", MODULE),
        Class::new("Dot11ProbeResp", "802.11 Probe Response", MODULE),
        Class::new("Dot11Beacon", "802.11 Beacon", MODULE),
        Class::new("Dot11ATIM", "802.11 ATIM", MODULE),
        Class::new("Dot11Disas", "802.11 Disassociation", MODULE),
        Class::new("Dot11Auth", "802.11 Authentication", MODULE),
        Class::new("Dot11Deauth", "802.11 Deauthentication", MODULE),
        Class::new("Dot11Action", "802.11 Action", MODULE),
        Class::new("Dot11Ack", "802.11 Ack packet", MODULE),
        Class::new("Dot11S1GBeacon", "802.11 S1G Beacon", MODULE),
        Class::new(
            "Dot11Encrypted",
            "802.11 Encrypted (unknown algorithm)",
            MODULE,
        ),
        Class::new("Dot11WEP", "802.11 WEP packet", MODULE).derived("Dot11Encrypted"),
        Class::new("Dot11TKIP", "802.11 TKIP packet", MODULE).derived("Dot11Encrypted"),
        Class::new("Dot11CCMP", "802.11 CCMP packet", MODULE).derived("Dot11Encrypted"),
        Class::new(
            "Dot11SpectrumManagement",
            "802.11 Spectrum Management Action",
            MODULE,
        ),
        Class::new("Dot11WNM", "802.11 WNM Action", MODULE),
        Class::new(
            "Dot11RadioMeasurement",
            "802.11 Radio Measurement Action",
            MODULE,
        ),
        Class::new("Dot11CSA", "Channel Switch Announcement Frame", MODULE),
    ],
    class: |p| match p {
        Proto::Dot11Body(k) => &BODY.classes[(k as usize).min(BODY.classes.len() - 1)],
        _ => &BODY.classes[0],
    },
    fields: body_fields,
    summary: super::no_summary,
};

const QOS: u8 = 0;
const ASSO_REQ: u8 = 1;
const ASSO_RESP: u8 = 2;
const REASSO_REQ: u8 = 3;
const REASSO_RESP: u8 = 4;
const PROBE_REQ: u8 = 5;
const PROBE_RESP: u8 = 6;
const BEACON: u8 = 7;
const ATIM: u8 = 8;
const DISAS: u8 = 9;
const AUTH: u8 = 10;
const DEAUTH: u8 = 11;
const ACTION: u8 = 12;
const ACK: u8 = 13;
const S1G_BEACON: u8 = 14;
const ENCRYPTED: u8 = 15;
const WEP: u8 = 16;
const TKIP: u8 = 17;
const CCMP: u8 = 18;
const SPECTRUM: u8 = 19;
const WNM: u8 = 20;
const RADIO_MEASUREMENT: u8 = 21;
const CSA_FRAME: u8 = 22;

view!(
    /// The frame control, duration and first address every frame has.
    Header,
    10
);

impl Header<'_> {
    pub fn subtype(&self) -> u8 {
        self.0[0] >> 4
    }
    pub fn kind(&self) -> u8 {
        (self.0[0] >> 2) & 3
    }
    fn flags(&self) -> u8 {
        self.0[1]
    }
    /// A control frame extension (type 1, subtype 6).
    fn extension(&self) -> bool {
        (self.kind(), self.subtype()) == (1, 6)
    }
    /// An S1G beacon (type 3, subtype 1), whose flags are laid out differently.
    fn s1g(&self) -> bool {
        (self.kind(), self.subtype()) == (3, 1)
    }
    fn cfe(&self) -> u8 {
        self.flags() >> 4
    }
    fn protected(&self) -> bool {
        if self.extension() {
            self.flags() & 4 != 0
        } else if self.s1g() {
            false
        } else {
            self.flags() & 0x40 != 0
        }
    }
    fn has_addr2(&self) -> bool {
        !matches!(self.kind(), 1 | 3)
            || matches!(self.subtype(), 4 | 5 | 6 | 8 | 9 | 10 | 11 | 14 | 15)
    }
    fn has_addr3(&self) -> bool {
        matches!(self.kind(), 0 | 2) || (self.extension() && self.cfe() == 6)
    }
    fn has_sc(&self) -> bool {
        !matches!(self.kind(), 1 | 3)
    }
    fn has_addr4(&self) -> bool {
        self.kind() == 2 && self.flags() & 3 == 3
    }
    /// The header's length, as Scapy's conditional fields read it.
    pub fn header_len(&self) -> usize {
        10 + 6 * (self.has_addr2() as usize)
            + 6 * (self.has_addr3() as usize)
            + 2 * (self.has_sc() as usize)
            + 6 * (self.has_addr4() as usize)
    }
}

/// The header's fields a frame can leave out (by its type).
pub const CONDITIONAL: &[&str] = &[
    "cfe",
    "FCfield_bw",
    "FCfield2",
    "addr2",
    "addr3",
    "SC",
    "addr4",
];

/// Reads the MAC header (`fcs`: the frame ends in a 4-byte frame check sequence) and
/// picks the body as Scapy's `Dot11.guess_payload_class` does.
fn parse_with(w: &mut Walk, fcs: bool) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    let hlen = h.header_len();
    let need = hlen + if fcs { 4 } else { 0 };
    if w.rest() < need {
        return Next::Raw;
    }
    if fcs {
        w.set_end(w.end - 4);
    }
    let (kind, subtype, protected) = (h.kind(), h.subtype(), h.protected());
    w.push(Proto::Dot11(fcs), hlen);
    if w.rest() == 0 {
        return Next::Done;
    }
    if kind == 2 && (8..=15).contains(&subtype) && subtype != 13 {
        return Next::Parse(parse_qos);
    }
    if protected {
        return encrypted(w);
    }
    let body = match (kind, subtype) {
        (2, _) => return Next::Parse(llc::parse),
        (0, 0) => ASSO_REQ,
        (0, 1) => ASSO_RESP,
        (0, 2) => REASSO_REQ,
        (0, 3) => REASSO_RESP,
        (0, 4) => PROBE_REQ,
        (0, 5) => PROBE_RESP,
        (0, 8) => BEACON,
        (3, 1) => S1G_BEACON,
        (0, 9) => ATIM,
        (0, 10) => DISAS,
        (0, 11) => AUTH,
        (0, 12) => DEAUTH,
        (0, 13) => ACTION,
        (1, 13) => ACK,
        _ => return Next::Raw,
    };
    body_step(w, body)
}

pub fn parse(w: &mut Walk) -> Next {
    parse_with(w, false)
}

pub fn parse_fcs(w: &mut Walk) -> Next {
    parse_with(w, true)
}

/// The fixed fields of each body, in bytes.
fn body_len(kind: u8) -> usize {
    match kind {
        QOS => 2,
        ASSO_REQ => 4,
        ASSO_RESP | REASSO_RESP => 6,
        REASSO_REQ => 10,
        PROBE_RESP | BEACON => 12,
        DISAS | DEAUTH => 2,
        AUTH => 6,
        ACTION | SPECTRUM | WNM | RADIO_MEASUREMENT => 1,
        S1G_BEACON => 5,
        CSA_FRAME => 5,
        _ => 0,
    }
}

fn body_step(w: &mut Walk, kind: u8) -> Next {
    let len = body_len(kind);
    if w.rest() < len {
        return Next::Raw;
    }
    let first = w.here()[0];
    w.push(Proto::Dot11Body(kind), len);
    match kind {
        ASSO_REQ | ASSO_RESP | REASSO_REQ | REASSO_RESP | PROBE_REQ | PROBE_RESP | BEACON
        | AUTH | S1G_BEACON => Next::Parse(dot11elt::parse),
        ACTION if w.rest() > 0 => match first {
            0 => body_step(w, SPECTRUM),
            10 => body_step(w, WNM),
            5 => body_step(w, RADIO_MEASUREMENT),
            _ => Next::Raw,
        },
        SPECTRUM if first == 4 && w.rest() > 0 => body_step(w, CSA_FRAME),
        _ => Next::Raw,
    }
}

/// QoS control; then LLC, or the encryption header of a protected frame.
fn parse_qos(w: &mut Walk) -> Next {
    if w.rest() < 2 {
        return Next::Raw;
    }
    let i = w.next_index();
    w.push(Proto::Dot11Body(QOS), 2);
    let protected = i
        .checked_sub(1)
        .and_then(|j| Header::new(w.p.layers()[j].header(w.data())))
        .is_some_and(|h| h.protected());
    if w.rest() == 0 {
        Next::Done
    } else if protected {
        encrypted(w)
    } else {
        Next::Parse(llc::parse)
    }
}

/// Scapy's `Dot11Encrypted.dispatch_hook`: TKIP, CCMP or WEP by the IV's bits (as
/// Wireshark tells them apart); each takes the rest of the frame.
fn encrypted(w: &mut Walk) -> Next {
    let b = w.here();
    if b.len() < 4 {
        return Next::Raw;
    }
    let kind = if b[3] & 0x20 != 0 && b.len() >= 8 {
        if b[1] == (b[0] | 0x20) & 0x7f {
            TKIP
        } else if b[2] == 0 {
            CCMP
        } else {
            ENCRYPTED
        }
    } else if b.len() >= 8 {
        WEP
    } else {
        return Next::Raw;
    };
    w.push(Proto::Dot11Body(kind), b.len());
    Next::Done
}

const TYPES: &[(i64, &str)] = &[
    (0, "Management"),
    (1, "Control"),
    (2, "Data"),
    (3, "Extension"),
];

fn subtype_name(kind: u8, subtype: u8) -> Option<&'static str> {
    Some(match (kind, subtype) {
        (0, 0) => "Association Request",
        (0, 1) => "Association Response",
        (0, 2) => "Reassociation Request",
        (0, 3) => "Reassociation Response",
        (0, 4) => "Probe Request",
        (0, 5) => "Probe Response",
        (0, 6) => "Timing Advertisement",
        (0, 8) => "Beacon",
        (0, 9) => "ATIM",
        (0, 10) => "Disassociation",
        (0, 11) => "Authentication",
        (0, 12) => "Deauthentication",
        (0, 13) => "Action",
        (0, 14) => "Action No Ack",
        (1, 2) => "Trigger",
        (1, 3) => "TACK",
        (1, 4) => "Beamforming Report Poll",
        (1, 5) => "VHT/HE NDP Announcement",
        (1, 6) => "Control Frame Extension",
        (1, 7) => "Control Wrapper",
        (1, 8) => "Block Ack Request",
        (1, 9) => "Block Ack",
        (1, 10) => "PS-Poll",
        (1, 11) => "RTS",
        (1, 12) => "CTS",
        (1, 13) => "Ack",
        (1, 14) => "CF-End",
        (1, 15) => "CF-End+CF-Ack",
        (2, 0) => "Data",
        (2, 1) => "Data+CF-Ack",
        (2, 2) => "Data+CF-Poll",
        (2, 3) => "Data+CF-Ack+CF-Poll",
        (2, 4) => "Null (no data)",
        (2, 5) => "CF-Ack (no data)",
        (2, 6) => "CF-Poll (no data)",
        (2, 7) => "CF-Ack+CF-Poll (no data)",
        (2, 8) => "QoS Data",
        (2, 9) => "QoS Data+CF-Ack",
        (2, 10) => "QoS Data+CF-Poll",
        (2, 11) => "QoS Data+CF-Ack+CF-Poll",
        (2, 12) => "QoS Null (no data)",
        (2, 14) => "QoS CF-Poll (no data)",
        (2, 15) => "QoS CF-Ack+CF-Poll (no data)",
        (3, 0) => "DMG Beacon",
        (3, 1) => "S1G Beacon",
        _ => return None,
    })
}

const CFE: &[(i64, &str)] = &[
    (2, "Poll"),
    (3, "SPR"),
    (4, "Grant"),
    (5, "DMG CTS"),
    (6, "DMG DTS"),
    (7, "Grant Ack"),
    (8, "SSW"),
    (9, "SSW-Feedback"),
    (10, "SSW-Ack"),
];

static FC_FLAGS: &[&str] = &[
    "to_DS",
    "from_DS",
    "MF",
    "retry",
    "pw_mgt",
    "MD",
    "protected",
    "order",
];
static FC_FLAGS_CFE: &[&str] = &["pw_mgt", "MD", "protected", "order"];
static FC_FLAGS_S1G: &[&str] = &["security", "AP_PM"];
static FC_FLAGS2_S1G: &[&str] = &["next_tbtt", "comp_ssid", "ano"];

/// What an address means in this frame (Scapy's `address_meaning`), `index` 1 to 4.
fn meaning(h: &Header, index: usize, a_msdu: bool) -> Option<&'static str> {
    let i = index - 1;
    match h.kind() {
        0 => ["RA=DA", "TA=SA", "BSSID/STA", ""].get(i).copied(),
        1 if h.extension() && h.cfe() == 6 => ["RA", "NAV-SA", "NAV-DA", ""].get(i).copied(),
        1 => ["RA", "TA", "", ""].get(i).copied(),
        2 => {
            const DATA: [[[&str; 2]; 2]; 4] = [
                [["RA=DA", "RA=DA"], ["RA=BSSID", "RA"]],
                [["TA=SA", "TA=BSSID"], ["TA=SA", "TA"]],
                [["BSSID", "SA"], ["DA", "DA"]],
                [["", ""], ["SA", "BSSID"]],
            ];
            let (to_ds, from_ds) = ((h.flags() & 1) as usize, (h.flags() >> 1 & 1) as usize);
            let m = DATA[i][to_ds][from_ds];
            Some(if !m.is_empty() && i >= 2 && a_msdu {
                "BSSID"
            } else {
                m
            })
        }
        _ => ["BSSID", "", "", ""].get(i).copied(),
    }
    .filter(|m| !m.is_empty())
}

/// A MAC address field as Scapy's `_Dot11MacField` shows it: `aa:bb:... (TA=SA)`.
fn addr(h: &Header, index: usize, at: Option<usize>, a_msdu: bool) -> Field {
    let m = at.map_or("00:00:00:00:00:00".to_string(), |at| mac_str(&mac(h.0, at)));
    let show = match meaning(h, index, a_msdu) {
        Some(x) => format!("{m} ({x})"),
        None => m.clone(),
    };
    Field {
        value: FieldValue::Str(m),
        show,
    }
}

/// Whether the QoS layer after the header says the body is an A-MSDU.
fn a_msdu(p: &Packet, i: usize) -> bool {
    p.layers().get(i + 1).is_some_and(|l| {
        l.proto == Proto::Dot11Body(QOS) && l.header(p.data).first().is_some_and(|b| b >> 7 == 1)
    })
}

fn header_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let (kind, sub) = (h.kind(), h.subtype());
    let am = a_msdu(p, i);
    let mut f: Fields = vec![
        (
            "subtype",
            subtype_name(kind, sub).map_or(int(sub), |n| named(sub, n.into())),
        ),
        ("type", enum_field(kind, TYPES)),
        ("proto", int(h.0[0] & 3)),
    ];
    if h.extension() {
        f.push(("cfe", enum_field(h.cfe(), CFE)));
        f.push(("FCfield", flag_set((h.flags() & 0xf) as u32, &FC_FLAGS_CFE)));
    } else if h.s1g() {
        f.push(("FCfield", flag_set((h.flags() >> 6) as u32, &FC_FLAGS_S1G)));
        f.push(("FCfield_bw", int((h.flags() >> 3) & 7)));
        f.push(("FCfield2", flag_set((h.flags() & 7) as u32, &FC_FLAGS2_S1G)));
    } else {
        f.push(("FCfield", flag_set(h.flags() as u32, &FC_FLAGS)));
    }
    f.push(("ID", int(le16(h.0, 2))));
    f.push(("addr1", addr(&h, 1, Some(4), am)));
    let mut at = 10;
    if h.has_addr2() {
        f.push(("addr2", addr(&h, 2, Some(at), am)));
        at += 6;
    }
    if h.has_addr3() {
        f.push(("addr3", addr(&h, 3, Some(at), am)));
        at += 6;
    }
    if h.has_sc() {
        f.push(("SC", int(le16(h.0, at))));
        at += 2;
    }
    if h.has_addr4() {
        f.push(("addr4", addr(&h, 4, Some(at), am)));
    }
    if p.layers()[i].proto == Proto::Dot11(true) {
        let end = p.layers()[i].end as usize;
        if let Some(b) = p.data.get(end..end + 4) {
            f.push(("fcs", hex(le32(b, 0))));
        }
    }
    f
}

/// Scapy's `Dot11.mysummary`: `802.11 Management Beacon 00:01:... (TA=SA) > ff:... (RA=DA)`.
fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    let am = a_msdu(p, i);
    let kind = TYPES[h.kind() as usize].1;
    let sub = subtype_name(h.kind(), h.subtype()).map_or(h.subtype().to_string(), String::from);
    let a2 = addr(&h, 2, h.has_addr2().then_some(10), am).show;
    let a1 = addr(&h, 1, Some(4), am).show;
    format!("802.11 {kind} {sub} {a2} > {a1}")
}

static CAPABILITIES: &[&str] = &[
    "res8",
    "res9",
    "short-slot",
    "res11",
    "res12",
    "DSSS-OFDM",
    "res14",
    "res15",
    "ESS",
    "IBSS",
    "CFP",
    "CFP-req",
    "privacy",
    "short-preamble",
    "PBCC",
    "agility",
];

const REASONS: &[(i64, &str)] = &[
    (0, "reserved"),
    (1, "unspec"),
    (2, "auth-expired"),
    (3, "deauth-ST-leaving"),
    (4, "inactivity"),
    (5, "AP-full"),
    (6, "class2-from-nonauth"),
    (7, "class3-from-nonass"),
    (8, "disas-ST-leaving"),
    (9, "ST-not-auth"),
];

const STATUS: &[(i64, &str)] = &[
    (0, "success"),
    (1, "failure"),
    (10, "cannot-support-all-cap"),
    (11, "inexist-asso"),
    (12, "asso-denied"),
    (13, "algo-unsupported"),
    (14, "bad-seq-num"),
    (15, "challenge-failure"),
    (16, "timeout"),
    (17, "AP-full"),
    (18, "rate-unsupported"),
];

const CATEGORIES: &[(i64, &str)] = &[
    (0, "Spectrum Management"),
    (1, "QoS"),
    (2, "DLS"),
    (3, "Block"),
    (4, "Public"),
    (5, "Radio Measurement"),
    (6, "Fast BSS Transition"),
    (7, "HT"),
    (8, "SA Query"),
    (9, "Protected Dual of Public Action"),
    (10, "WNM"),
    (11, "Unprotected WNM"),
    (12, "TDLS"),
    (13, "Mesh"),
    (14, "Multihop"),
    (15, "Self-protected"),
    (16, "DMG"),
    (17, "Reserved Wi-Fi Alliance"),
    (18, "Fast Session Transfer"),
    (19, "Robust AV Streaming"),
    (20, "Unprotected DMG"),
    (21, "VHT"),
];

fn cap(b: &[u8], at: usize) -> Field {
    flag_set(u16::from_be_bytes([b[at], b[at + 1]]) as u32, &CAPABILITIES)
}

fn body_fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::Dot11Body(kind) = l.proto else {
        return vec![];
    };
    let b = l.header(p.data);
    if b.len() < body_len(kind) {
        return vec![];
    }
    match kind {
        QOS => vec![
            ("A_MSDU_Present", int(b[0] >> 7)),
            ("Ack_Policy", int((b[0] >> 5) & 3)),
            ("EOSP", int((b[0] >> 4) & 1)),
            ("TID", int(b[0] & 0xf)),
            ("TXOP", int(b[1])),
        ],
        ASSO_REQ => vec![("cap", cap(b, 0)), ("listen_interval", int(le16(b, 2)))],
        ASSO_RESP | REASSO_RESP => vec![
            ("cap", cap(b, 0)),
            ("status", int(le16(b, 2))),
            ("AID", int(le16(b, 4))),
        ],
        REASSO_REQ => vec![
            ("cap", cap(b, 0)),
            ("listen_interval", int(le16(b, 2))),
            ("current_AP", text(mac_str(&mac(b, 4)))),
        ],
        PROBE_RESP | BEACON => vec![
            ("timestamp", uint(le64(b, 0))),
            ("beacon_interval", int(le16(b, 8))),
            ("cap", cap(b, 10)),
        ],
        DISAS | DEAUTH => vec![("reason", enum_field(le16(b, 0), REASONS))],
        AUTH => vec![
            (
                "algo",
                enum_field(le16(b, 0), &[(0, "open"), (1, "sharedkey")]),
            ),
            ("seqnum", int(le16(b, 2))),
            ("status", enum_field(le16(b, 4), STATUS)),
        ],
        ACTION => vec![("category", enum_field(b[0], CATEGORIES))],
        SPECTRUM | WNM | RADIO_MEASUREMENT => vec![("action", action(kind, b[0]))],
        S1G_BEACON => vec![("timestamp", int(le32(b, 0))), ("change_seq", int(b[4]))],
        CSA_FRAME => vec![("CSA", crate::dissect::layers::dot11elt::csa_packet(b))],
        ENCRYPTED => vec![("data", bytes(b))],
        WEP => vec![
            ("iv", fixed_str(&b[..3])),
            ("keyid", int(b[3])),
            ("wepdata", bytes(&b[4..b.len() - 4])),
            ("icv", int(be32(b, b.len() - 4))),
        ],
        TKIP | CCMP => encryption_fields(kind, b),
        _ => vec![],
    }
}

fn action(kind: u8, v: u8) -> Field {
    let table: &[(i64, &str)] = match kind {
        SPECTRUM => &[
            (0, "Measurement Request"),
            (1, "Measurement Report"),
            (2, "TPC Request"),
            (3, "TPC Report"),
            (4, "Channel Switch Announcement"),
        ],
        WNM => &[
            (0, "Event Request"),
            (1, "Event Report"),
            (2, "Diagnostic Request"),
            (3, "Diagnostic Report"),
            (4, "Location Configuration Request"),
            (5, "Location Configuration Response"),
            (6, "BSS Transition Management Query"),
            (7, "BSS Transition Management Request"),
            (8, "BSS Transition Management Response"),
            (9, "FMS Request"),
            (10, "FMS Response"),
            (11, "Collocated Interference Request"),
            (12, "Collocated Interference Report"),
            (13, "TFS Request"),
            (14, "TFS Response"),
            (15, "TFS Notify"),
            (16, "WNM Sleep Mode Request"),
            (17, "WNM Sleep Mode Response"),
            (18, "TIM Broadcast Request"),
            (19, "TIM Broadcast Response"),
            (20, "QoS Traffic Capability Update"),
            (21, "Channel Usage Request"),
            (22, "Channel Usage Response"),
            (23, "DMS Request"),
            (24, "DMS Response"),
            (25, "Timing Measurement Request"),
            (26, "WNM Notification Request"),
            (27, "WNM Notification Response"),
            (28, "WNM-Notify Response"),
        ],
        _ => &[
            (0, "Radio Measurement Request"),
            (1, "Radio Measurement Report"),
            (2, "Link Measurement Request"),
            (3, "Link Measurement Report"),
            (4, "Neighbor Report Request"),
            (5, "Neighbor Report Response"),
        ],
    };
    enum_field(v, table)
}

/// The TKIP and CCMP headers: the packet number's bytes, key id and extended-IV bit,
/// then the encrypted data.
fn encryption_fields(kind: u8, b: &[u8]) -> Fields {
    let (key_id, ext_iv, res) = (int(b[3] >> 6), int((b[3] >> 5) & 1), int(b[3] & 0x1f));
    let ext = b[3] & 0x20 != 0;
    if kind == TKIP {
        let mut f = vec![
            ("TSC1", int(b[0])),
            ("WEPSeed", int(b[1])),
            ("TSC0", int(b[2])),
            ("key_id", key_id),
            ("ext_iv", ext_iv),
            ("res", res),
        ];
        let mut at = 4;
        if ext {
            for n in ["TSC2", "TSC3", "TSC4", "TSC5"] {
                f.push((n, int(b[at])));
                at += 1;
            }
        }
        f.push(("data", bytes(&b[at..])));
        f
    } else {
        vec![
            ("PN0", int(b[0])),
            ("PN1", int(b[1])),
            ("res0", int(b[2])),
            ("key_id", key_id),
            ("ext_iv", ext_iv),
            ("res1", res),
            ("PN2", int(b[4])),
            ("PN3", int(b[5])),
            ("PN4", int(b[6])),
            ("PN5", int(b[7])),
            ("data", bytes(&b[8..])),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, show, summary};

    /// An Ack (control frame: one address) and a QoS data frame sent to the access
    /// point (to_DS), written by hand as 802.11 puts them on the air, with the summaries
    /// and address meanings Scapy 2.8.0 prints for them.
    #[test]
    fn control_and_data_frames_name_their_addresses() {
        let ack = [0xd4, 0, 0, 0, 2, 0, 0, 0, 0, 1];
        let p = dissect(105, &ack);
        assert_eq!(
            summary(&p),
            "802.11 Control Ack 00:00:00:00:00:00 (TA) > 02:00:00:00:00:01 (RA)"
        );
        let mut data = vec![0x88, 0x01, 0x2c, 0];
        data.extend_from_slice(&[
            2, 0, 0, 0, 0, 0xaa, 2, 0, 0, 0, 0, 0xbb, 2, 0, 0, 0, 0, 0xcc,
        ]);
        data.extend_from_slice(&[0x10, 0, 0, 0]); // sequence control, QoS control
        data.extend_from_slice(&[0xaa, 0xaa, 3, 0, 0, 0, 0x88, 0x8e, 1, 2]);
        let p = dissect(105, &data);
        assert_eq!(
            summary(&p),
            "802.11 Data QoS Data 02:00:00:00:00:bb (TA=SA) > 02:00:00:00:00:aa (RA=BSSID) \
             / Dot11QoS / LLC / SNAP / Raw",
            "an EAPOL frame cut short, which Scapy leaves Raw"
        );
        let text = show::show(&p, 0);
        assert!(text.contains("  FCfield   = to_DS\n"), "{text}");
        assert!(
            text.contains("  addr1     = 02:00:00:00:00:aa (RA=BSSID)\n"),
            "{text}"
        );
        assert!(
            text.contains("  addr3     = 02:00:00:00:00:cc (DA)\n"),
            "{text}"
        );
    }
}
