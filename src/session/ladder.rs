//! A conversation as a ladder (sequence) diagram's rows: each packet's time from the
//! first, its direction, and what it carries (TCP flags, relative sequence and
//! acknowledgement numbers as Wireshark shows them, payload length), with
//! retransmissions marked.

use crate::capture::Capture;
use crate::dissect::layers::tcp;
use crate::dissect::{dissect_extended, Proto};
use crate::session::conv::{Conversation, Kind};
use crate::time::Decimal;

/// One packet of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Capture index of the packet.
    pub index: u32,
    /// Time since the conversation's first packet, with the capture's own digits.
    pub time: Decimal,
    pub a_to_b: bool,
    pub label: String,
    /// A TCP segment that sends again what its side had sent already.
    pub retransmission: bool,
    /// A segment with RST.
    pub reset: bool,
}

/// TCP's flag names in Wireshark's order and words: `SYN, ACK`, `FIN, PSH, ACK`.
fn flag_names(f: u16) -> String {
    const NAMES: [&str; 9] = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"];
    let set: Vec<&str> = (0..9)
        .filter(|b| f & (1 << b) != 0)
        .map(|b| NAMES[b])
        .collect();
    if set.is_empty() {
        "<None>".into()
    } else {
        set.join(", ")
    }
}

/// The TCP payload length as the IP header gives it (tshark's tcp.len), which a
/// capture cut short by its snap length still tells.
fn tcp_len(p: &crate::dissect::Packet, t: usize) -> Option<u32> {
    let l = p.layers()[t];
    let h = p.view::<tcp::Header>(t)?;
    let ip = p.layers()[..t]
        .iter()
        .rposition(|x| matches!(x.proto, Proto::Ip | Proto::Ipv6))?;
    let il = p.layers()[ip];
    let ip_end = match il.proto {
        Proto::Ip => {
            il.start
                + p.view::<crate::dissect::layers::ipv4::Header>(ip)?
                    .total_len() as u32
        }
        _ => il.start + 40 + crate::dissect::view::be16(il.header(p.data), 4) as u32,
    };
    ip_end.checked_sub(l.start + h.dataofs() as u32 * 4)
}

/// The rows of a conversation, in capture order.
pub fn rows(cap: &Capture, conv: &Conversation) -> Vec<Row> {
    let start = conv.start;
    // Per direction (0: from a): the first sequence number, and the next one expected.
    let mut base: [Option<u32>; 2] = [None, None];
    let mut next: [Option<u32>; 2] = [None, None];
    let mut out = Vec::with_capacity(conv.packets.len());
    for (&i, &a_to_b) in conv.packets.iter().zip(&conv.a_to_b) {
        let k = i as usize;
        let data = cap.packet(k);
        let p = dissect_extended(cap.linktype(k), data);
        let time = cap.timestamp(k) - start;
        let side = usize::from(!a_to_b);
        let mut row = Row {
            index: i,
            time,
            a_to_b,
            label: String::new(),
            retransmission: false,
            reset: false,
        };
        let tcp_at = p.layers().iter().position(|l| l.proto == Proto::Tcp);
        match (conv.kind == Kind::Tcp, tcp_at) {
            (true, Some(t)) => {
                let l = p.layers()[t];
                let Some(h) = p.view::<tcp::Header>(t) else {
                    continue;
                };
                let len = tcp_len(&p, t).unwrap_or(l.end - l.start - l.hlen);
                let f = h.flags();
                let (syn, fin) = (f & 2 != 0, f & 1 != 0);
                // Wireshark's base: the SYN's number, else one below the first seen; the
                // other side's from this ACK when it has not been seen yet.
                if syn && base[side] != Some(h.seq()) {
                    // A SYN starts the side's numbers again (a stray ACK came first).
                    base[side] = Some(h.seq());
                    next[side] = None;
                }
                let b = *base[side].get_or_insert(h.seq().wrapping_sub(1));
                if f & 0x10 != 0 && base[1 - side].is_none() {
                    base[1 - side] = Some(h.ack().wrapping_sub(1));
                }
                let rel = h.seq().wrapping_sub(b);
                let mut label = format!("{} seq={rel}", flag_names(f));
                if f & 0x10 != 0 {
                    let ack = base[1 - side].map_or(h.ack(), |ob| h.ack().wrapping_sub(ob));
                    label.push_str(&format!(" ack={ack}"));
                }
                if len > 0 {
                    label.push_str(&format!(" len={len}"));
                }
                let end = rel
                    .wrapping_add(len)
                    .wrapping_add(u32::from(syn) + u32::from(fin));
                if let Some(n) = next[side] {
                    // Sends again bytes (or a SYN/FIN) below what this side had reached.
                    if (len > 0 || syn || fin) && (rel as i32).wrapping_sub(n as i32) < 0 {
                        row.retransmission = true;
                    }
                }
                if next[side].is_none_or(|n| (end as i32).wrapping_sub(n as i32) > 0) {
                    next[side] = Some(end);
                }
                row.reset = f & 4 != 0;
                row.label = label;
            }
            _ if p.has(Proto::Icmp) => {
                let at = p.layers().iter().position(|l| l.proto == Proto::Icmp);
                let h = at.and_then(|i| p.view::<crate::dissect::layers::icmp::Header>(i));
                row.label = match h {
                    Some(h) => {
                        let mut s = crate::dissect::names::icmp_type(h.kind());
                        if crate::dissect::layers::icmp::ID_TYPES.contains(&h.kind()) {
                            s.push_str(&format!(" seq={}", h.seq()));
                        }
                        s
                    }
                    None => "ICMP".into(),
                };
            }
            _ => {
                let last = p.layers().last().map_or(0, |l| l.end - l.start);
                let name = p
                    .layers()
                    .iter()
                    .rev()
                    .find(|l| !matches!(l.proto, Proto::Raw | Proto::Padding))
                    .map_or("data", |l| l.proto.class_name());
                row.label = format!("{name} len={last}");
                if let Some(u) = p.layers().iter().find(|l| l.proto == Proto::Udp) {
                    row.label = format!("{} len={}", name, u.end - u.start - u.hlen);
                }
            }
        }
        out.push(row);
    }
    out
}
