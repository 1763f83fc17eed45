//! 802.11 information elements (`Dot11Elt` and the classes Scapy 2.8.0 picks by element
//! ID: rates, DSSS set, RSN, HT and VHT capabilities and operation, vendor elements ...).
//! Each element is a layer, as in Scapy, the next one its payload. A class reads its own
//! fields whatever the length byte says, as Scapy's do; what an element cannot read
//! leaves the rest of the frame `Raw`.

use super::dot11ie::{
    eht_layout, eht_operation, he_layout, he_operation, ht_capabilities, ht_operation, ss_list,
    vht_info,
};
use super::{Class, Ops, Proto};
use crate::dissect::field::{
    bytes, enum_field, hex, int, packets, Field, FieldValue, Fields, Nested,
};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::decode_backslash;

const MODULE: &str = "scapy.layers.dot11";

const GENERIC: u8 = 0;
pub(super) const DSSS: u8 = 1;
const ERP: u8 = 2;
pub(super) const RSN: u8 = 3;
pub(super) const COUNTRY: u8 = 4;
pub(super) const RATES: u8 = 5;
const HT_CAP: u8 = 6;
const VENDOR: u8 = 7;
pub(super) const MS_WPA: u8 = 8;
const CSA: u8 = 9;
const OBSS: u8 = 10;
const VHT_OP: u8 = 11;
const EXTENSION: u8 = 12;
const EXT_GENERIC: u8 = 13;
const HE_OP: u8 = 14;
const HT_OP: u8 = 15;
const EHT_OP: u8 = 16;
/// A generic element with ID 0 (the SSID): its summary asks for the 802.11 header's.
pub const SSID: u8 = 17;

pub static ELT: Ops = Ops {
    classes: &[
        Class::new("Dot11Elt", "802.11 Information Element", MODULE),
        Class::new("Dot11EltDSSSet", "802.11 DSSS Parameter Set", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltERP", "802.11 ERP", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltRSN", "802.11 RSN information", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltCountry", "802.11 Country", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltRates", "802.11 Rates", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltHTCapabilities", "802.11 HT Capabilities", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltVendorSpecific", "802.11 Vendor Specific", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltMicrosoftWPA", "802.11 Microsoft WPA", MODULE)
            .under("Dot11EltVendorSpecific"),
        Class::new("Dot11EltCSA", "802.11 CSA Element", MODULE).under("Dot11Elt"),
        Class::new(
            "Dot11EltOBSS",
            "802.11 OBSS Scan Parameters Element",
            MODULE,
        )
        .under("Dot11Elt"),
        Class::new(
            "Dot11EltVHTOperation",
            "802.11 VHT Operation Element",
            MODULE,
        )
        .under("Dot11Elt"),
        Class::new("Dot11EltExtension", "802.11 Element ID Extension", MODULE).under("Dot11Elt"),
        Class::new(
            "Dot11EltExtensionGeneric",
            "802.11 Element ID Extension",
            MODULE,
        )
        .under("Dot11EltExtension"),
        Class::new("Dot11EltHEOperation", "802.11 HE Operation", MODULE).under("Dot11EltExtension"),
        Class::new("Dot11EltHTOperation", "802.11 HT Operation", MODULE).under("Dot11Elt"),
        Class::new("Dot11EltEHTOperation", "802.11 EHT Operation", MODULE)
            .under("Dot11EltExtension"),
    ],
    class: |p| match p {
        Proto::Dot11Elt(k) if (k as usize) < ELT.classes.len() => &ELT.classes[k as usize],
        _ => &ELT.classes[0],
    },
    fields,
    summary,
};

/// The class Scapy's `Dot11Elt.dispatch_hook` (and the vendor and extension hooks)
/// picks for an element; None where the hook itself fails on too few bytes.
fn class_of(b: &[u8]) -> Option<u8> {
    let id = *b.first()?;
    Some(match id {
        0 => SSID,
        3 => DSSS,
        42 => ERP,
        48 => RSN,
        7 => COUNTRY,
        1 | 50 => RATES,
        45 => HT_CAP,
        37 => CSA,
        74 => OBSS,
        192 => VHT_OP,
        61 => HT_OP,
        221 => {
            let oui = b.get(2..5)?;
            if oui == [0x00, 0x50, 0xf2] {
                match *b.get(5)? {
                    1 => MS_WPA,
                    _ => VENDOR,
                }
            } else {
                VENDOR
            }
        }
        255 => match b.get(2) {
            None => EXTENSION,
            Some(36) => HE_OP,
            Some(106) => EHT_OP,
            Some(_) => EXT_GENERIC,
        },
        _ => GENERIC,
    })
}

/// The element's length byte (0 where absent).
pub(super) fn len_byte(b: &[u8]) -> usize {
    b.get(1).copied().unwrap_or(0) as usize
}

/// Reads `n` bytes at `*at`, moving on; None when the element ends first.
pub(super) fn take<'a>(b: &'a [u8], at: &mut usize, n: usize) -> Option<&'a [u8]> {
    let s = b.get(*at..*at + n)?;
    *at += n;
    Some(s)
}

/// How many bytes an element of this class takes, as its Scapy fields read them; None
/// where a field finds too few bytes (Scapy's dissection fails: the rest is Raw).
fn element_len(class: u8, b: &[u8]) -> Option<usize> {
    if b.len() < 2 {
        return None;
    }
    let len = len_byte(b);
    let avail = b.len() - 2;
    Some(match class {
        GENERIC | SSID | RATES => 2 + len.min(avail),
        DSSS | ERP => (b.len() >= 3).then_some(3)?,
        CSA => (b.len() >= 5).then_some(5)?,
        OBSS => (b.len() >= 16).then_some(16)?,
        VHT_OP => (b.len() >= 7).then_some(7)?,
        HT_CAP => (b.len() >= 28).then_some(28)?,
        HT_OP => 8 + b.len().checked_sub(8)?.min(16),
        RSN => rsn_layout(b, 2)?.end,
        MS_WPA => rsn_layout(b, 6)?.end,
        VENDOR => {
            let rest = b.len().checked_sub(5)?;
            // `info` is `len - 3` bytes: fewer than three is a negative slice in Scapy,
            // which leaves that many bytes at the end for the next element.
            5 + match len.checked_sub(3) {
                Some(n) => n.min(rest),
                None => rest.saturating_sub(3 - len),
            }
        }
        COUNTRY => country_layout(b).0,
        EXTENSION => match len {
            0 => 2,
            _ => return None,
        },
        EXT_GENERIC => {
            if len == 0 {
                2
            } else {
                3 + (len - 1).min(b.len() - 3)
            }
        }
        HE_OP => he_layout(b)?.2,
        EHT_OP => eht_layout(b)?.2,
        _ => 2 + len.min(avail),
    })
}

/// Reads one element after another; each one's payload is the next.
pub fn parse(w: &mut Walk) -> Next {
    let b = w.here();
    if b.is_empty() {
        return Next::Done;
    }
    let Some(class) = class_of(b) else {
        return Next::Raw;
    };
    let Some(n) = element_len(class, b) else {
        return Next::Raw;
    };
    w.push(Proto::Dot11Elt(class), n);
    Next::Parse(parse)
}

/// Scapy's `Dot11Elt.mysummary`: the SSID, for an element with ID 0.
fn summary(p: &Packet, i: usize) -> String {
    let l = p.layers()[i];
    if l.proto != Proto::Dot11Elt(SSID) {
        return String::new();
    }
    format!("SSID='{}'", decode_backslash(info(l.header(p.data))))
}

/// The `info` bytes every element has in Scapy (set before its fields are read): the
/// `len` bytes after the length, when there are 1 to 255 of them.
pub(super) fn info(b: &[u8]) -> &[u8] {
    let len = len_byte(b);
    if b.len() >= 3 && len > 0 {
        &b[2..(2 + len).min(b.len())]
    } else {
        &[]
    }
}

/// `elt.info` of any element layer (Scapy keeps it beside the class's own fields).
pub fn info_of(p: &Packet, i: usize) -> Option<Vec<u8>> {
    let l = p.layers().get(i)?;
    matches!(l.proto, Proto::Dot11Elt(_)).then(|| info(l.header(p.data)).to_vec())
}

const IDS: &[(i64, &str)] = &[
    (0, "SSID"),
    (1, "Supported Rates"),
    (2, "FHset"),
    (3, "DSSS Set"),
    (4, "CF Set"),
    (5, "TIM"),
    (6, "IBSS Set"),
    (7, "Country"),
    (10, "Request"),
    (11, "BSS Load"),
    (12, "EDCA Set"),
    (13, "TSPEC"),
    (14, "TCLAS"),
    (15, "Schedule"),
    (16, "Challenge text"),
    (32, "Power Constraint"),
    (33, "Power Capability"),
    (36, "Supported Channels"),
    (37, "Channel Switch Announcement"),
    (38, "Measurement Request"),
    (39, "Measurement Report"),
    (42, "ERP"),
    (45, "HT Capabilities"),
    (46, "QoS Capability"),
    (48, "RSN"),
    (50, "Extended Supported Rates"),
    (52, "Neighbor Report"),
    (61, "HT Operation"),
    (74, "Overlapping BSS Scan Parameters"),
    (107, "Interworking"),
    (127, "Extended Capabilities"),
    (191, "VHT Capabilities"),
    (192, "VHT Operation"),
    (221, "Vendor Specific"),
    (255, "Element ID Extension"),
];

/// Bit fields read most significant first from `value`, `total` bits wide, as Scapy's
/// consecutive BitFields read them.
pub(super) fn bits(value: u128, total: u32, names: &[(&'static str, u32)]) -> Fields {
    let mut left = total;
    names
        .iter()
        .map(|&(n, w)| {
            left -= w;
            let v = (value >> left) & ((1u128 << w) - 1);
            (n, int(v as i64))
        })
        .collect()
}

pub(super) fn le(b: &[u8]) -> u128 {
    b.iter().rev().fold(0u128, |v, &x| v << 8 | x as u128)
}

pub(super) fn be(b: &[u8]) -> u128 {
    b.iter().fold(0u128, |v, &x| v << 8 | x as u128)
}

/// A packet inside a field.
pub(super) fn nested(class: &'static str, display: &'static str, fields: Fields) -> Nested {
    Nested {
        class,
        display,
        fields,
    }
}

/// A packet held in a field (Scapy's PacketField): shown as its repr, without brackets.
pub(super) fn packet(class: &'static str, display: &'static str, fields: Fields) -> Field {
    held(nested(class, display, fields))
}

fn held(n: Nested) -> Field {
    crate::dissect::field::held(vec![n])
}

fn cipher(b: &[u8]) -> Nested {
    const CIPHERS: &[(i64, &str)] = &[
        (0, "Use group cipher suite"),
        (1, "WEP-40"),
        (2, "TKIP"),
        (3, "OCB"),
        (4, "CCMP-128"),
        (5, "WEP-104"),
        (6, "BIP-CMAC-128"),
        (7, "Group addressed traffic not allowed"),
        (8, "GCMP-128"),
        (9, "GCMP-256"),
        (10, "CCMP-256"),
        (11, "BIP-GMAC-128"),
        (12, "BIP-GMAC-256"),
        (13, "BIP-CMAC-256"),
    ];
    nested(
        "RSNCipherSuite",
        "Cipher suite",
        vec![
            ("oui", crate::dissect::names::oui(&b[..3])),
            ("cipher", enum_field(b[3], CIPHERS)),
        ],
    )
}

/// AKM suite names (Scapy's `AKMSuite.suite`).
pub(super) const AKM_SUITES: &[(i64, &str)] = &[
    (0, "Reserved"),
    (1, "802.1X"),
    (2, "PSK"),
    (3, "FT-802.1X"),
    (4, "FT-PSK"),
    (5, "WPA-SHA256"),
    (6, "PSK-SHA256"),
    (7, "TDLS"),
    (8, "SAE"),
    (9, "FT-SAE"),
    (10, "AP-PEER-KEY"),
    (11, "WPA-SHA256-SUITE-B"),
    (12, "WPA-SHA384-SUITE-B"),
    (13, "FT-802.1X-SHA384"),
    (14, "FILS-SHA256"),
    (15, "FILS-SHA384"),
    (16, "FT-FILS-SHA256"),
    (17, "FT-FILS-SHA384"),
    (18, "OWE"),
];

fn akm(b: &[u8]) -> Nested {
    nested(
        "AKMSuite",
        "AKM suite",
        vec![
            ("oui", crate::dissect::names::oui(&b[..3])),
            ("suite", enum_field(b[3], AKM_SUITES)),
        ],
    )
}

/// Where the parts of an RSN element (or the RSN fields of a WPA element, from `at`)
/// are: the counts, the capabilities, the PMKID list and the group management cipher.
pub(super) struct RsnLayout {
    pub(super) npair: usize,
    pub(super) nakm: usize,
    /// Offset of the capabilities (RSN only).
    pub(super) caps: Option<usize>,
    pmkids: Option<(usize, usize)>,
    group_mgmt: Option<usize>,
    end: usize,
}

pub(super) fn rsn_layout(b: &[u8], at: usize) -> Option<RsnLayout> {
    let le16 = |s: &[u8]| u16::from_le_bytes([s[0], s[1]]) as usize;
    let mut at = at;
    take(b, &mut at, 2 + 4)?;
    let npair = le16(take(b, &mut at, 2)?);
    take(b, &mut at, 4 * npair)?;
    let nakm = le16(take(b, &mut at, 2)?);
    take(b, &mut at, 4 * nakm)?;
    let mut out = RsnLayout {
        npair,
        nakm,
        caps: None,
        pmkids: None,
        group_mgmt: None,
        end: at,
    };
    if b[0] != 48 {
        return Some(out);
    }
    out.caps = Some(at);
    take(b, &mut at, 2)?;
    let len = len_byte(b) as i64;
    let base = 12 + 4 * (npair + nakm) as i64;
    let mut npmk = 0;
    if len - base >= 2 {
        npmk = le16(take(b, &mut at, 2)?);
        out.pmkids = Some((at - 2, npmk));
        take(b, &mut at, 16 * npmk)?;
    }
    let used = base + if out.pmkids.is_some() { 2 } else { 0 } + 16 * npmk as i64;
    if len - used >= 4 {
        out.group_mgmt = Some(at);
        take(b, &mut at, 4)?;
    }
    out.end = at;
    Some(out)
}

/// The version, cipher suites and AKM suites of RSN and WPA elements, from `at`.
fn suites(b: &[u8], at: usize, l: &RsnLayout) -> Fields {
    let mut f = vec![
        ("version", int(u16::from_le_bytes([b[at], b[at + 1]]))),
        ("group_cipher_suite", held(cipher(&b[at + 2..at + 6]))),
        ("nb_pairwise_cipher_suites", int(l.npair as i64)),
    ];
    let list = |start: usize, n: usize, make: fn(&[u8]) -> Nested| -> Field {
        packets(
            (0..n)
                .map(|k| make(&b[start + 4 * k..start + 4 * k + 4]))
                .collect(),
        )
    };
    let pair = at + 8;
    f.push(("pairwise_cipher_suites", list(pair, l.npair, cipher)));
    f.push(("nb_akm_suites", int(l.nakm as i64)));
    f.push(("akm_suites", list(pair + 4 * l.npair + 2, l.nakm, akm)));
    f
}

fn rsn_fields(b: &[u8], l: &RsnLayout) -> Fields {
    let mut f = suites(b, 2, l);
    if let Some(c) = l.caps {
        f.extend(bits(
            be(&b[c..c + 2]),
            16,
            &[
                ("mfp_capable", 1),
                ("mfp_required", 1),
                ("gtksa_replay_counter", 2),
                ("ptksa_replay_counter", 2),
                ("no_pairwise", 1),
                ("pre_auth", 1),
                ("reserved", 1),
                ("ocvc", 1),
                ("extended_key_id", 1),
                ("pbac", 1),
                ("spp_a_msdu_required", 1),
                ("spp_a_msdu_capable", 1),
                ("peer_key_enabled", 1),
                ("joint_multiband_rsna", 1),
            ],
        ));
    }
    if let Some((at, n)) = l.pmkids {
        let list = crate::dissect::field::list(
            (0..n)
                .map(|k| crate::dissect::field::xstr(&b[at + 2 + 16 * k..at + 18 + 16 * k]))
                .collect(),
        );
        f.push((
            "pmkids",
            packet(
                "PMKIDListPacket",
                "PMKIDs",
                vec![("nb_pmkids", int(n as i64)), ("pmkid_list", list)],
            ),
        ));
    }
    if let Some(at) = l.group_mgmt {
        f.push((
            "group_management_cipher_suite",
            held(cipher(&b[at..at + 4])),
        ));
    }
    f
}

/// Country: (end, descriptor bytes, whether the pad byte is there).
fn country_layout(b: &[u8]) -> (usize, usize, bool) {
    let len = len_byte(b);
    let string_end = b.len().min(5);
    let want = (len as i64 - 3 - (len % 3) as i64).max(0) as usize;
    let desc = want.min(b.len() - string_end);
    let mut end = string_end + desc;
    let pad = len % 3 != 0 && end < b.len();
    if pad {
        end += 1;
    }
    (end, desc, pad)
}

fn country_fields(b: &[u8]) -> Fields {
    let (_, desc, pad) = country_layout(b);
    let string_end = b.len().min(5);
    let items = b[string_end..string_end + desc]
        .chunks(3)
        .map(|t| match t {
            [first, n, mtp] => nested(
                "Dot11EltCountryConstraintTriplet",
                "802.11 Country Constraint Triplet",
                vec![
                    ("first_channel_number", int(*first)),
                    ("num_channels", int(*n)),
                    ("mtp", int(*mtp)),
                ],
            ),
            // A triplet cut short is Raw, as Scapy's list leaves it.
            _ => nested("Raw", "Raw", vec![("load", bytes(t))]),
        })
        .collect();
    let mut f = vec![
        ("country_string", bytes(&b[2..string_end])),
        ("descriptors", packets(items)),
    ];
    if pad {
        f.push(("pad", int(b[string_end + desc])));
    }
    f
}

/// The CSA element a Channel Switch Announcement action frame holds.
pub fn csa_packet(b: &[u8]) -> Field {
    packet(
        "Dot11EltCSA",
        "802.11 CSA Element",
        vec![
            ("ID", enum_field(b[0], IDS)),
            ("len", int(b[1])),
            ("mode", int(b[2])),
            ("new_channel", int(b[3])),
            ("channel_switch_count", int(b[4])),
        ],
    )
}

/// A rate as Scapy's `_RateField` shows it: `5.5(B) Mbps` for a basic rate.
fn rate(v: u8) -> String {
    let r = crate::pyfmt::float_repr((v & 0x7f) as f64 / 2.0);
    format!("{r}{} Mbps", if v & 0x80 != 0 { "(B)" } else { "" })
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::Dot11Elt(class) = l.proto else {
        return vec![];
    };
    let b = l.header(p.data);
    if b.len() < 2 {
        return vec![];
    }
    let mut f: Fields = vec![("ID", enum_field(b[0], IDS)), ("len", int(b[1]))];
    let rest = &b[2..];
    match class {
        DSSS => f.push(("channel", int(rest[0]))),
        ERP => f.extend(bits(
            rest[0] as u128,
            8,
            &[
                ("NonERP_Present", 1),
                ("Use_Protection", 1),
                ("Barker_Preamble_Mode", 1),
                ("res", 5),
            ],
        )),
        RATES => {
            let shown: Vec<String> = rest.iter().map(|&r| rate(r)).collect();
            f.push((
                "rates",
                Field {
                    value: FieldValue::List(
                        rest.iter().map(|&r| FieldValue::Int(r as i64)).collect(),
                    ),
                    show: format!("[{}]", shown.join(", ")),
                },
            ));
        }
        CSA => f.extend([
            ("mode", int(rest[0])),
            ("new_channel", int(rest[1])),
            ("channel_switch_count", int(rest[2])),
        ]),
        OBSS => {
            let names = [
                "Passive_Dwell",
                "Active_Dwell",
                "Scan_Interval",
                "Passive_Total_Per_Channel",
                "Active_Total_Per_Channel",
                "Delay",
                "Activity_Threshold",
            ];
            for (k, n) in names.into_iter().enumerate() {
                f.push((n, int(le(&rest[2 * k..2 * k + 2]) as i64)));
            }
        }
        VHT_OP => {
            f.push(("VHT_Operation_Info", vht_info(&rest[..3])));
            f.push(("mcs_set", ss_list(&rest[3..5])));
        }
        HT_CAP => f.extend(ht_capabilities(rest)),
        HT_OP => f.extend(ht_operation(rest)),
        RSN => {
            if let Some(l) = rsn_layout(b, 2) {
                f.extend(rsn_fields(b, &l));
            }
        }
        MS_WPA => {
            f.push(("oui", crate::dissect::names::oui(&b[2..5])));
            f.push(("type", hex(b[5])));
            if let Some(l) = rsn_layout(b, 6) {
                f.extend(suites(b, 6, &l));
            }
        }
        VENDOR => {
            f.push(("oui", crate::dissect::names::oui(&b[2..5])));
            f.push(("info", bytes(&b[5..])));
        }
        COUNTRY => f.extend(country_fields(b)),
        EXTENSION | EXT_GENERIC | HE_OP | EHT_OP => {
            if b[1] > 0 && b.len() > 2 {
                f.push(("ext_ID", int(b[2])));
            }
            match class {
                EXT_GENERIC => f.push(("info", bytes(b.get(3..).unwrap_or(&[])))),
                HE_OP => f.extend(he_operation(b)),
                EHT_OP => f.extend(eht_operation(b)),
                _ => {}
            }
        }
        _ => f.push(("info", bytes(rest))),
    }
    f
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, summary, MAX_LAYERS};

    /// A beacon with more elements than a packet has layers: the elements that fit are
    /// layers, and the rest is Raw (not lost).
    #[test]
    fn a_beacon_with_many_elements_keeps_the_rest_as_raw() {
        let mut b = vec![0x80, 0, 0, 0];
        b.extend_from_slice(&[0xff; 6]);
        b.extend_from_slice(&[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 0, 0]);
        b.extend_from_slice(&[0; 8]); // timestamp
        b.extend_from_slice(&[100, 0, 1, 0]); // interval, capabilities
        b.extend_from_slice(&[0, 4, b'c', b'a', b'f', b'e']);
        for _ in 0..40 {
            b.extend_from_slice(&[221, 4, 0, 0x10, 0x18, 1]);
        }
        let p = dissect(105, &b);
        let s = summary(&p);
        assert_eq!(p.layers().len(), MAX_LAYERS, "{s}");
        assert!(
            s.contains("SSID='cafe'") && s.ends_with("Dot11EltVendorSpecific / Raw"),
            "{s}"
        );
        let last = p.layers()[MAX_LAYERS - 1];
        assert_eq!(last.end as usize, b.len());
    }
}
