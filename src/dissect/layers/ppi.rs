//! Link headers in front of captured 802.11 frames, other than radiotap: PPI (link type
//! 192, Scapy's `scapy.layers.ppi`) and the Prism header (link type 119). PPI's field
//! list holds one `PPI_Hdr` whose payload is the rest of the list as Raw (Scapy 2.8.0
//! binds no PPI field type by default); the frame after it is read by its link type.

use super::{Class, Ops, Proto};
use crate::dissect::field::{bytes, chain, enum_field, fixed_str, int, Fields, Nested};
use crate::dissect::view::{le16, le32};
use crate::dissect::{bind, Next, Packet, Walk};

pub static PPI: Ops = Ops {
    classes: &[Class::new(
        "PPI",
        "Per-Packet Information header (PPI)",
        "scapy.layers.ppi",
    )],
    class: |_| &PPI.classes[0],
    fields: ppi_fields,
    summary: super::no_summary,
};

pub static PRISM: Ops = Ops {
    classes: &[Class::new(
        "PrismHeader",
        "Prism header",
        "scapy.layers.dot11",
    )],
    class: |_| &PRISM.classes[0],
    fields: prism_fields,
    summary: super::no_summary,
};

const PPI_TYPES: &[(i64, &str)] = &[
    (2, "dot11-common"),
    (3, "dot11-nmac"),
    (4, "dot11-nmacphy"),
    (5, "spectrum-map"),
    (6, "process-info"),
    (7, "capture-info"),
    (8, "aggregation"),
    (9, "dot3"),
    (30002, "gps"),
    (30003, "vector"),
    (30004, "sensor"),
    (30005, "antenna"),
    (30006, "btle"),
];

/// The header's length: its `len` field, at least the 8 fixed bytes, at most the packet.
fn ppi_len(b: &[u8]) -> usize {
    (le16(b, 2) as usize).max(8).min(b.len())
}

pub fn parse_ppi(w: &mut Walk) -> Next {
    let b = w.here();
    if b.len() < 8 {
        return Next::Raw;
    }
    let (len, dlt) = (ppi_len(b), le32(b, 4));
    w.push(Proto::Ppi, len);
    if w.rest() == 0 {
        return Next::Done;
    }
    match u16::try_from(dlt) {
        Ok(t) => bind::link(t, false),
        Err(_) => Next::Raw,
    }
}

fn ppi_fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    if b.len() < 8 {
        return vec![];
    }
    let list = &b[8..];
    let items = if list.is_empty() {
        vec![]
    } else if list.len() < 4 {
        vec![raw(list)]
    } else {
        let mut v = vec![Nested {
            class: "PPI_Hdr",
            display: "PPI Header",
            fields: vec![
                ("pfh_type", enum_field(le16(list, 0), PPI_TYPES)),
                ("pfh_length", int(le16(list, 2))),
            ],
        }];
        if list.len() > 4 {
            v.push(raw(&list[4..]));
        }
        v
    };
    vec![
        ("version", int(b[0])),
        ("flags", int(b[1])),
        ("len", int(le16(b, 2))),
        ("dlt", int(le32(b, 4))),
        ("headers", chain(items)),
    ]
}

fn raw(b: &[u8]) -> Nested {
    Nested {
        class: "Raw",
        display: "Raw",
        fields: vec![("load", bytes(b))],
    }
}

const PRISM_LEN: usize = 144;

pub fn parse_prism(w: &mut Walk) -> Next {
    if w.rest() < PRISM_LEN {
        return Next::Raw;
    }
    w.push(Proto::Prism, PRISM_LEN);
    if w.rest() == 0 {
        Next::Done
    } else {
        Next::Parse(super::dot11::parse)
    }
}

fn prism_fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    if b.len() < PRISM_LEN {
        return vec![];
    }
    let mut f = vec![
        ("msgcode", int(le32(b, 0))),
        ("len", int(le32(b, 4))),
        ("dev", fixed_str(&b[8..24])),
    ];
    const NAMES: [[&str; 4]; 10] = [
        [
            "hosttime_did",
            "hosttime_status",
            "hosttime_len",
            "hosttime",
        ],
        ["mactime_did", "mactime_status", "mactime_len", "mactime"],
        ["channel_did", "channel_status", "channel_len", "channel"],
        ["rssi_did", "rssi_status", "rssi_len", "rssi"],
        ["sq_did", "sq_status", "sq_len", "sq"],
        ["signal_did", "signal_status", "signal_len", "signal"],
        ["noise_did", "noise_status", "noise_len", "noise"],
        ["rate_did", "rate_status", "rate_len", "rate"],
        ["istx_did", "istx_status", "istx_len", "istx"],
        ["frmlen_did", "frmlen_status", "frmlen_len", "frmlen"],
    ];
    for (k, n) in NAMES.iter().enumerate() {
        let at = 24 + 12 * k;
        let value = le32(b, at + 8);
        f.push((n[0], int(le32(b, at))));
        f.push((n[1], int(le16(b, at + 4))));
        f.push((n[2], int(le16(b, at + 6))));
        f.push((
            n[3],
            if n[3] == "signal" {
                int(value as i32)
            } else {
                int(value)
            },
        ));
    }
    f
}
