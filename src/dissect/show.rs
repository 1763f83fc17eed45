//! Scapy's text layouts of a dissected packet: `show()`, `repr()` and `ls()`, made from
//! each layer's fields.

use super::field::{repr, show_fields};
use super::Packet;

/// `p.show()` from layer `from` on: each layer's header, then its fields, one more
/// indent per layer.
pub fn show(p: &Packet, from: usize) -> String {
    show_with(p, from, |i| p.fields(i))
}

/// `show()` with each layer's fields from `fields` (a built packet's, as set).
pub fn show_with(
    p: &Packet,
    from: usize,
    fields: impl Fn(usize) -> super::field::Fields,
) -> String {
    let mut s = String::new();
    let mut depth = 0;
    for i in from..p.layers().len() {
        let proto = p.layers()[i].proto;
        s.push_str(&format!("###[ {} ]###\n", proto.display_name()));
        depth += show_fields(&mut s, &fields(i), "", &"   ".repeat(depth));
        // Scapy's `show_indent`: the layers after HTTP, an 802.11 element or an ISAKMP
        // payload are
        // not indented further.
        if !matches!(
            proto,
            super::Proto::Http
                | super::Proto::Dot11Elt(_)
                | super::Proto::IsakmpPayload(_)
                | super::Proto::Ldap
        ) {
            depth += 1;
        }
    }
    s.push('\n');
    s
}

/// `repr(p)` from layer `from` on: `<Ether  dst=... |<IP  ... |>>`.
pub fn repr_from(p: &Packet, from: usize) -> String {
    repr_with(p, from, |i| p.fields(i))
}

/// `repr()` with each layer's fields from `fields`.
pub fn repr_with(
    p: &Packet,
    from: usize,
    fields: impl Fn(usize) -> super::field::Fields,
) -> String {
    let n = p.layers().len();
    (from..n).rev().fold(String::new(), |inner, i| {
        repr(p.layers()[i].proto.class_name(), &fields(i), &inner)
    })
}

/// `ls(p)`: each layer's fields with their values, layers separated by `--`.
pub fn ls(p: &Packet, from: usize) -> String {
    let mut s = String::new();
    for (n, i) in (from..p.layers().len()).enumerate() {
        if n > 0 {
            s.push_str("--\n");
        }
        for (name, f) in p.fields(i) {
            s.push_str(&format!("{name:<10} = {}\n", f.show));
        }
    }
    s
}
