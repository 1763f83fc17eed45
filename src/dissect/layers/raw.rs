//! Bytes no layer claims (Raw), and bytes past a layer's own length (Padding).

use super::{no_summary, Class, Ops, Proto};
use crate::build::{f, Ctx, Kind, Template, D};
use crate::dissect::field::{bytes, Fields};
use crate::dissect::Packet;

pub static RAW: Ops = Ops {
    classes: &[Class::new("Raw", "Raw", "scapy.packet")],
    class: |_| &RAW.classes[0],
    fields: load,
    summary: no_summary,
};

pub static PADDING: Ops = Ops {
    classes: &[Class::new("Padding", "Padding", "scapy.packet")],
    class: |_| &PADDING.classes[0],
    fields: load,
    summary: no_summary,
};

fn load(p: &Packet, i: usize) -> Fields {
    let sent = p.layers()[i].bytes(p.data);
    let decoded = match p.under(i) {
        Some(Proto::HttpResponse) => super::http::decoded_body(p, i - 1, sent),
        _ => None,
    };
    vec![("load", bytes(decoded.as_deref().unwrap_or(sent)))]
}

/// `Raw(load=b'...')`, also what `/ b'...'` adds.
pub static BUILD_RAW: Template = Template {
    class: "Raw",
    fields: &[f("load", "StrField", Kind::Bytes, D::Bytes(b""))],
    build: build_load,
    start: parse_raw,
    linktype: 0,
    options_at: 0,
};

pub static BUILD_PADDING: Template = Template {
    class: "Padding",
    fields: &[f("load", "StrField", Kind::Bytes, D::Bytes(b""))],
    build: build_load,
    start: parse_raw,
    linktype: 0,
    options_at: 0,
};

fn build_load(c: &Ctx) -> Result<Vec<u8>, String> {
    let mut o = c.get("load").bytes();
    o.extend_from_slice(c.payload);
    Ok(o)
}

/// A packet built from Raw up is all payload.
fn parse_raw(_: &mut crate::dissect::Walk) -> crate::dissect::Next {
    crate::dissect::Next::Raw
}
