//! Scapy's `defragment(plist)` and `defrag(plist)` (scapy.layers.inet): IPv4 fragments
//! joined as Scapy joins them. A datagram is put together when its last fragment (no
//! "more fragments") arrives, in that place in the list, from fragments sorted by offset
//! that must follow on exactly (else they are "bad" and kept as they are); the packet
//! keeps the first fragment's link header, IP header (MF cleared, length and checksum
//! made anew) and time. Fragments of a datagram that never completes are left out.
//! `defragment6(packets)` (scapy.layers.inet6) joins the IPv6 fragments of one datagram.

use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::capture::Capture;
use crate::dissect::layers::{ipv4, ipv6};
use crate::dissect::Proto;
use crate::lang::builtins::*;
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    builtin("defragment", "defragment(plist)", "Scapy's defragment: the packets with IPv4 fragments joined into whole datagrams (at the place of each last fragment); fragments that never complete are left out.", "b = defragment(a)", b_defragment),
    builtin("defragment6", "defragment6(packets)", "Scapy's defragment6: the IPv6 fragments of the list with the first one's identification, sorted by offset and joined into one packet (holes filled with 'X', as Scapy does); [] when there is none.", "p = defragment6(a)", b_defragment6),
    builtin("defrag", "defrag(plist)", "Scapy's defrag: (unfragmented IP packets, datagrams joined from fragments, fragments that did not fit together).", "nofrag, joined, bad = defrag(a)", b_defrag),
];

/// What one packet of the list turned out to be.
enum Event {
    NotIp(PacketRef),
    Whole(PacketRef),
    /// A datagram joined from fragments: the first fragment, and the new bytes.
    Joined(PacketRef, Vec<u8>),
    /// Fragments that overlap or leave a hole, in arrival order.
    Bad(Vec<PacketRef>),
}

/// Scapy's key for a datagram's fragments: (id, source, destination, protocol).
type FragKey = (u16, [u8; 4], [u8; 4], u8);

struct Frag {
    pkt: PacketRef,
    offset: usize,
    len: usize,
    /// Where its IP header starts and ends in the packet.
    ip: (usize, usize),
}

fn events(pkts: &[PacketRef]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut frags: FxHashMap<FragKey, Vec<Frag>> = FxHashMap::default();
    for p in pkts {
        let d = p.dissect();
        let Some(j) = d.layers().iter().position(|l| l.proto == Proto::Ip) else {
            out.push(Event::NotIp(p.clone()));
            continue;
        };
        let Some(h) = d.view::<ipv4::Header>(j) else {
            out.push(Event::NotIp(p.clone()));
            continue;
        };
        let more = h.flags() & 1 == 1;
        if h.frag() == 0 && !more {
            out.push(Event::Whole(p.clone()));
            continue;
        }
        let key = (h.id(), h.src(), h.dst(), h.proto());
        let len = (h.total_len() as usize).saturating_sub(h.ihl() as usize * 4);
        let list = frags.entry(key).or_default();
        let l = d.layers()[j];
        list.push(Frag {
            pkt: p.clone(),
            offset: h.frag() as usize * 8,
            len,
            ip: (l.start as usize, (l.start + l.hlen) as usize),
        });
        if more {
            continue;
        }
        let list = frags.remove(&key).unwrap_or_default();
        out.push(join(list));
    }
    out
}

/// Joins a datagram's fragments, as Scapy's `_defrag_ip_pkt` does.
fn join(list: Vec<Frag>) -> Event {
    let mut sorted: Vec<&Frag> = list.iter().collect();
    sorted.sort_by_key(|f| f.offset); // stable, as Python's sorted
    let mut at = 0;
    let mut data = Vec::new();
    for f in &sorted {
        if f.offset != at {
            return Event::Bad(list.into_iter().map(|f| f.pkt).collect());
        }
        at += f.len;
        // Scapy joins bytes(pkt[IP].payload): the IP payload and any trailer after it.
        data.extend_from_slice(&f.pkt.data()[f.ip.1..]);
    }
    let first = sorted[0];
    let (start, hend) = first.ip;
    let mut bytes = first.pkt.data()[..hend].to_vec();
    crate::session::defrag::whole_ipv4_header(&mut bytes[start..], data.len());
    bytes.extend_from_slice(&data);
    Event::Joined(first.pkt.clone(), bytes)
}

/// A packet list of these packets: over their own capture when they all come from one
/// and none is new, else over a capture made for them in memory.
fn list_of(items: Vec<(PacketRef, Option<Vec<u8>>)>, name: String) -> R<Value> {
    let one: Option<Arc<Capture>> = items.first().map(|(p, _)| p.cap.clone());
    if let Some(cap) = one.filter(|c| {
        items
            .iter()
            .all(|(p, b)| b.is_none() && Arc::ptr_eq(&p.cap, c))
    }) {
        let idx: Vec<u32> = items.iter().map(|(p, _)| p.index).collect();
        return Ok(Value::Packets(Rc::new(PacketList::new(
            cap,
            Some(Rc::new(idx)),
            name,
        ))));
    }
    let refs: Vec<(&Capture, usize)> = items
        .iter()
        .map(|(p, _)| (&*p.cap, p.index as usize))
        .collect();
    let new: Vec<Option<&[u8]>> = items.iter().map(|(_, b)| b.as_deref()).collect();
    let cap = crate::capture::write::derived(&name, &refs, &new)
        .map_err(|e| Error::at_none(ErrorKind::Value, e))?;
    let n = cap.len();
    let mut l = PacketList::new(Arc::new(cap), None, name);
    if n == 0 {
        l.idx = Some(Rc::new(Vec::new()));
    }
    Ok(Value::Packets(Rc::new(l)))
}

fn input(it: &mut Interp, call: &Call) -> R<(Vec<PacketRef>, String)> {
    let v = need(call.name, call.args, call.kwargs, 0, "plist")?.clone();
    let name = match &v {
        Value::Packets(p) => p.name.clone(),
        _ => "PacketList".into(),
    };
    Ok((it.packet_refs(&v)?, name))
}

fn b_defragment(it: &mut Interp, call: &Call) -> R<Value> {
    let (pkts, name) = input(it, call)?;
    let mut out = Vec::new();
    for e in events(&pkts) {
        match e {
            Event::NotIp(p) | Event::Whole(p) => out.push((p, None)),
            Event::Joined(p, b) => out.push((p, Some(b))),
            Event::Bad(v) => out.extend(v.into_iter().map(|p| (p, None))),
        }
    }
    list_of(out, format!("Defragmented {name}"))
}

fn b_defrag(it: &mut Interp, call: &Call) -> R<Value> {
    let (pkts, _) = input(it, call)?;
    let (mut whole, mut joined, mut bad) = (Vec::new(), Vec::new(), Vec::new());
    for e in events(&pkts) {
        match e {
            Event::NotIp(_) => {}
            Event::Whole(p) => whole.push((p, None)),
            Event::Joined(p, b) => joined.push((p, Some(b))),
            Event::Bad(v) => bad.extend(v.into_iter().map(|p| (p, None))),
        }
    }
    Ok(Value::Tuple(Rc::new(vec![
        list_of(whole, "PacketList".into())?,
        list_of(joined, "PacketList".into())?,
        list_of(bad, "PacketList".into())?,
    ])))
}

/// One IPv6 fragment as Scapy's `defragment6` reads it.
struct Frag6 {
    pkt: PacketRef,
    id: u32,
    offset: usize,
    nh: u8,
    /// Where the fragment header starts and ends.
    at: (usize, usize),
    /// The layer under it: its protocol and start.
    under: Option<(Proto, usize)>,
    /// The first IPv6 header: its start and payload length.
    ipv6: Option<(usize, u16)>,
}

fn frag6(p: &PacketRef) -> Option<Frag6> {
    let d = p.dissect();
    let layers = d.layers();
    let j = layers.iter().position(|l| l.proto == Proto::Fragment6)?;
    let h = d.view::<ipv6::Fragment>(j)?;
    let l = layers[j];
    let ipv6 = layers
        .iter()
        .position(|l| l.proto == Proto::Ipv6)
        .and_then(|k| Some((layers[k].start as usize, d.view::<ipv6::Header>(k)?.plen())));
    Some(Frag6 {
        pkt: p.clone(),
        id: h.id(),
        offset: h.offset() as usize * 8,
        nh: h.nh(),
        at: (l.start as usize, (l.start + l.hlen) as usize),
        under: j
            .checked_sub(1)
            .map(|u| (layers[u].proto, layers[u].start as usize)),
        ipv6,
    })
}

/// `bytes[:n]` with Python's rules for a negative `n`.
fn head(b: &[u8], n: i64) -> &[u8] {
    let n = if n < 0 { b.len() as i64 + n } else { n };
    &b[..(n.max(0) as usize).min(b.len())]
}

fn b_defragment6(it: &mut Interp, call: &Call) -> R<Value> {
    use std::io::Write;
    let (pkts, name) = input(it, call)?;
    let all: Vec<Frag6> = pkts.iter().filter_map(frag6).collect();
    let Some(id) = all.first().map(|f| f.id) else {
        return Ok(Value::List(Rc::new(std::cell::RefCell::new(Vec::new()))));
    };
    let n = all.len();
    let mut list: Vec<Frag6> = all.into_iter().filter(|f| f.id == id).collect();
    let _ = it.out.flush();
    if list.len() != n {
        let _ = writeln!(
            it.err,
            "WARNING: defragment6: some fragmented packets have been removed from list"
        );
    }
    list.sort_by_key(|f| f.offset); // stable, as Python's sorted
    let mut joined: Vec<u8> = Vec::new();
    for f in &list {
        if f.offset != joined.len() {
            let _ = writeln!(
                it.err,
                "WARNING: Expected an offset of {}. Found {}. Padding with XXXX",
                joined.len(),
                f.offset
            );
        }
        if f.offset > joined.len() {
            joined.resize(f.offset, b'X');
        }
        let rest = &f.pkt.data()[f.at.1..];
        match f.ipv6 {
            Some((_, plen)) => joined.extend_from_slice(head(rest, plen as i64 - 8)),
            None => joined.extend_from_slice(rest),
        }
    }
    // The first fragment's headers up to its fragment header, the layer under that one
    // taking its next-header (and, an IPv6 header, the joined length), then the data.
    let first = &list[0];
    let mut bytes = first.pkt.data()[..first.at.0].to_vec();
    match first.under {
        Some((Proto::Ipv6, u)) => {
            bytes[u + 6] = first.nh;
            bytes[u + 4..u + 6].copy_from_slice(&(joined.len() as u16).to_be_bytes());
        }
        Some((_, u)) => bytes[u] = first.nh,
        None => {}
    }
    bytes.extend_from_slice(&joined);
    if let Some((at, _)) = first.ipv6 {
        let plen = bytes.len().saturating_sub(at + 40);
        let Ok(plen) = u16::try_from(plen) else {
            return Err(Error::at_none(
                ErrorKind::Value,
                format!("defragment6: the joined datagram is {plen} bytes, more than an IPv6 payload length holds (struct.error: 'H' format requires 0 <= number <= 65535)"),
            ));
        };
        bytes[at + 4..at + 6].copy_from_slice(&plen.to_be_bytes());
    }
    let refs = [(&*first.pkt.cap, first.pkt.index as usize)];
    let cap = crate::capture::write::derived(&name, &refs, &[Some(&bytes)])
        .map_err(|e| Error::at_none(ErrorKind::Value, e))?;
    Ok(Value::Packet(PacketRef::of(Arc::new(cap), 0)))
}
