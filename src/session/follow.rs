//! Following a stream: the TCP payload of both directions reassembled in sequence order
//! (retransmissions and overlaps dropped, the first copy winning as in Wireshark;
//! out-of-order segments held until the gap fills; a gap that never fills shown with its
//! size), or the datagrams of a UDP flow in order.

use std::collections::BTreeMap;

use super::conv::Endpoint;
use crate::capture::Capture;
use crate::dissect::{dissect_extended, Proto};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// Bytes, and whether they went from the initiator (`a`) to the responder.
    Data(bool, Vec<u8>),
    /// Bytes the capture does not have.
    Gap(bool, u64),
}

#[derive(Default)]
struct Side {
    /// Next expected sequence number, unwrapped to 64 bits.
    next: Option<u64>,
    /// The last raw sequence number seen, to unwrap the next one.
    last: Option<(u32, u64)>,
    /// Segments that arrived before the bytes ahead of them.
    pending: BTreeMap<u64, Vec<u8>>,
}

impl Side {
    fn unwrap(&mut self, seq: u32) -> u64 {
        let v = match self.last {
            None => (1u64 << 32) + seq as u64,
            Some((raw, wide)) => wide.wrapping_add_signed(seq.wrapping_sub(raw) as i32 as i64),
        };
        self.last = Some((seq, v));
        v
    }

    /// Takes in a segment; returns the bytes now in order.
    fn add(&mut self, seq: u64, data: &[u8], out: &mut Vec<Vec<u8>>) {
        let next = *self.next.get_or_insert(seq);
        let end = seq + data.len() as u64;
        if end <= next {
            return; // all seen before: a retransmission
        }
        if seq > next {
            // Out of order: keep the first copy of each byte range.
            self.pending.entry(seq).or_insert_with(|| data.to_vec());
            return;
        }
        out.push(data[(next - seq) as usize..].to_vec());
        self.next = Some(end);
        self.drain(out);
    }

    fn drain(&mut self, out: &mut Vec<Vec<u8>>) {
        while let Some((&s, _)) = self.pending.iter().next() {
            let next = self.next.unwrap_or(s);
            if s > next {
                break;
            }
            let d = self.pending.remove(&s).unwrap();
            let end = s + d.len() as u64;
            if end > next {
                out.push(d[(next - s) as usize..].to_vec());
                self.next = Some(end);
            }
        }
    }
}

/// Reassembles the TCP stream, or concatenates the UDP datagrams, of `packets`, which
/// hold one conversation whose initiator is `a`.
pub fn follow(cap: &Capture, packets: &[u32], a: &Endpoint, tcp: bool) -> Vec<Chunk> {
    let mut sides = [Side::default(), Side::default()];
    let mut out = Vec::new();
    for &i in packets {
        let i = i as usize;
        let p = dissect_extended(cap.linktype(i), cap.packet(i));
        let Some((src, _)) = super::conv::endpoints(&p) else {
            continue;
        };
        let from_a = src == *a;
        let proto = if tcp { Proto::Tcp } else { Proto::Udp };
        let Some(l) = p.layers().iter().rev().find(|l| l.proto == proto) else {
            continue;
        };
        let payload = l.payload(p.data);
        if !tcp {
            if !payload.is_empty() {
                out.push(Chunk::Data(from_a, payload.to_vec()));
            }
            continue;
        }
        let h = l.header(p.data);
        let flags = u16::from_be_bytes([h[12], h[13]]) & 0x01ff;
        let seq = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
        let side = &mut sides[if from_a { 0 } else { 1 }];
        let mut s = side.unwrap(seq);
        if flags & 0x02 != 0 {
            // The SYN takes one sequence number; data starts after it.
            s += 1;
            if side.next.is_none() {
                side.next = Some(s);
            }
        }
        if payload.is_empty() {
            continue;
        }
        let mut got = Vec::new();
        side.add(s, payload, &mut got);
        out.extend(got.into_iter().map(|d| Chunk::Data(from_a, d)));
    }
    // What never came in order: show each gap, then the bytes after it.
    for (n, side) in sides.iter_mut().enumerate() {
        let from_a = n == 0;
        while let Some((&s, _)) = side.pending.iter().next() {
            let next = side.next.unwrap_or(s);
            if s > next {
                out.push(Chunk::Gap(from_a, s - next));
                side.next = Some(s);
            }
            let mut got = Vec::new();
            side.drain(&mut got);
            out.extend(got.into_iter().map(|d| Chunk::Data(from_a, d)));
        }
    }
    out
}

/// The bytes of one direction, gaps left out.
pub fn payload(chunks: &[Chunk], from_a: bool) -> Vec<u8> {
    let mut v = Vec::new();
    for c in chunks {
        if let Chunk::Data(d, b) = c {
            if *d == from_a {
                v.extend_from_slice(b);
            }
        }
    }
    v
}
