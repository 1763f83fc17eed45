//! Scapy's `Packet.summary()`: layer names joined by " / ", where only the highest layer
//! that has a summary text of its own shows that text. Each layer's own text comes from
//! its file (`Ops::summary`).

use super::{Packet, Proto};

pub fn summary(p: &Packet) -> String {
    summary_from(p, 0)
}

/// The summary of a layer and the layers above it (`p[TCP].summary()`).
pub fn summary_from(p: &Packet, from: usize) -> String {
    let layers = p.layers();
    if layers.len() <= from {
        return String::new();
    }
    let mut found = false;
    // Layers whose summary asks for a lower layer's too (Scapy's `mysummary` returning a
    // pair): LLMNR and TFTP ask for UDP's, PPPoE's tag list for the discovery header's.
    let (mut need_udp, mut need_pppoed) = (false, false);
    let mut out = String::new();
    for i in (from..layers.len()).rev() {
        let proto = layers[i].proto;
        let mut ret = String::new();
        // A TLS record's summary names TLS as needed: every record shows its own.
        if !found
            || (need_udp && proto == Proto::Udp)
            || (need_pppoed && proto == Proto::PppoED)
            || proto == Proto::Tls
        {
            ret = (proto.ops().summary)(p, i);
        }
        if matches!(proto, Proto::Llmnr | Proto::LlmnrResponse)
            || crate::dissect::layers::tftp::needs_udp(proto)
        {
            need_udp = true;
        }
        if proto == Proto::PppCtl(crate::dissect::layers::pppctl::TAGS) {
            need_pppoed = true;
        }
        if !ret.is_empty() || need_udp || need_pppoed {
            found = true;
        }
        if ret.is_empty() {
            ret = proto.class_name().to_string();
        }
        out = if out.is_empty() {
            ret
        } else {
            format!("{ret} / {out}")
        };
    }
    out
}
