//! Bytes no layer claims (Raw), and bytes past a layer's own length (Padding).

use super::{no_summary, Class, Ops, Proto};
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
