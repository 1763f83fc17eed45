//! NetFlow version 9 and IPFIX (version 10) as Scapy 2.8.0's `scapy.layers.netflow`
//! dissects a datagram on its own (no templates carried over, as `rdpcap` reads them):
//! the version's header, then one layer per flowset, picked by the set ID as Scapy's
//! `NetflowDataflowsetV9.dispatch_hook` picks it: templates (0, and IPFIX's 2) are
//! `NetflowFlowsetV9`, options templates `NetflowOptionsFlowsetV9` (1) and
//! `NetflowOptionsFlowset10` (3), anything else a data flowset whose records stay bytes.
//! Lengths are taken as Scapy takes them, Python slices included (a length below the
//! header's counts from the end); a flowset too short for its fixed fields ends the
//! walk with Raw.

use super::netflow_types::field_type;
use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, int, named, packets, raw, Field, Fields, Nested};
use crate::dissect::view::{be16, be32};
use crate::dissect::{Next, Packet, Walk};

const MODULE: &str = "scapy.layers.netflow";

const HEADER_V9: u8 = 0;
const HEADER_V10: u8 = 1;
const TEMPLATES: u8 = 2;
const DATA: u8 = 3;
const OPTIONS: u8 = 4;
const OPTIONS10: u8 = 5;

pub static NETFLOW9: Ops = Ops {
    classes: &[
        Class::new("NetflowHeaderV9", "Netflow Header V9", MODULE),
        Class::new("NetflowHeaderV10", "IPFix (Netflow V10) Header", MODULE),
        Class::new("NetflowFlowsetV9", "Netflow FlowSet V9/10", MODULE),
        Class::new("NetflowDataflowsetV9", "Netflow DataFlowSet V9/10", MODULE),
        Class::new(
            "NetflowOptionsFlowsetV9",
            "Netflow Options Template FlowSet V9",
            MODULE,
        ),
        Class::new(
            "NetflowOptionsFlowset10",
            "Netflow V10 (IPFix) Options Template FlowSet",
            MODULE,
        )
        .derived("NetflowOptionsFlowsetV9"),
    ],
    class: |p| match p {
        Proto::Netflow9(k) => &NETFLOW9.classes[(k as usize).min(5)],
        _ => &NETFLOW9.classes[0],
    },
    fields,
    summary: no_summary,
};

/// After `NetflowHeader` of version 9 or 10: the header, then the flowsets.
pub fn parse(w: &mut Walk, version: u16) -> Next {
    let (kind, len) = if version == 9 {
        (HEADER_V9, 18)
    } else {
        (HEADER_V10, 14)
    };
    if w.rest() < len {
        return Next::Raw;
    }
    w.push(Proto::Netflow9(kind), len);
    while w.rest() > 0 {
        let d = w.here();
        let Some(set) = flowset(d) else {
            return Next::Raw;
        };
        w.push(Proto::Netflow9(set.kind), set.len);
    }
    Next::Done
}

/// A flowset as read: its class, the bytes it takes, and its fields.
struct Set {
    kind: u8,
    len: usize,
    fields: Fields,
}

/// A reader over one flowset's bytes.
struct Rd<'a> {
    d: &'a [u8],
    at: usize,
}

impl<'a> Rd<'a> {
    fn u16(&mut self) -> Option<u16> {
        let v = self.d.get(self.at..self.at + 2).map(|b| be16(b, 0))?;
        self.at += 2;
        Some(v)
    }
    /// Python's `s[:n]` of the rest, taken.
    fn slice(&mut self, n: i64) -> &'a [u8] {
        let n = crate::dissect::view::py_len(self.d.len() - self.at, n);
        let b = &self.d[self.at..self.at + n];
        self.at += n;
        b
    }
}

fn flowset(d: &[u8]) -> Option<Set> {
    let kind = match d.get(..2) {
        Some([0, 0]) | Some([0, 2]) => TEMPLATES,
        Some([0, 1]) => OPTIONS,
        Some([0, 3]) => OPTIONS10,
        _ => DATA,
    };
    let mut r = Rd { d, at: 0 };
    let id = r.u16()?;
    let length = r.u16()?;
    let mut f: Fields = Vec::new();
    match kind {
        TEMPLATES | DATA => {
            let body = r.slice(length as i64 - 4);
            if kind == TEMPLATES {
                f.push(("flowSetID", int(id)));
                f.push(("length", int(length)));
                f.push(("templates", packets(template_list(body))));
            } else {
                f.push(("templateID", int(id)));
                f.push(("length", int(length)));
                let records = if body.is_empty() {
                    vec![]
                } else {
                    vec![Nested {
                        class: "NetflowRecordV9",
                        display: "Netflow DataFlowset Record V9/10",
                        fields: vec![("fieldValue", bytes(body))],
                    }]
                };
                f.push(("records", packets(records)));
            }
        }
        _ => {
            let template = r.u16()?;
            let a = r.u16()?;
            let b = r.u16()?;
            f.push(("flowSetID", int(id)));
            f.push(("length", int(length)));
            f.push(("templateID", int(template)));
            let (scopes, options, pad);
            if kind == OPTIONS {
                f.push(("option_scope_length", int(a)));
                f.push(("option_field_length", int(b)));
                scopes = items(r.slice(a as i64), scope);
                options = items(r.slice(b as i64), option);
                pad = r.slice(length as i64 - a as i64 - b as i64 - 10);
            } else {
                f.push(("field_count", int(a)));
                f.push(("scope_field_count", int(b)));
                let (s, used) = counted(&d[r.at..], b as i64, scope);
                r.at += used;
                scopes = s;
                let (o, used) = counted(&d[r.at..], a as i64 - b as i64, option);
                r.at += used;
                options = o;
                pad = r.slice(length as i64 - b as i64 * 4 - 10);
            }
            f.push(("scopes", packets(scopes)));
            f.push(("options", packets(options)));
            f.push(("pad", bytes(pad)));
        }
    }
    Some(Set {
        kind,
        len: r.at,
        fields: f,
    })
}

/// One item of a list: its fields and length, or None where Scapy's item fails (the
/// rest of the list is then one Raw item).
type Item = fn(&[u8]) -> Option<(Nested, usize)>;

/// A list that fills its bytes.
fn items(mut b: &[u8], item: Item) -> Vec<Nested> {
    let mut out = Vec::new();
    while !b.is_empty() {
        match item(b) {
            Some((n, used)) if used > 0 => {
                out.push(n);
                b = &b[used..];
            }
            _ => {
                out.push(raw(b));
                break;
            }
        }
    }
    out
}

/// A list of `count` items, and the bytes they took.
fn counted(b: &[u8], count: i64, item: Item) -> (Vec<Nested>, usize) {
    let mut out = Vec::new();
    let mut at = 0;
    let mut left = count;
    while at < b.len() && left > 0 {
        left -= 1;
        match item(&b[at..]) {
            Some((n, used)) => {
                out.push(n);
                at += used;
            }
            None => {
                out.push(raw(&b[at..]));
                at = b.len();
            }
        }
    }
    (out, at)
}

/// The templates of a template flowset.
fn template_list(b: &[u8]) -> Vec<Nested> {
    items(b, |b| {
        let mut r = Rd { d: b, at: 0 };
        let id = r.u16()?;
        let count = r.u16()?;
        let (list, used) = counted(&b[4..], count as i64, template_field);
        Some((
            Nested {
                class: "NetflowTemplateV9",
                display: "Netflow Flowset Template V9/10",
                fields: vec![
                    ("templateID", int(id)),
                    ("fieldCount", int(count)),
                    ("template_fields", packets(list)),
                ],
            },
            4 + used,
        ))
    })
}

/// A field type: 1 enterprise bit and 15 bits of type, named.
fn typed(v: u16) -> (Field, Field) {
    let t = v & 0x7fff;
    let name = match field_type(t) {
        Some(n) => named(t, n.to_string()),
        None => int(t),
    };
    (int(v >> 15), name)
}

fn template_field(b: &[u8]) -> Option<(Nested, usize)> {
    let mut r = Rd { d: b, at: 0 };
    let (ent, t) = typed(r.u16()?);
    let len = r.u16()?;
    let mut f = vec![
        ("enterpriseBit", ent),
        ("fieldType", t),
        ("fieldLength", int(len)),
    ];
    if b[0] & 0x80 != 0 {
        let n = b.get(4..8).map(|x| be32(x, 0))?;
        f.push(("enterpriseNumber", int(n)));
        r.at += 4;
    }
    Some((
        Nested {
            class: "NetflowTemplateFieldV9",
            display: "Netflow Flowset Template Field V9/10",
            fields: f,
        },
        r.at,
    ))
}

const SCOPES: &[(i64, &str)] = &[
    (1, "System"),
    (2, "Interface"),
    (3, "Line card"),
    (4, "Cache"),
    (5, "Template"),
];

fn scope(b: &[u8]) -> Option<(Nested, usize)> {
    let mut r = Rd { d: b, at: 0 };
    let t = r.u16()?;
    let len = r.u16()?;
    Some((
        Nested {
            class: "NetflowOptionsFlowsetScopeV9",
            display: "Netflow Options Template FlowSet V9/10 - Scope",
            fields: vec![
                ("scopeFieldType", enum_field(t, SCOPES)),
                ("scopeFieldlength", int(len)),
            ],
        },
        4,
    ))
}

fn option(b: &[u8]) -> Option<(Nested, usize)> {
    let mut r = Rd { d: b, at: 0 };
    let (ent, t) = typed(r.u16()?);
    let len = r.u16()?;
    let mut f = vec![
        ("enterpriseBit", ent),
        ("optionFieldType", t),
        ("optionFieldlength", int(len)),
    ];
    if b[0] & 0x80 != 0 {
        f.push(("enterpriseNumber", int(r.u16()?)));
    }
    Some((
        Nested {
            class: "NetflowOptionsFlowsetOptionV9",
            display: "Netflow Options Template FlowSet V9/10 - Option",
            fields: f,
        },
        r.at,
    ))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::Netflow9(kind) = l.proto else {
        return vec![];
    };
    let d = l.header(p.data);
    match kind {
        HEADER_V9 if d.len() >= 18 => vec![
            ("count", int(be16(d, 0))),
            ("sysUptime", int(be32(d, 2))),
            ("unixSecs", super::netflow::utc(be32(d, 6))),
            ("packageSequence", int(be32(d, 10))),
            ("SourceID", int(be32(d, 14))),
        ],
        HEADER_V10 if d.len() >= 14 => vec![
            ("length", int(be16(d, 0))),
            ("ExportTime", super::netflow::utc(be32(d, 2))),
            ("flowSequence", int(be32(d, 6))),
            ("ObservationDomainID", int(be32(d, 10))),
        ],
        HEADER_V9 | HEADER_V10 => vec![],
        // Read as the walk read it: lengths may count from the end of what follows.
        _ => flowset(l.bytes(p.data)).map_or(vec![], |s| s.fields),
    }
}
