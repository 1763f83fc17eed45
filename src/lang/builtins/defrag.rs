//! Scapy's `defragment(plist)` and `defrag(plist)` (scapy.layers.inet): IPv4 fragments
//! joined as Scapy joins them. A datagram is put together when its last fragment (no
//! "more fragments") arrives, in that place in the list, from fragments sorted by offset
//! that must follow on exactly (else they are "bad" and kept as they are); the packet
//! keeps the first fragment's link header, IP header (MF cleared, length and checksum
//! made anew) and time. Fragments of a datagram that never completes are left out.

use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::capture::Capture;
use crate::dissect::layers::ipv4;
use crate::dissect::Proto;
use crate::lang::builtins::*;
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    builtin("defragment", "defragment(plist)", "Scapy's defragment: the packets with IPv4 fragments joined into whole datagrams (at the place of each last fragment); fragments that never complete are left out.", "b = defragment(a)", b_defragment),
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
