//! The Mobile IPv6 mobility header (RFC 6275), next header 135 right after IPv6, as
//! Scapy 2.8.0 names its messages (`MIP6MH_BU`, `MIP6MH_BA`, ... or `MIP6MH_Generic`).
//! Fields past the common header are the message's bytes (`msg`).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, hex, int, Fields};
use crate::dissect::view::be16;
use crate::dissect::{Next, Packet, Walk};

const MODULE: &str = "scapy.layers.inet6";

/// By mobility header type (the last: any other type).
static CLASSES: &[Class] = &[
    Class::new(
        "MIP6MH_BRR",
        "IPv6 Mobility Header - Binding Refresh Request",
        MODULE,
    ),
    Class::new(
        "MIP6MH_HoTI",
        "IPv6 Mobility Header - Home Test Init",
        MODULE,
    ),
    Class::new(
        "MIP6MH_CoTI",
        "IPv6 Mobility Header - Care-of Test Init",
        MODULE,
    ),
    Class::new("MIP6MH_HoT", "IPv6 Mobility Header - Home Test", MODULE),
    Class::new("MIP6MH_CoT", "IPv6 Mobility Header - Care-of Test", MODULE),
    Class::new("MIP6MH_BU", "IPv6 Mobility Header - Binding Update", MODULE),
    Class::new("MIP6MH_BA", "IPv6 Mobility Header - Binding ACK", MODULE),
    Class::new("MIP6MH_BE", "IPv6 Mobility Header - Binding Error", MODULE),
    Class::new(
        "MIP6MH_Generic",
        "IPv6 Mobility Header - Generic Message",
        MODULE,
    ),
];

/// The bytes each message's fixed fields take (Scapy fails on fewer).
const FIXED: [usize; 9] = [8, 16, 16, 24, 24, 12, 12, 24, 6];

pub static MIP6: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::Mip6(t) => &CLASSES[(t as usize).min(8)],
        _ => &CLASSES[8],
    },
    fields,
    summary: no_summary,
};

const MH_TYPES: &[(i64, &str)] = &[
    (0, "BRR"),
    (1, "HoTI"),
    (2, "CoTI"),
    (3, "HoT"),
    (4, "CoT"),
    (5, "BU"),
    (6, "BA"),
    (7, "BE"),
    (8, "Fast BU"),
    (9, "Fast BA"),
    (10, "Fast NA"),
];

/// After IPv6 with next header 135 (more than three bytes): the message, by type.
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    let t = d[2].min(8);
    if d.len() < FIXED[t as usize] {
        return Next::Raw;
    }
    let len = ((d[1] as usize + 1) * 8)
        .max(FIXED[t as usize])
        .min(d.len());
    w.push(Proto::Mip6(t), len);
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    if b.len() < 6 {
        return vec![];
    }
    vec![
        ("nh", int(b[0])),
        ("len", int(b[1])),
        ("mhtype", enum_field(b[2], MH_TYPES)),
        ("res", int(b[3])),
        ("cksum", hex(be16(b, 4))),
        ("msg", bytes(&b[6..])),
    ]
}
