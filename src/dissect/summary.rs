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
    // Lower layers whose own text an upper layer's summary asked for (Scapy's
    // `mysummary` returning a pair): their summary is shown even below a found one.
    let mut needed: Vec<Proto> = Vec::new();
    let mut out = String::new();
    for i in (from..layers.len()).rev() {
        let proto = layers[i].proto;
        let mut ret = String::new();
        if !found || needed.contains(&proto) {
            ret = (proto.ops().summary)(p, i);
            // Only a summary that was asked for asks for more; LDAP's empty one (no
            // operation) asks for nothing.
            if let Some(n) = asks_for(proto) {
                if proto != Proto::Ldap || !ret.is_empty() {
                    needed.push(n);
                }
            }
        }
        if !ret.is_empty() || !needed.is_empty() {
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

/// One layer's own text (Scapy's `mysummary()`): empty for a layer that has none.
pub fn layer_summary(p: &Packet, i: usize) -> String {
    match p.layers().get(i) {
        Some(l) => (l.proto.ops().summary)(p, i),
        None => String::new(),
    }
}

/// The lower layer whose summary a layer's own asks for: LLMNR and TFTP ask for UDP's,
/// PPPoE's tag list for the discovery header's, a TLS record for every TLS record's.
fn asks_for(p: Proto) -> Option<Proto> {
    match p {
        Proto::Llmnr | Proto::LlmnrResponse | Proto::Tftp(1..=5) => Some(Proto::Udp),
        Proto::PppCtl(crate::dissect::layers::pppctl::TAGS) => Some(Proto::PppoED),
        Proto::Tls => Some(Proto::Tls),
        Proto::Ldap => Some(Proto::Ldap),
        // An SSID's summary asks for Dot11's (not Dot11FCS's).
        Proto::Dot11Elt(crate::dissect::layers::dot11elt::SSID) => Some(Proto::Dot11(false)),
        _ => None,
    }
}
