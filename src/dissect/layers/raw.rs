//! Bytes no layer claims (Raw), and bytes past a layer's own length (Padding).

use super::{no_summary, Class, Ops};
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
    vec![("load", bytes(p.layers()[i].bytes(p.data)))]
}
